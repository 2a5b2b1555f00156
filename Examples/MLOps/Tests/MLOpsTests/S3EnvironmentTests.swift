import DatasetSDK
import Foundation
import MLOps
import XCTest

/// The S3 environments (`s3`, `s3-csv`, `pickle`, `shm-s3`) against the real S3 server
/// scripts/test starts (its `DATASETS_S3_*` variables): the results equal shm's, byte for byte.
/// `shm-s3` runs with a store of its own and is checked from another store, standing for
/// another node: every frame that node reads comes from the tier.
final class S3EnvironmentTests: XCTestCase {
    func testS3EnvironmentsGiveTheSameResultsAsSharedMemory() async throws {
        let server = ProcessInfo.processInfo.environment
        guard let endpoint = server["DATASETS_S3_ENDPOINT"], let key = server["DATASETS_S3_ACCESS_KEY"], let secret = server["DATASETS_S3_SECRET_KEY"] else {
            return XCTFail("no S3 server: DATASETS_S3_ENDPOINT, DATASETS_S3_ACCESS_KEY or DATASETS_S3_SECRET_KEY is not set; run scripts/test, or `scripts/s3-server start && eval \"$(scripts/s3-server env)\"` first")
        }
        let folder = try ScratchFolder()
        let store = "/dev/shm/mlops-test-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: store) }
        let bucket = "mlops-\(UUID().uuidString.prefix(8).lowercased())"
        var variables = isolatedVariables(store: store)
        variables["AWS_ENDPOINT_URL"] = endpoint
        variables["AWS_ACCESS_KEY_ID"] = key
        variables["AWS_SECRET_ACCESS_KEY"] = secret
        variables["AWS_REGION"] = server["DATASETS_S3_REGION"] ?? "us-east-1"
        variables["MLOPS_BUCKET"] = bucket
        try await S3Buckets.ensure(bucket, variables: variables)
        var digests: [String: String] = [:]
        let otherNode = store + "-other-node"
        defer { try? FileManager.default.removeItem(atPath: otherNode) }
        for environment in ["shm", "s3", "s3-csv", "pickle", "shm-s3"] {
            var runVariables = variables
            if environment == "shm-s3" { runVariables["DATASETS_SHM_STORE"] = store + "-shm-s3" }
            defer { try? FileManager.default.removeItem(atPath: store + "-shm-s3") }
            let run = try runMLOps(["run", "--conf", confPath, "-e", environment, "--runner", "process", "--params", "multiplier=3"], directory: folder.path, environment: runVariables)
            XCTAssertEqual(run.status, 0, "\(environment): \(run.errors)")
            if environment == "shm-s3" { runVariables["DATASETS_SHM_STORE"] = otherNode }
            let checksum = try runMLOps(["checksum", "--conf", confPath, "-e", environment, "--params", "multiplier=3"], directory: folder.path, environment: runVariables)
            XCTAssertEqual(checksum.status, 0, "\(environment): \(checksum.errors)")
            digests[environment] = checksum.output
        }
        for environment in ["s3", "s3-csv", "pickle", "shm-s3"] {
            XCTAssertEqual(digests[environment], digests["shm"], "\(environment) differs from shm")
        }
        XCTAssertFalse((digests["shm"] ?? "").isEmpty)
    }

    /// The placements of `shm-s3` over simulated machines give shm's results (the benchmark
    /// refuses to report otherwise), and only machines that lack an input fetch it.
    func testBenchPlacementsOfShmS3GiveShmsResultsAndFetchOnlyAcrossMachines() throws {
        let folder = try ScratchFolder()
        let store = "/dev/shm/mlops-test-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: store) }
        let bench = try runMLOps(["bench", "--conf", confPath, "--multipliers", "2", "--environments", "shm,shm-s3@one,shm-s3@alternating,shm-s3@fresh",
                                  "--output", folder.path + "/bench"], directory: folder.path, environment: isolatedVariables(store: store))
        XCTAssertEqual(bench.status, 0, bench.errors)
        XCTAssertTrue(bench.errors.contains("results identical in shm, shm-s3@one, shm-s3@alternating, shm-s3@fresh"), bench.errors)
        let traffic = bench.output.split(separator: "\n").filter { $0.contains("shm-s3@") }.map { $0.split(separator: " ").map(String.init) }
            .filter { $0.count == 5 && Int($0[2]) != nil }
        let one = traffic.filter { $0[1] == "shm-s3@one" }
        XCTAssertEqual(one.count, 1, bench.output)
        XCTAssertEqual(one.first?[4], "0.0", "on one machine nothing is fetched")
        XCTAssertEqual(traffic.filter { $0[1] == "shm-s3@alternating" }.count, 2, bench.output)
        XCTAssertEqual(traffic.filter { $0[1] == "shm-s3@fresh" }.count, 5, bench.output)
        XCTAssertTrue(traffic.filter { $0[1] != "shm-s3@one" }.contains { (Double($0[4]) ?? 0) > 0 }, "other placements fetch: \(bench.output)")
    }
}
