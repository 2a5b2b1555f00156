import ArgumentParser
import DatasetSDK
import Foundation
import DatasetSDKSharedMemory

/// `datasets demo`: writes a frame and a tensor through the catalog's dataset types (files, CSV
/// and a shared-memory store), reads them back, checks them and prints what it did. The README's
/// first command runs it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Save and load a data frame and a tensor as .dso files, CSV and in a shared-memory store, and check the round trip.",
        discussion: "The shared-memory store is a fresh folder under /dev/shm, removed when the demo ends."
    )

    @Option(help: "Rows in the demo frame.")
    var rows = 100_000

    @Option(help: "Folder for the files.")
    var directory = "data/demo"

    func run() async throws {
        let registry = Registry.withSharedMemory
        let frame = try Self.makeFrame(rows: rows)
        let tensor = try Tensor<Double>(shape: [rows, 8]) { values in
            for index in values.indices { values[index] = Double(index) * 0.5 }
        }
        let store = Self.temporaryStorePath()
        defer { try? FileManager.default.removeItem(atPath: store) }
        print("DatasetSDK demo: \(rows) rows x \(frame.columnCount) columns, tensor \(tensor.shape)")
        for (name, type, label, options, object) in [
            ("frame", "ObjectDataset", "frame.dso", ["filepath": Value.string("\(directory)/frame.dso")], frame.encoded()),
            ("frame_csv", "CSVDataset", "frame.csv", ["filepath": .string("\(directory)/frame.csv")], frame.encoded()),
            ("tensor", "ObjectDataset", "tensor.dso", ["filepath": .string("\(directory)/tensor.dso")], tensor.encoded()),
            ("frame", "SharedMemoryDataset", "shm:frame", ["store": .string(store)], frame.encoded()),
        ] {
            let configuration = DatasetConfiguration(name: name, options: options, registry: registry)
            let dataset = try registry.makeDataset(type: type, configuration: configuration)
            let saveStart = ContinuousClock.now
            try await dataset.save(object)
            let saved = ContinuousClock.now - saveStart
            let loadStart = ContinuousClock.now
            let loaded = try await dataset.load()
            let load = ContinuousClock.now - loadStart
            let same: Bool
            if object.typeName == DataFrame.typeName {
                same = try Self.sameValues(DataFrame(decoding: loaded), frame)
            } else {
                same = try Tensor<Double>(decoding: loaded) == tensor
            }
            print("  \(type.padding(19)) \(label.padding(11)) save \(Self.ms(saved)) load \(Self.ms(load))  round trip \(same ? "identical" : "DIFFERENT")")
            guard same else { throw ValidationError("\(name) (\(type)) did not round-trip") }
        }
        print("Inspect a file with: swift run datasets inspect \(directory)/frame.dso")
        print("List a shared-memory store's objects with: swift run datasets store ls [--store PATH]")
    }

    /// A store folder for this run only: under /dev/shm (a tmpfs) when there is one.
    static func temporaryStorePath() -> String {
        var isFolder: ObjCBool = false
        let base = FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isFolder) && isFolder.boolValue
            ? "/dev/shm" : NSTemporaryDirectory()
        return "\(base.hasSuffix("/") ? String(base.dropLast()) : base)/datasetsdk-demo-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
    }

    static func makeFrame(rows: Int) throws -> DataFrame {
        let neighborhoods = ["CollgCr", "Veenker", "Crawfor", "NoRidge", "Mitchel", "Somerst"]
        let ids: [Int64] = (0..<rows).map { Int64($0 + 1) }
        let areas: [Int64] = (0..<rows).map { (row: Int) -> Int64 in Int64(5000 + (row * 7919) % 20000) }
        let frontage: [Double?] = (0..<rows).map { (row: Int) -> Double? in row % 6 == 0 ? nil : Double(40 + row % 80) }
        let places: [String] = (0..<rows).map { neighborhoods[$0 % neighborhoods.count] }
        let alleys: [String?] = (0..<rows).map { (row: Int) -> String? in row % 10 == 0 ? "Grvl" : nil }
        let prices: [Double] = (0..<rows).map { (row: Int) -> Double in Double(100_000 + (row * 104_729) % 300_000) }
        return try DataFrame(columns: [
            ("Id", Column(ids)), ("LotArea", Column(areas)), ("LotFrontage", Column(frontage)),
            ("Neighborhood", Column(places)), ("Alley", Column(alleys)), ("SalePrice", Column(prices)),
        ])
    }

    static func sameValues(_ a: DataFrame, _ b: DataFrame) -> Bool {
        guard a.columnNames == b.columnNames, a.rowCount == b.rowCount else { return false }
        for name in a.columnNames {
            let x = a[name]!, y = b[name]!
            guard x.kind == y.kind else { return false }
            for row in 0..<a.rowCount where x.value(at: row) != y.value(at: row) { return false }
        }
        return true
    }

    static func ms(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(Int(value.rounded())).padding(5, left: true) + " ms"
    }
}

extension String {
    func padding(_ width: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - count))
        return left ? fill + self : self + fill
    }
}
