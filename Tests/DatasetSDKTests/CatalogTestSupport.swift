import DatasetSDK
import Foundation
import Synchronization
import XCTest

/// A Kedro-style `conf/` folder in a fresh temporary directory, plus a `data/` folder next to it.
final class CatalogConfFolder {
    let directory: TemporaryDirectory
    /// `<temp>/conf`.
    let conf: String

    /// A conf folder with an empty `base/` (unless `base` is false).
    init(base: Bool = true) throws {
        directory = try TemporaryDirectory()
        conf = directory.file("conf")
        if base { try FileManager.default.createDirectory(atPath: "\(conf)/base", withIntermediateDirectories: true) }
    }

    /// Writes `text` to `conf/<relativePath>` (creating folders) and returns the file's path.
    @discardableResult
    func write(_ relativePath: String, _ text: String) throws -> String {
        let path = "\(conf)/\(relativePath)"
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Creates the (empty) environment folder `conf/<name>`.
    func makeEnvironment(_ name: String) throws {
        try FileManager.default.createDirectory(atPath: "\(conf)/\(name)", withIntermediateDirectories: true)
    }

    /// `<temp>/data/<name>`: where datasets of the test keep their files.
    func data(_ name: String) -> String { directory.file("data/\(name)") }

    /// The catalog of this conf folder; the process environment is never read.
    func catalog(
        environment: String? = nil,
        runtimeParameters: [String: Value] = [:],
        loadVersions: [String: String] = [:],
        registry: Registry = .catalogTests,
        variables: [String: String] = [:]
    ) throws -> DataCatalog {
        try DataCatalog(conf: conf, environment: environment, runtimeParameters: runtimeParameters,
                        loadVersions: loadVersions, registry: registry, variables: variables)
    }
}

extension Registry {
    /// The standard registry plus ``RecordingDataset``.
    static var catalogTests: Registry {
        var registry = Registry.standard
        registry.register(RecordingDataset.self, as: "RecordingDataset")
        return registry
    }
}

/// A dataset type that keeps the configuration the catalog created it with, so tests can see
/// the resolved options and credentials. Saves in memory.
final class RecordingDataset: ConfigurableDataset {
    let configuration: DatasetConfiguration
    private let stored = Mutex<EncodedObject?>(nil)

    init(configuration: DatasetConfiguration) throws {
        self.configuration = configuration
    }

    func load() async throws -> EncodedObject {
        guard let object = stored.withLock({ $0 }) else {
            throw DatasetError.notFound(dataset: configuration.name, location: "recording dataset")
        }
        return object
    }

    func save(_ object: EncodedObject) async throws { stored.withLock { $0 = object } }

    func exists() async throws -> Bool { stored.withLock { $0 != nil } }

    func release() async {}

    func describe() -> [String: Value] {
        ["type": "RecordingDataset", "options": .map(configuration.options),
         "credentials": configuration.credentials.map { .string($0.description) } ?? .null]
    }
}

/// The error `body` throws, or nil.
func errorThrown(by body: () throws -> Void) -> (any Error)? {
    do { try body(); return nil } catch { return error }
}

/// The error async `body` throws, or nil.
func errorThrown(byAsync body: () async throws -> Void) async -> (any Error)? {
    do { try await body(); return nil } catch { return error }
}

/// The ``CatalogError`` `body` throws; fails the test for no error or another kind.
func catalogError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> CatalogError? {
    let error = errorThrown(by: body)
    guard let catalogError = error as? CatalogError else {
        XCTFail("expected a CatalogError, got \(error.map { "\($0)" } ?? "no error")", file: file, line: line)
        return nil
    }
    return catalogError
}

/// The ``CatalogError`` async `body` throws; fails the test for no error or another kind.
func catalogError(async body: () async throws -> Void, file: StaticString = #filePath, line: UInt = #line) async -> CatalogError? {
    let error = await errorThrown(byAsync: body)
    guard let catalogError = error as? CatalogError else {
        XCTFail("expected a CatalogError, got \(error.map { "\($0)" } ?? "no error")", file: file, line: line)
        return nil
    }
    return catalogError
}

/// Asserts that `text` contains every one of `parts`.
func XCTAssertContains(_ text: String, _ parts: String..., file: StaticString = #filePath, line: UInt = #line) {
    for part in parts where !text.contains(part) {
        XCTFail("'\(text)' does not contain '\(part)'", file: file, line: line)
    }
}
