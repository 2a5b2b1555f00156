import DatasetSDK
import Foundation
import MLOps

/// A fresh folder under the system temp directory, removed when the test ends.
final class ScratchFolder {
    let path: String

    init() throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        path = "\(base)/mlops-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// The example's folder in this checkout.
let exampleDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

/// The example's conf folder.
let confPath = exampleDirectory.appendingPathComponent("conf").path

/// The real train.csv beside the repository, when present; tests then use it, else generated rows.
let sharedTrainCSV: String? = {
    let path = exampleDirectory.appendingPathComponent("../../../shared/data/house-prices/train.csv").standardizedFileURL.path
    return FileManager.default.fileExists(atPath: path) ? path : nil
}()

/// The `mlops` executable next to the test bundle.
var mlopsExecutable: URL {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().resolvingSymlinksInPath()
    if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("mlops").path) { directory = directory.deletingLastPathComponent() }
    return directory.appendingPathComponent("mlops")
}

/// Runs `mlops` with `arguments` in `directory` with extra variables; returns its output.
func runMLOps(_ arguments: [String], directory: String, environment: [String: String] = [:]) throws -> (output: String, errors: String, status: Int32) {
    let process = Process()
    process.executableURL = mlopsExecutable
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var variables = ProcessInfo.processInfo.environment
    variables["DATASETS_ENV"] = nil
    variables["DATA_AUGMENT_MULTIPLIER"] = nil
    process.environment = variables.merging(environment) { _, new in new }
    // Standard error goes to a file, so a chatty child never blocks on a full pipe.
    let errorPath = "\(directory)/.mlops-stderr-\(UUID().uuidString)"
    _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: errorPath) }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    return (String(decoding: data, as: UTF8.self), errors, process.terminationStatus)
}

/// Variables that point the example at a private shm store and the shared train.csv.
func isolatedVariables(store: String) -> [String: String] {
    var variables = ["DATASETS_SHM_STORE": store]
    if let sharedTrainCSV { variables["HOUSE_PRICES_CSV"] = sharedTrainCSV }
    return variables
}
