@testable import DatasetSDKCompressed
import DatasetSDK
import Foundation
import TestSupport
import XCTest

/// A fresh folder under the system temp directory, removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        path = "\(base)/datasetsdk-compressed-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A conf folder holding one `base/catalog.yml`, removed when the test ends.
final class ConfFolder {
    let directory: TemporaryDirectory
    var conf: String { directory.file("conf") }
    var catalogFile: String { "\(conf)/base/catalog.yml" }

    init(_ catalog: String) throws {
        directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: "\(conf)/base", withIntermediateDirectories: true)
        try catalog.write(toFile: catalogFile, atomically: true, encoding: .utf8)
    }

    /// The catalog with the standard types plus `PickleDataset`; the process environment is never read.
    func catalog() throws -> DataCatalog {
        var registry = Registry.standard
        registry.registerCompressed()
        return try DataCatalog(conf: conf, registry: registry, variables: [:])
    }
}

/// The build folder holding the test bundle and the package's executables.
var buildProductsDirectory: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().resolvingSymlinksInPath()
}

/// Runs `executable` (a path, or one of the package's products by name) to completion.
func runProcess(_ executable: String, _ arguments: [String]) throws -> ProcessOutput {
    var path = executable
    if !executable.contains("/") {
        var directory = buildProductsDirectory
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent(executable).path) {
            directory = directory.deletingLastPathComponent()
        }
        path = directory.appendingPathComponent(executable).path
    }
    return try runProcess(atPath: path, arguments)
}

/// The `zstd` command-line tool (Debian's `zstd` package), or nil when it is not installed.
var zstdTool: String? {
    ["/usr/bin/zstd", "/usr/local/bin/zstd", "/bin/zstd"].first { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Saves `object` with a `PickleDataset` at `path` (a file) and returns the dataset.
@discardableResult
func savePickle(_ object: EncodedObject, to path: String, settings: CompressionSettings = CompressionSettings()) async throws -> PickleDataset {
    let dataset = try PickleDataset(name: "test", location: StorageLocation(path), storage: FileStorage(), settings: settings)
    try await dataset.save(object)
    return dataset
}

/// The bytes of the file at `path`.
func fileBytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }

/// Replaces the file at `path` with `bytes`.
func writeFile(_ path: String, _ bytes: [UInt8]) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

/// The error `body` throws (nil when it does not throw).
func thrownError(_ body: () async throws -> Void) async -> (any Error)? {
    do { try await body() } catch { return error }
    return nil
}

/// The error inside a ``DatasetError/failed(dataset:operation:underlying:)``, or `error` itself.
func underlying(_ error: (any Error)?) -> (any Error)? {
    if case let .failed(_, _, inner)? = error as? DatasetError { return inner }
    return error
}

/// A `Tensor<Double>` of `mebibytes` MiB: a deterministic random walk with noise (compressible
/// a little, like measurements), or a repeating pattern when `compressible`.
func sampleTensor(mebibytes: Int, compressible: Bool = false) throws -> Tensor<Double> {
    try Tensor<Double>(shape: [mebibytes << 17]) { values in
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var level = 100.0
        for index in values.indices {
            if compressible {
                values[index] = Double(index % 512) * 0.5
            } else {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                level += Double(Int64(bitPattern: state >> 11) % 2001 - 1000) / 1000
                values[index] = (level * 100).rounded() / 100
            }
        }
    }
}
