import DatasetSDK
import DatasetSDKCLI
import Foundation
import XCTest

/// A pipeline executable's command line, run as real processes (Tests/Helpers/PipelineFixture).
final class PipelineCommandTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var conf: String { directory.file("conf") }

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        try writeConf(catalog: """
            "{name}":
              type: ObjectDataset
              filepath: \(directory.path)/data/{name}.dso
            """)
    }

    private func writeConf(catalog: String) throws {
        try FileManager.default.createDirectory(atPath: "\(conf)/base", withIntermediateDirectories: true)
        try catalog.write(toFile: "\(conf)/base/catalog.yml", atomically: true, encoding: .utf8)
        try "count: 10\n".write(toFile: "\(conf)/base/parameters.yml", atomically: true, encoding: .utf8)
    }

    private func fixture(_ arguments: [String], pidLog: String? = nil) throws -> (output: String, status: Int32, errorOutput: String) {
        try runProduct("PipelineFixture", arguments, environment: pidLog.map { ["PIPELINE_FIXTURE_PID_LOG": $0] } ?? [:])
    }

    private func loadTotal() async throws -> Record {
        try await DataCatalog(conf: conf, variables: [:]).load("total")
    }

    func testProcessRunnerRunsEachNodeInItsOwnProcessThroughFiles() async throws {
        let pidLog = directory.file("pids.txt")
        let result = try fixture(["run", "--conf", conf, "--runner", "process", "--params", "count=100"], pidLog: pidLog)
        XCTAssertEqual(result.status, 0, result.errorOutput)
        let lines = try String(contentsOfFile: pidLog, encoding: .utf8).split(separator: "\n").map { $0.split(separator: " ") }
        XCTAssertEqual(lines.map { String($0[0]) }, ["make_numbers", "square", "total"])
        let pids = Set(lines.map { String($0[1]) })
        XCTAssertEqual(pids.count, 3, "nodes shared a process: \(lines)")
        let total = try await loadTotal()
        XCTAssertEqual(total["sum"], .double(328_350))  // sum of k^2 for k < 100
        XCTAssertTrue(result.output.contains("make_numbers"), result.output)
        XCTAssertTrue(result.errorOutput.contains("process runner: 3 processes"), result.errorOutput)
    }

    func testProcessRunnerRefusesMemoryDatasetsBetweenProcesses() throws {
        try writeConf(catalog: """
            total:
              type: ObjectDataset
              filepath: \(directory.path)/data/total.dso
            """)
        let result = try fixture(["run", "--conf", conf, "--runner", "process"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.errorOutput.contains("numbers"), result.errorOutput)
        XCTAssertTrue(result.errorOutput.contains("squares"), result.errorOutput)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(directory.path)/data/total.dso"), "nothing may run")
    }

    func testSequentialRunWithMemoryIntermediatesWorksInOneProcess() async throws {
        try writeConf(catalog: """
            total:
              type: ObjectDataset
              filepath: \(directory.path)/data/total.dso
            """)
        let result = try fixture(["run", "--conf", conf, "--params", "count=4"])
        XCTAssertEqual(result.status, 0, result.errorOutput)
        let total = try await loadTotal()
        XCTAssertEqual(total["sum"], .double(14))
    }

    func testNodeSelectionRunsOnlyTheNamedNodes() throws {
        let pidLog = directory.file("pids.txt")
        XCTAssertEqual(try fixture(["run", "--conf", conf, "-n", "make_numbers"], pidLog: pidLog).status, 0)
        XCTAssertEqual(try fixture(["run", "--conf", conf, "--from-nodes", "square", "--runner", "parallel"], pidLog: pidLog).status, 0)
        XCTAssertEqual(try fixture(["run", "--conf", conf, "--tags", "compute"], pidLog: pidLog).status, 0)
        let names = try String(contentsOfFile: pidLog, encoding: .utf8).split(separator: "\n").map { String($0.split(separator: " ")[0]) }
        XCTAssertEqual(names, ["make_numbers", "square", "total", "square", "total"])
    }

    func testUnknownNodeAndMissingInputAreClearErrors() throws {
        let unknown = try fixture(["run", "--conf", conf, "-n", "sqare"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.errorOutput.contains("sqare"), unknown.errorOutput)
        XCTAssertTrue(unknown.errorOutput.contains("square"), unknown.errorOutput)

        let missing = try fixture(["run", "--conf", conf, "-n", "total"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.errorOutput.contains("squares"), missing.errorOutput)
    }

    func testPipelineAndCatalogCommandsDescribeTheProject() throws {
        let list = try fixture(["pipeline", "list"])
        XCTAssertEqual(list.status, 0, list.errorOutput)
        XCTAssertTrue(list.output.contains("__default__ (3 nodes)"), list.output)
        XCTAssertTrue(list.output.contains("prepare (1 node)"), list.output)

        let show = try fixture(["pipeline", "show"])
        XCTAssertEqual(show.status, 0, show.errorOutput)
        for name in ["make_numbers", "square", "total", "numbers", "squares"] { XCTAssertTrue(show.output.contains(name), show.output) }

        let patterns = try fixture(["catalog", "list-patterns", "--conf", conf])
        XCTAssertEqual(patterns.output.trimmingCharacters(in: .whitespacesAndNewlines), "{name}")

        let resolved = try fixture(["catalog", "resolve-patterns", "--conf", conf])
        XCTAssertEqual(resolved.status, 0, resolved.errorOutput)
        XCTAssertTrue(resolved.output.contains("\(directory.path)/data/squares.dso"), resolved.output)

        let described = try fixture(["catalog", "describe-datasets", "--conf", conf])
        XCTAssertEqual(described.status, 0, described.errorOutput)
        XCTAssertTrue(described.output.contains("ObjectDataset"), described.output)
    }

    func testDescribeDatasetsShowsEveryEntryAndTheErrorOfABrokenOne() throws {
        try writeConf(catalog: """
            numbers:
              type: ObjectDataset
              filpath: \(directory.path)/data/numbers.dso
            squares:
              type: ObjectDataset
              filepath: \(directory.path)/data/squares.dso
            """)
        let described = try fixture(["catalog", "describe-datasets", "--conf", conf])
        XCTAssertEqual(described.status, 1, described.errorOutput)
        XCTAssertTrue(described.output.contains("filpath") && described.output.contains("\"error\""), described.output)
        XCTAssertTrue(described.output.contains("\(directory.path)/data/squares.dso"), "the entry after the broken one: \(described.output)")
        XCTAssertTrue(described.output.contains("MemoryDataset"), "total has no entry: \(described.output)")
        XCTAssertTrue(described.errorOutput.contains("1 catalog entry is broken: numbers"), described.errorOutput)
    }

    func testCustomBackendExampleRunsWithItsOwnDatasetTypeAndScheme() async throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples/CustomBackend").path
        let buckets = directory.file("buckets")
        let result = try runProduct(
            "CustomBackendExample", ["run", "--conf", "\(example)/conf"],
            environment: ["EXAMPLE_DATA": "\(example)/data", "EXAMPLE_BUCKETS": buckets])
        XCTAssertEqual(result.status, 0, result.errorOutput)
        let adults = try String(contentsOfFile: "\(buckets)/reports/adults.jsonl", encoding: .utf8)
        XCTAssertEqual(adults.split(separator: "\n").count, 3, adults)  // Ada, Grace, Barbara
        XCTAssertTrue(adults.contains("\"name\":\"Barbara\""), adults)
        let summary = try Record(decoding: Container.read(
            try await FileStorage().read(StorageLocation("\(buckets)/reports/adults_summary.dso")), source: "summary"))
        XCTAssertEqual(summary["count"], 3)
        XCTAssertEqual(summary["cities"], ["Arlington", "Boston", "London"])
    }
}
