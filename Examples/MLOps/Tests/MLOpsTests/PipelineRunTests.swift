import DatasetSDK
import Foundation
import MLOps
import DatasetSDKSharedMemory
import XCTest

/// The `mlops` executable end to end: real processes per node, the real shared-memory store,
/// real files; results compared across environments by checksum.
final class PipelineRunTests: XCTestCase {
    /// The environments that need no server; the S3 ones join once the S3 backend is merged.
    static let localEnvironments = ["shm", "local", "pickle-local"]

    private var folder: ScratchFolder!
    private var store: String!

    override func setUpWithError() throws {
        folder = try ScratchFolder()
        store = "/dev/shm/mlops-test-\(UUID().uuidString)"
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: store)
        folder = nil
    }

    func testResultsAreIdenticalInEveryEnvironmentWithOneProcessPerNode() throws {
        let variables = isolatedVariables(store: store)
        var digests: [String: [String]] = [:]
        for environment in Self.localEnvironments {
            let run = try runMLOps(["run", "--conf", confPath, "-e", environment, "--runner", "process", "--params", "multiplier=3"], directory: folder.path, environment: variables)
            XCTAssertEqual(run.status, 0, "\(environment): \(run.errors)")
            for node in ["outliers_node", "create_target_node", "drop_cols_node", "fill_na_node", "total_sf_node", "all nodes"] {
                XCTAssertTrue(run.output.contains(node), "\(environment): the timing table lacks \(node): \(run.output)")
            }
            XCTAssertTrue(run.output.contains("wall s"), "one process per node reports wall times")
            let checksum = try runMLOps(["checksum", "--conf", confPath, "-e", environment, "--params", "multiplier=3"], directory: folder.path, environment: variables)
            XCTAssertEqual(checksum.status, 0, checksum.errors)
            digests[environment] = checksum.output.split(separator: "\n").map(String.init)
        }
        let reference = try XCTUnwrap(digests["shm"])
        XCTAssertEqual(reference.map { $0.split(separator: " ").first.map(String.init) }, ["house_prices_clean", "house_prices_no_na", "y_train"])
        for environment in Self.localEnvironments {
            XCTAssertEqual(digests[environment], reference, "\(environment) differs from shm")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(folder.path)/data/02_intermediate/house_prices_no_na.dso"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(folder.path)/data/02_intermediate/house_prices_no_na.dso.zst"))
    }

    func testShmIsTheDefaultEnvironmentAndTheResultsAreComplete() throws {
        let run = try runMLOps(["run", "--conf", confPath, "--runner", "process", "--params", "multiplier=4"], directory: folder.path, environment: isolatedVariables(store: store))
        XCTAssertEqual(run.status, 0, run.errors)
        let shm = try SharedMemoryStore.open(at: store)
        let raw = try DataFrame(decoding: shm.get("house_prices_no_outliers"))
        let noNA = try DataFrame(decoding: shm.get("house_prices_no_na"))
        let clean = try DataFrame(decoding: shm.get("house_prices_clean"))
        let target = try DataFrame(decoding: shm.get("y_train"))
        XCTAssertGreaterThan(raw.rowCount, 1460 * 4 * 85 / 100, "four times the base rows, minus the outliers")
        XCTAssertLessThan(raw.rowCount, 1460 * 4)
        XCTAssertEqual(raw.columnCount, 81)
        XCTAssertEqual(noNA.columnCount, 79)
        XCTAssertEqual(clean.columnCount, 80)
        XCTAssertEqual(clean.columnNames.last, "TotalSF")
        XCTAssertEqual(noNA.columns.filter { $0.column.nullCount > 0 }.map(\.name), [], "fill_na leaves no null")
        XCTAssertEqual(Array(try noNA.strings("PoolQC")).filter { $0 == "None" }.count, try raw.column("PoolQC").nullCount)
        let prices = try raw.values("SalePrice", as: Int64.self)
        XCTAssertEqual(try target.values("SalePrice", as: Double.self).scalars, prices.map { log1p(Double($0)) })
        // Structural sharing: total_sf_node saved the columns it did not change by reference.
        let drop = try DataFrame(decoding: shm.get("house_prices_drop"))
        XCTAssertTrue(try clean.column("Neighborhood").blobs[0].hasSameBytes(as: drop.column("Neighborhood").blobs[0]))
    }

    func testRunWithoutTrainCSVGeneratesTheBaseRows() throws {
        let run = try runMLOps(["run", "--conf", confPath, "-e", "local"], directory: folder.path, environment: ["DATASETS_SHM_STORE": store, "HOUSE_PRICES_CSV": "\(folder.path)/missing.csv"])
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertTrue(run.errors.contains("generated base rows"), run.errors)
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(folder.path)/data/02_intermediate/house_prices_clean.dso"))
    }

    func testAMultiplierBelowOneFailsWithAMessageNamingIt() throws {
        let run = try runMLOps(["run", "--conf", confPath, "--params", "multiplier=0"], directory: folder.path, environment: isolatedVariables(store: store))
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.errors.contains("multiplier") && run.errors.contains("at least 1"), run.errors)
    }

    func testBenchPrintsTheTableAndWritesCSVAndSVG() throws {
        let output = "\(folder.path)/bench"
        let bench = try runMLOps(["bench", "--conf", confPath, "--multipliers", "1,2", "--environments", "shm,local", "--output", output], directory: folder.path, environment: isolatedVariables(store: store))
        XCTAssertEqual(bench.status, 0, bench.errors)
        XCTAssertTrue(bench.output.contains("shm A / W") && bench.output.contains("local A / W"), bench.output)
        XCTAssertTrue(bench.errors.contains("results identical in shm, local"), bench.errors)
        let csv = try String(contentsOfFile: "\(output)/bench-results.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv.count, 1 + 2 * 2 * 5, "a header and one line per multiplier, environment and node")
        XCTAssertTrue(csv.dropFirst().allSatisfy { $0.split(separator: ",").count == 10 })
        let svg = try String(contentsOfFile: "\(output)/bench-results.svg", encoding: .utf8)
        XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 4, "A and W lines for two environments")
    }

    func testBenchRefusesAnUnknownEnvironment() throws {
        let bench = try runMLOps(["bench", "--conf", confPath, "--environments", "shm,nfs"], directory: folder.path)
        XCTAssertNotEqual(bench.status, 0)
        XCTAssertTrue(bench.errors.contains("unknown environment 'nfs'"), bench.errors)
    }
}
