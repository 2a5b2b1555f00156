import ArgumentParser

/// `datasets-bench`: benchmarks that print tables of measured numbers (not tests).
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets-bench",
        abstract: "Measure DatasetSDK's hot paths beside this machine's baselines. Build with -c release.",
        subcommands: [ContainerBenchmark.self, StoreBenchmark.self, StoreBenchmarkChild.self, PickleBenchmark.self, S3Benchmark.self]
    )
}
