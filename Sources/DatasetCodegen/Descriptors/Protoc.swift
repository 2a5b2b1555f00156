import Foundation

/// Runs protoc to parse `.proto` files into a descriptor set (with source info, so that
/// diagnostics can name lines and columns).
public struct Protoc: Sendable {
    /// The protoc executable.
    public var path: String

    public init(path: String) { self.path = path }

    /// Finds protoc the way swift-protobuf's plugin does: the explicit path (from the
    /// configuration), then `PROTOC_PATH`, then every folder of `PATH`.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(CodegenError) -> Protoc {
        var searched: [String] = []
        var candidates: [String] = []
        if let explicit, !explicit.isEmpty { candidates.append(explicit) }
        if let fromEnvironment = environment["PROTOC_PATH"], !fromEnvironment.isEmpty { candidates.append(fromEnvironment) }
        for folder in (environment["PATH"] ?? "").split(separator: ":") where !folder.isEmpty {
            candidates.append("\(folder)/protoc")
        }
        for candidate in candidates {
            searched.append(candidate)
            if FileManager.default.isExecutableFile(atPath: candidate) { return Protoc(path: candidate) }
        }
        throw .protocNotFound(searched: searched.isEmpty ? ["PATH (empty)"] : searched)
    }

    /// Parses `files` (paths relative to one of `importPaths`) and returns the serialised
    /// `FileDescriptorSet`, imports included.
    ///
    /// - Parameter displayPath: maps protoc's file names in its messages to the paths to show.
    func descriptorSet(for files: [String], importPaths: [String], displayPath: (String) -> String) throws(CodegenError) -> [UInt8] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dataset-codegen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let include = scratch.appendingPathComponent("include")
        let output = scratch.appendingPathComponent("descriptors.pb")
        do {
            for bundled in BundledProtos.files {
                let url = include.appendingPathComponent(bundled.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bundled.contents.utf8).write(to: url)
            }
        } catch {
            throw .io(path: include.path, reason: "cannot write the bundled datasetsdk protos: \(error)")
        }
        // The bundled protos come last, so a package that ships its own copies uses those.
        var arguments = ["--include_source_info", "--include_imports", "--descriptor_set_out=\(output.path)"]
        arguments += importPaths.map { "--proto_path=\($0)" } + ["--proto_path=\(include.path)"]
        arguments += files

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = errors
        do { try process.run() } catch {
            throw .protocNotFound(searched: [path])
        }
        let messages = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: messages, as: UTF8.self)
            throw .protocFailed(status: process.terminationStatus, output: Self.diagnostics(fromProtoc: text, displayPath: displayPath))
        }
        do { return Array(try Data(contentsOf: output)) } catch {
            throw .io(path: output.path, reason: "protoc wrote no descriptor set: \(error)")
        }
    }

    /// Rewrites protoc's `file:line:column: message` lines as `path:line:column: error: message`.
    static func diagnostics(fromProtoc text: String, displayPath: (String) -> String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true).map { line -> String in
            let parts = line.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            if parts.count == 4, Int(parts[1]) != nil, Int(parts[2]) != nil {
                var message = parts[3].drop { $0 == " " }
                var severity = "error"
                if message.hasPrefix("warning:") {
                    severity = "warning"
                    message = message.dropFirst("warning:".count).drop { $0 == " " }
                }
                return "\(displayPath(String(parts[0]))):\(parts[1]):\(parts[2]): \(severity): \(message)"
            }
            if let colon = line.firstIndex(of: ":"), line[..<colon].hasSuffix(".proto") {
                return "\(displayPath(String(line[..<colon]))): error:\(line[line.index(after: colon)...])"
            }
            return "error: \(line)"
        }.joined(separator: "\n")
    }
}
