import ArgumentParser
import DatasetSDK
import Foundation

/// `mlops bench`: the reference benchmark. For each multiplier and environment it runs the whole
/// pipeline with every node in its own process, checks that the results are identical across
/// environments, prints the published table's layout with our numbers and per-node details, and
/// writes CSV and an SVG chart.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run the house-prices benchmark: every node its own process, per multiplier and environment.")

    @Flag(help: "Also run multipliers 1000 and 2000.")
    var full = false

    @Option(help: "Multipliers, comma-separated (default 1,10,100,500).")
    var multipliers: String?

    @Option(help: "Environments, comma-separated (default shm,local,pickle-local; s3, s3-csv, pickle and shm-s3 start a local S3 server; shm-s3@one, @alternating, @fresh place the nodes on one, two or five simulated machines).")
    var environments = "shm,local,pickle-local"

    @Option(help: "The conf folder (default: the example's conf).")
    var conf: String?

    @Option(help: "The raw train.csv (default: $HOUSE_PRICES_CSV, else ../shared/data/house-prices/train.csv beside the repository, else generated rows).")
    var input: String?

    @Option(name: [.short, .long], help: "Folder for bench-results.csv and bench-results.svg.")
    var output = "mlops-bench"

    public init() {}

    public func run() async throws {
        let chosenMultipliers = try parsedMultipliers()
        let chosenEnvironments = environments.split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces)) }
        for label in chosenEnvironments {
            guard let (environment, placement) = BenchmarkPlacement.parse(label), HousePricesProject.environments.contains(environment) else {
                throw ValidationError("unknown environment '\(label)'; environments: \(HousePricesProject.environments.joined(separator: ", ")), and shm-s3@PLACEMENT with \(BenchmarkPlacement.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard placement == nil || environment == "shm-s3" else { throw ValidationError("'\(label)': only shm-s3 has placements") }
        }
        guard let confPath = conf.map({ URL(fileURLWithPath: $0).standardizedFileURL.path }) ?? HousePricesProject.exampleDirectory?.appendingPathComponent("conf").path else {
            throw ValidationError("cannot find the example's conf folder; pass --conf Examples/MLOps/conf")
        }
        let rawInput = input.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? ProcessEnvironment.variables["HOUSE_PRICES_CSV"] ?? HousePricesProject.sharedTrainCSV
        let log: @Sendable (String) -> Void = { RunLog.standardError($0) }
        log("bench: multipliers \(chosenMultipliers.map(String.init).joined(separator: ",")), environments \(chosenEnvironments.joined(separator: ",")), input \(rawInput ?? "generated base rows")")

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mlops-bench-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var s3Variables: [String: String] = [:]
        var server: BenchmarkS3Server?
        let baseEnvironment: @Sendable (String) -> String = { BenchmarkPlacement.parse($0)?.environment ?? $0 }
        if chosenEnvironments.map(baseEnvironment).contains(where: HousePricesProject.s3Environments.contains) {
            let repository = URL(fileURLWithPath: confPath).appendingPathComponent("../../..").standardizedFileURL
            let started = try BenchmarkS3Server.start(repository: repository, state: scratch.appendingPathComponent("s3-server").path)
            server = started.0
            s3Variables = started.1
            s3Variables["MLOPS_BUCKET"] = "mlops-bench-\(ProcessInfo.processInfo.processIdentifier)"
            try await S3Buckets.ensure(s3Variables["MLOPS_BUCKET"]!, variables: s3Variables)
        }
        defer { server?.stop() }

        let runner = BenchmarkRunner(conf: confPath, rawInput: rawInput, scratch: scratch, log: log)
        var results: [BenchmarkResult] = []
        for multiplier in chosenMultipliers {
            for environment in chosenEnvironments {
                log("bench: multiplier \(multiplier), environment \(environment)")
                let variables = HousePricesProject.s3Environments.contains(baseEnvironment(environment)) ? s3Variables : [:]
                let result = try await runner.run(multiplier: multiplier, environment: environment, extraVariables: variables)
                log("bench: multiplier \(multiplier) \(environment): A \(BenchmarkReport.seconds(result.accumulated)) s, W \(BenchmarkReport.seconds(result.wall)) s, \(result.rows) rows")
                results.append(result)
            }
            let runs = results.filter { $0.multiplier == multiplier }
            if let first = runs.first {
                let differing = runs.filter { $0.digests != first.digests }.map(\.environment)
                guard differing.isEmpty else {
                    throw MLOpsError.failed("multiplier \(multiplier): results differ between \(first.environment) and \(differing.joined(separator: ", ")): \(runs.map { "\($0.environment) \($0.digests)" }.joined(separator: "; "))")
                }
                log("bench: multiplier \(multiplier): results identical in \(runs.map(\.environment).joined(separator: ", ")) (\(HousePricesPipeline.results.map { "\($0) \(first.digests[$0] ?? "-")" }.joined(separator: ", ")))")
            }
        }
        print(BenchmarkReport.summary(results, environments: chosenEnvironments))
        print(BenchmarkReport.details(results))
        let traffic = BenchmarkReport.tierTraffic(results)
        if !traffic.isEmpty { print(traffic) }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try BenchmarkReport.csv(results).write(toFile: output + "/bench-results.csv", atomically: true, encoding: .utf8)
        try BenchmarkChart.svg(results, environments: chosenEnvironments).write(toFile: output + "/bench-results.svg", atomically: true, encoding: .utf8)
        print("wrote \(output)/bench-results.csv and \(output)/bench-results.svg")
    }

    private func parsedMultipliers() throws -> [Int] {
        guard let multipliers else { return [1, 10, 100, 500] + (full ? [1000, 2000] : []) }
        return try multipliers.split(separator: ",").map { text in
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 1 else {
                throw ValidationError("--multipliers: '\(text)' is not a whole number of at least 1")
            }
            return value
        }
    }
}
