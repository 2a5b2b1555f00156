// Interop subcommands of dataset-test-helper, for the Python and C tests (python/tests):
//
//   interop-write-samples DIR STORE      every sample of InteropSamples as DIR/NAME.dso (ObjectDataset),
//                                        DIR/NAME.dso.zst (PickleDataset) and object NAME of the store
//   interop-describe PATH                load a .dso or .dso.zst file with Swift and print its value as JSON
//   interop-describe-store STORE NAME    the same for a store object
//
// The JSON describes what Swift's typed decoders see (Tensor<T>, StringArray, DataFrame and Series
// with Column.value(at:), Record, Bytes), so a test can check that Python wrote what Swift reads.
import DatasetSDKCompressed
import DatasetSDK
import DatasetSDKSharedMemory

enum InteropCommands {
    static let usage = "interop-write-samples DIR STORE | interop-describe PATH | interop-describe-store STORE NAME"

    static func run(_ arguments: [String]) async throws {
        switch (arguments[0], arguments.count) {
        case ("interop-write-samples", 3):
            let store = try SharedMemoryStore.open(at: arguments[2])
            for (name, object) in try InteropSamples.all() {
                try await ObjectDataset(name: name, location: StorageLocation("\(arguments[1])/\(name).dso"), storage: FileStorage()).save(object)
                try await PickleDataset(name: name, location: StorageLocation("\(arguments[1])/\(name).dso.zst"), storage: FileStorage()).save(object)
                try store.put(object, as: name)
            }
            print("samples=\(try InteropSamples.all().count)")
        case ("interop-describe", 2):
            let path = arguments[1]
            let location = try StorageLocation(path)
            let object = path.hasSuffix(".zst")
                ? try await PickleDataset(name: "input", location: location, storage: FileStorage()).load()
                : try await ObjectDataset(name: "input", location: location, storage: FileStorage()).load()
            print(try describe(object).description)
        case ("interop-describe-store", 3):
            print(try describe(SharedMemoryStore.open(at: arguments[1]).get(arguments[2])).description)
        default:
            throw HelperError("usage: dataset-test-helper \(usage)")
        }
    }

    /// The object's value as Swift's typed decoders see it.
    static func describe(_ object: EncodedObject) throws -> Value {
        var result: [String: Value] = ["type": .string(object.typeName)]
        switch object.typeName {
        case Tensor<Double>.typeName:
            let dtype = try object.stringField("dtype")
            result["dtype"] = .string(dtype)
            result["shape"] = object.fields["shape"] ?? .null
            result["values"] = .list(try tensorValues(object, dtype: dtype))
        case StringArray.typeName:
            result["values"] = .list(try StringArray(decoding: object).map { .string($0) })
        case DataFrame.typeName:
            let frame = try DataFrame(decoding: object)
            result["row_count"] = .int(Int64(frame.rowCount))
            result["columns"] = .list(frame.columns.map { name, column in describe(column, named: name) })
        case Series.typeName:
            let series = try Series(decoding: object)
            result["name"] = series.name ?? .null
            guard case let .map(values) = describe(series.values, named: "values") else { fatalError("describe gives a map") }
            result.merge(values.filter { $0.key != "name" }) { _, new in new }
            if let index = series.index {
                result["index"] = .list(index.columns.map { name, column in describe(column, named: name) })
            }
        case Record.typeName:
            result["fields"] = .map(try Record(decoding: object).values)
        case Bytes.typeName:
            let bytes = try Bytes(decoding: object)
            result["values"] = .bytes(bytes.blob.withUnsafeBytes { Array($0) })
        default:
            result["fields"] = .map(object.fields)
        }
        return .map(result)
    }

    /// A column's name, kind (Arrow's name), null count and values (``Column/value(at:)``).
    static func describe(_ column: Column, named name: String) -> Value {
        .map(["name": .string(name), "kind": .string(column.kind.description), "null_count": .int(Int64(column.nullCount)),
              "values": .list((0..<column.count).map { column.value(at: $0) })])
    }

    private static func tensorValues(_ object: EncodedObject, dtype: String) throws -> [Value] {
        func values<T: TensorElement>(_: T.Type, _ wrap: (T) -> Value) throws -> [Value] { try Tensor<T>(decoding: object).map(wrap) }
        switch DType(rawValue: dtype) {
        case .bool: return try values(Bool.self) { .bool($0) }
        case .int8: return try values(Int8.self) { .int(Int64($0)) }
        case .int16: return try values(Int16.self) { .int(Int64($0)) }
        case .int32: return try values(Int32.self) { .int(Int64($0)) }
        case .int64: return try values(Int64.self) { .int($0) }
        case .uint8: return try values(UInt8.self) { .uint(UInt64($0)) }
        case .uint16: return try values(UInt16.self) { .uint(UInt64($0)) }
        case .uint32: return try values(UInt32.self) { .uint(UInt64($0)) }
        case .uint64: return try values(UInt64.self) { .uint($0) }
        case .float32: return try values(Float.self) { .double(Double($0)) }
        case .float64: return try values(Double.self) { .double($0) }
        case nil: throw HelperError("unknown dtype \(dtype)")
        }
    }
}
