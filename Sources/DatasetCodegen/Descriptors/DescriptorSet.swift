import SwiftProtobuf

/// protoc's parse of the `.proto` files: every file (imports included) with our options decoded,
/// and an index of messages and enums by full name.
struct DescriptorSet {
    /// A message and where it is declared.
    struct MessageEntry {
        var descriptor: Google_Protobuf_DescriptorProto
        var file: String
        /// The source-info path of the message (`[4, i]`, `[4, i, 3, j]`, ...).
        var path: [Int32]
        /// Full names of the enclosing messages, outermost first.
        var parents: [String]
    }

    /// An enum and where it is declared.
    struct EnumEntry {
        var descriptor: Google_Protobuf_EnumDescriptorProto
        var file: String
        var path: [Int32]
        var parents: [String]
    }

    let files: [Google_Protobuf_FileDescriptorProto]
    private(set) var messages: [String: MessageEntry] = [:]
    private(set) var enums: [String: EnumEntry] = [:]

    init(serialized: [UInt8]) throws(CodegenError) {
        let set: Google_Protobuf_FileDescriptorSet
        do { set = try Google_Protobuf_FileDescriptorSet(serializedBytes: serialized, extensions: DatasetOptions.all) } catch {
            throw .invalidDescriptorSet("\(error)")
        }
        files = set.file
        for file in files {
            let prefix = file.package.isEmpty ? "" : ".\(file.package)"
            for (index, message) in file.messageType.enumerated() {
                addMessage(message, fullName: "\(prefix).\(message.name)", file: file.name, path: [4, Int32(index)], parents: [])
            }
            for (index, enumType) in file.enumType.enumerated() {
                enums["\(prefix).\(enumType.name)"] = EnumEntry(descriptor: enumType, file: file.name, path: [5, Int32(index)], parents: [])
            }
        }
    }

    private mutating func addMessage(_ message: Google_Protobuf_DescriptorProto, fullName: String, file: String, path: [Int32], parents: [String]) {
        messages[fullName] = MessageEntry(descriptor: message, file: file, path: path, parents: parents)
        for (index, nested) in message.nestedType.enumerated() {
            addMessage(nested, fullName: "\(fullName).\(nested.name)", file: file, path: path + [3, Int32(index)], parents: parents + [fullName])
        }
        for (index, nested) in message.enumType.enumerated() {
            enums["\(fullName).\(nested.name)"] = EnumEntry(descriptor: nested, file: file, path: path + [4, Int32(index)], parents: parents + [fullName])
        }
    }

    func file(named name: String) -> Google_Protobuf_FileDescriptorProto? { files.first { $0.name == name } }
}

/// Line, column and comments of declarations in one file, from protoc's source info.
struct SourceLocations {
    private var spans: [[Int32]: (line: Int, column: Int, comments: String)] = [:]

    init(_ file: Google_Protobuf_FileDescriptorProto) {
        for location in file.sourceCodeInfo.location where location.span.count >= 3 {
            // The first location recorded for a path is the whole declaration.
            if spans[location.path] == nil {
                spans[location.path] = (Int(location.span[0]) + 1, Int(location.span[1]) + 1, location.leadingComments)
            }
        }
    }

    /// The position of `path`, or of its closest recorded ancestor.
    func position(of path: [Int32]) -> (line: Int, column: Int) {
        var path = path
        while !path.isEmpty {
            if let span = spans[path] { return (span.line, span.column) }
            path.removeLast()
        }
        return (0, 0)
    }

    /// The leading comment of `path`, as lines without the comment markers' trailing spaces.
    func comments(of path: [Int32]) -> [String] {
        guard let text = spans[path]?.comments, !text.isEmpty else { return [] }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.hasPrefix(" ") ? line.dropFirst() : line[...]
            return String(trimmed.reversed().drop { $0 == " " }.reversed())
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        return lines
    }
}
