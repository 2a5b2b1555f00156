import Foundation

/// The contents of `dataset-codegen.json`, the generator's configuration file in a target:
///
/// ```json
/// { "visibility": "public", "importPaths": ["../../proto"], "protocPath": "/usr/bin/protoc" }
/// ```
///
/// Every key is optional. Relative import paths are resolved against the file's folder.
public struct Configuration: Sendable, Equatable, Decodable {
    /// Access level of the generated declarations: `public` (default), `package` or `internal`.
    public var visibility: GeneratorOptions.Visibility?
    /// Extra folders for protoc's imports.
    public var importPaths: [String]?
    /// The protoc executable; overrides `PROTOC_PATH` and `PATH`.
    public var protocPath: String?

    /// The file name the build plugin and the tool look for.
    public static let fileName = "dataset-codegen.json"

    private enum CodingKeys: String, CodingKey, CaseIterable { case visibility, importPaths, protocPath }

    /// Reads and checks a configuration file; unknown keys are errors (a typo would otherwise be
    /// silently ignored).
    public static func load(from path: String) throws(CodegenError) -> Configuration {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .io(path: path, reason: "cannot read the configuration: \(error.localizedDescription)")
        }
        do {
            if let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
                let known = Set(CodingKeys.allCases.map(\.rawValue))
                if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                    throw CodegenError.invalidConfiguration(path: path, reason: "unknown key '\(unknown)'; the keys are \(known.sorted().joined(separator: ", "))")
                }
            }
            var configuration = try JSONDecoder().decode(Configuration.self, from: data)
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            configuration.importPaths = configuration.importPaths?.map { URL(fileURLWithPath: $0, relativeTo: folder).standardizedFileURL.path }
            return configuration
        } catch let error as CodegenError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            throw .invalidConfiguration(path: path, reason: "not valid JSON: \(context.underlyingError.map { "\($0)" } ?? context.debugDescription)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw .invalidConfiguration(path: path, reason: "'\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)")
        } catch {
            throw .invalidConfiguration(path: path, reason: "\(error)")
        }
    }
}
