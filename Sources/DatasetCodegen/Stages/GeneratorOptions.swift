/// What the generator produces and where protoc looks for imports.
public struct GeneratorOptions: Sendable, Equatable {
    /// Access level of the generated declarations.
    public enum Visibility: String, Sendable, CaseIterable, Codable {
        case `public`, `package`, `internal`
    }

    /// Access level of the generated types and members. Default `public`.
    public var visibility: Visibility
    /// The Swift module the generated code belongs to (`DatasetSDK` needs no import of itself).
    public var moduleName: String?
    /// Folders protoc resolves imports against; every input file must lie under one of them.
    public var importPaths: [String]
    /// protoc to run; `nil` looks up `PROTOC_PATH`, then `PATH`.
    public var protocPath: String?

    public init(visibility: Visibility = .public, moduleName: String? = nil, importPaths: [String] = [], protocPath: String? = nil) {
        self.visibility = visibility
        self.moduleName = moduleName
        self.importPaths = importPaths
        self.protocPath = protocPath
    }
}

/// One generated Swift file.
public struct GeneratedFile: Sendable, Equatable {
    /// The `.proto` file it comes from, relative to its import path.
    public var protoPath: String
    /// The output file name: the proto path with `/` as `_` and `.proto` as `.dataset.swift`.
    public var fileName: String
    /// The Swift source.
    public var contents: String

    /// The output file name for a `.proto` path relative to its import path.
    public static func fileName(forProto protoPath: String) -> String {
        let stem = protoPath.hasSuffix(".proto") ? String(protoPath.dropLast(".proto".count)) : protoPath
        return stem.replacingOccurrences(of: "/", with: "_") + ".dataset.swift"
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: Character, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
