// A three-node pipeline project for the tests of the pipeline command line and the
// per-process runner: make_numbers -> square -> total. Every node appends "NODE PID" to the file
// named by PIPELINE_FIXTURE_PID_LOG, so tests can see which process ran it.
import DatasetSDK
import DatasetSDKCLI
import DatasetSDKSharedMemory

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct PipelineFixture: PipelineProject {
    static func pipelines() -> [String: Pipeline] {
        let make = Node(name: "make_numbers", inputs: ["params:count"], outputs: ["numbers"], tags: ["prepare"]) { inputs in
            let count = try inputs.parameter("params:count").intValue ?? 10
            return try NodeOutputs(["numbers": Tensor<Double>((0..<count).map(Double.init))])
        }
        let square = Node.map("square", input: "numbers", output: "squares", tags: ["compute"]) { (numbers: Tensor<Double>) in
            Tensor<Double>(numbers.map { $0 * $0 })
        }
        let total = Node.map("total", input: "squares", output: "total", tags: ["compute"]) { (squares: Tensor<Double>) -> Record in
            ["sum": .double(squares.reduce(0, +)), "count": .int(Int64(squares.count))]
        }
        return ["__default__": Pipeline([make, square, total]), "prepare": Pipeline([make])]
    }

    static func hooks() -> [any PipelineHooks] { [PidRecorder()] }

    /// SharedMemoryDataset too: the Kedro interop test (python/tests) runs this project on the store.
    static func registry() -> Registry { .withSharedMemory }
}

/// Appends `NODE PID` lines to `$PIPELINE_FIXTURE_PID_LOG` before each node runs.
struct PidRecorder: PipelineHooks {
    func beforeNodeRun(_ node: Node) async {
        guard let path = getenv("PIPELINE_FIXTURE_PID_LOG").map({ String(cString: $0) }) else { return }
        guard let file = fopen(path, "a") else { return }
        fputs("\(node.name) \(getpid())\n", file)
        fclose(file)
    }
}
