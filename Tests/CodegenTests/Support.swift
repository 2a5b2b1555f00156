import Foundation
import XCTest

@testable import DatasetCodegen
@testable import DatasetSDK

/// Paths and helpers shared by the codegen tests.
enum Fixtures {
    /// The repository root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let golden = root.appendingPathComponent("Tests/CodegenTests/Golden")

    static var protoc: String {
        get throws { try Protoc.locate(explicit: nil).path }
    }

    /// A fresh temporary folder, removed at the end of `test`.
    static func temporaryFolder(for test: XCTestCase) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("codegen-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder
    }

    /// Writes `contents` as `name` in `folder` and returns its path.
    @discardableResult
    static func write(_ contents: String, as name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
        return url.path
    }

    /// Writes an encoded object into a real `.dso` container and reads it back (mapped).
    static func throughContainer(_ object: EncodedObject, in folder: URL) async throws -> EncodedObject {
        let path = folder.appendingPathComponent("object-\(UUID().uuidString).dso").path
        let dataset = try ObjectDataset(configuration: DatasetConfiguration(name: "fixture", options: ["filepath": .string(path)]))
        try await dataset.save(object)
        return try await dataset.load()
    }
}

extension Fixtures {
    /// Runs a product of this package (built next to the test bundle) and returns its output.
    static func run(_ product: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String, errors: String) {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().resolvingSymlinksInPath()
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent(product).path) {
            directory = directory.deletingLastPathComponent()
        }
        let process = Process()
        process.executableURL = directory.appendingPathComponent(product)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
    }
}
