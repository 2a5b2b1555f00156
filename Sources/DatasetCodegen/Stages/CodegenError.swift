/// Why `dataset-codegen` could not generate code.
public enum CodegenError: Error, Sendable, CustomStringConvertible {
    /// The `.proto` files have problems; each diagnostic names its place.
    case diagnostics([Diagnostic])
    /// protoc was not found where it was looked for.
    case protocNotFound(searched: [String])
    /// protoc ran and failed; `output` holds its messages (already as diagnostics lines).
    case protocFailed(status: Int32, output: String)
    /// protoc's descriptor set could not be decoded.
    case invalidDescriptorSet(String)
    /// A configuration file is malformed.
    case invalidConfiguration(path: String, reason: String)
    /// A file could not be read or written.
    case io(path: String, reason: String)
    /// An input file does not lie under any import path.
    case notUnderImportPath(file: String, importPaths: [String])

    public var description: String {
        switch self {
        case let .diagnostics(diagnostics):
            diagnostics.map(\.description).joined(separator: "\n")
        case let .protocNotFound(searched):
            "error: protoc not found (looked in: \(searched.joined(separator: ", "))); install it with: apt-get install protobuf-compiler libprotobuf-dev (or set PROTOC_PATH, or \"protocPath\" in dataset-codegen.json)"
        case let .protocFailed(status, output):
            output.isEmpty ? "error: protoc failed with exit status \(status)" : output
        case let .invalidDescriptorSet(reason):
            "error: cannot read protoc's descriptor set: \(reason)"
        case let .invalidConfiguration(path, reason):
            "\(path): error: \(reason)"
        case let .io(path, reason):
            "\(path): error: \(reason)"
        case let .notUnderImportPath(file, importPaths):
            "\(file): error: the file is not under any import path (\(importPaths.joined(separator: ", "))); add its folder with --proto-path"
        }
    }
}
