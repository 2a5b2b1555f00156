import DatasetSDK
import Foundation

/// A fresh folder under the system temp directory, removed when the test ends.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        path = "\(base)/datasetsdk-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Saves `object` as a container file at `path` and returns the file's bytes.
@discardableResult
func writeContainer(_ object: EncodedObject, to path: String) async throws -> [UInt8] {
    let writer = try await FileStorage().makeWriter(for: StorageLocation(path))
    try await Container.write(object, to: writer)
    try await writer.commit()
    return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// Reads the container at `path`.
func readContainer(_ path: String, verifying: Bool = true) async throws -> EncodedObject {
    try Container.read(try await FileStorage().read(StorageLocation(path)), source: path, verifyingChecksums: verifying)
}

/// The build folder holding the test bundle and the package's executables.
var buildProductsDirectory: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().resolvingSymlinksInPath()
}

/// Runs one of the package's executables and returns its standard output; fails on non-zero exit.
func runProduct(
    _ name: String, _ arguments: [String], directory workingDirectory: String? = nil, environment: [String: String] = [:]
) throws -> (output: String, status: Int32, errorOutput: String) {
    var directory = buildProductsDirectory
    if !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) {
        directory = directory.deletingLastPathComponent()
    }
    let process = Process()
    process.executableURL = directory.appendingPathComponent(name)
    process.arguments = arguments
    if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (String(decoding: data, as: UTF8.self), process.terminationStatus, String(decoding: errorData, as: UTF8.self))
}

/// Parses `key=value key=value` lines printed by dataset-test-helper.
func keyValues(_ line: String) -> [String: String] {
    var result: [String: String] = [:]
    for pair in line.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
        let parts = pair.split(separator: "=", maxSplits: 1)
        if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
    }
    return result
}
