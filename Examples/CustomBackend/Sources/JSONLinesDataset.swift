import DatasetSDK
import Foundation

/// A custom dataset type built only on DatasetSDK's public API: a data frame stored as JSON
/// lines (one JSON object per row), on any storage scheme the registry knows.
///
/// ```yaml
/// people:
///   type: JSONLinesDataset
///   filepath: data/people.jsonl
/// ```
struct JSONLinesDataset: ConfigurableDataset {
    let name: String
    let location: StorageLocation
    let storage: any Storage

    init(configuration: DatasetConfiguration) throws {
        try configuration.requireKnownOptions(["filepath", "credentials", "fs_args", "metadata"])
        name = configuration.name
        location = try configuration.location()
        storage = try configuration.storage(for: location)
    }

    func load() async throws -> EncodedObject {
        let file = try await storage.read(location, forDataset: name)
        let decoder = JSONDecoder()
        let rows: [[String: JSONScalar]] = try file.withUnsafeBytes { bytes in
            try bytes.split(separator: UInt8(ascii: "\n")).enumerated().map { index, line in
                do { return try decoder.decode([String: JSONScalar].self, from: Data(line)) } catch {
                    throw DatasetError.failed(dataset: name, operation: "load", underlying: JSONLinesError.notAnObject(location: location.description, line: index + 1))
                }
            }
        }
        return try Self.frame(from: rows).encoded()
    }

    func save(_ object: EncodedObject) async throws {
        let frame = try DataFrame(decoding: object)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var bytes: [UInt8] = []
        for row in 0..<frame.rowCount {
            var fields: [String: JSONScalar] = [:]
            for (name, column) in frame.columns { fields[name] = JSONScalar(column.value(at: row)) }
            bytes += try encoder.encode(fields)
            bytes.append(UInt8(ascii: "\n"))
        }
        try await storage.write(location, forDataset: name) { writer in try await writer.write(Blob(copying: bytes)) }
    }

    func exists() async throws -> Bool { try await storage.exists(location) }

    func release() async {}

    func describe() -> [String: Value] { ["type": "JSONLinesDataset", "filepath": .string(location.description)] }

    /// Columns in sorted key order: Int64 when every present value is an integer, Double when
    /// every one is a number, String otherwise; missing keys and JSON null are nulls.
    static func frame(from rows: [[String: JSONScalar]]) throws -> DataFrame {
        let names = Set(rows.flatMap(\.keys)).sorted()
        var columns: [(String, Column)] = []
        for name in names {
            let values = rows.map { $0[name] ?? .null }
            if values.allSatisfy({ if case .int = $0 { true } else { $0 == .null } }) {
                columns.append((name, Column(values.map { if case let .int(v) = $0 { v } else { nil } } as [Int64?])))
            } else if values.allSatisfy({ $0.number != nil || $0 == .null }) {
                columns.append((name, Column(values.map(\.number))))
            } else {
                columns.append((name, Column(values.map(\.text))))
            }
        }
        return try DataFrame(columns: columns)
    }
}

/// One JSON value of a row.
enum JSONScalar: Codable, Equatable {
    case int(Int64), double(Double), string(String), bool(Bool), null

    init(_ value: Value) {
        switch value {
        case let .int(v): self = .int(v)
        case let .uint(v): self = Int64(exactly: v).map(JSONScalar.int) ?? .double(Double(v))
        case let .double(v): self = .double(v)
        case let .bool(v): self = .bool(v)
        case let .string(v): self = .string(v)
        default: self = .null
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int64.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else { self = .string(try container.decode(String.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .int(v): try container.encode(v)
        case let .double(v): try container.encode(v)
        case let .string(v): try container.encode(v)
        case let .bool(v): try container.encode(v)
        case .null: try container.encodeNil()
        }
    }

    var number: Double? {
        switch self {
        case let .int(v): Double(v)
        case let .double(v): v
        default: nil
        }
    }

    var text: String? {
        switch self {
        case .null: nil
        case let .string(v): v
        case let .int(v): String(v)
        case let .double(v): String(v)
        case let .bool(v): String(v)
        }
    }
}

/// A line of a JSON-lines file is not a JSON object.
enum JSONLinesError: Error, CustomStringConvertible {
    case notAnObject(location: String, line: Int)

    var description: String {
        switch self {
        case let .notAnObject(location, line): "\(location):\(line): error: the line is not a JSON object"
        }
    }
}
