import DatasetSDK
import MLOps
import XCTest
import Yams

/// `mlops export argo`: the workflow parses as YAML and its DAG is the pipeline's.
final class ArgoExportTests: XCTestCase {
    private func tasks(_ yaml: String) throws -> (workflow: [String: Any], tasks: [String: [String]]) {
        let workflow = try XCTUnwrap(try Yams.load(yaml: yaml) as? [String: Any])
        let spec = try XCTUnwrap(workflow["spec"] as? [String: Any])
        let templates = try XCTUnwrap(spec["templates"] as? [[String: Any]])
        let dag = try XCTUnwrap(templates.first { $0["name"] as? String == spec["entrypoint"] as? String }?["dag"] as? [String: Any])
        var result: [String: [String]] = [:]
        for task in try XCTUnwrap(dag["tasks"] as? [[String: Any]]) {
            let arguments = try XCTUnwrap((task["arguments"] as? [String: Any])?["parameters"] as? [[String: Any]])
            let node = try XCTUnwrap(arguments.first { $0["name"] as? String == "node" }?["value"] as? String)
            XCTAssertEqual(task["name"] as? String, ArgoWorkflow.taskName(node))
            result[node] = (task["dependencies"] as? [String] ?? []).sorted()
        }
        return (workflow, result)
    }

    func testTheWorkflowDAGEqualsThePipeline() throws {
        let pipeline = HousePricesPipeline.make()
        let (workflow, tasks) = try tasks(ArgoWorkflow(pipeline: pipeline, environment: "local", parameters: ["multiplier": "500"]).yaml())
        XCTAssertEqual(workflow["kind"] as? String, "Workflow")
        XCTAssertEqual(Set(tasks.keys), Set(pipeline.nodeNames))
        for node in pipeline.nodes {
            let upstream = Set(node.datasetInputs.flatMap { pipeline.producers(of: $0) }).map(ArgoWorkflow.taskName).sorted()
            XCTAssertEqual(tasks[node.name], upstream, node.name)
        }
        XCTAssertEqual(tasks["fill_na_node"], ["drop-cols-node"])
        XCTAssertEqual(tasks["outliers_node"], [])
    }

    func testPodsRunOneNodeWithTheEnvironmentAndParameters() throws {
        let yaml = try ArgoWorkflow(pipeline: HousePricesPipeline.make(), environment: "pickle", parameters: ["multiplier": "500"]).yaml()
        let (workflow, _) = try tasks(yaml)
        let templates = try XCTUnwrap((workflow["spec"] as? [String: Any])?["templates"] as? [[String: Any]])
        let container = try XCTUnwrap(templates.first { $0["name"] as? String == "run-node" }?["container"] as? [String: Any])
        XCTAssertEqual(container["args"] as? [String], ["run", "--env", "pickle", "--nodes", "{{inputs.parameters.node}}",
                                                        "--params", "multiplier={{workflow.parameters.multiplier}}"])
        XCTAssertNil(container["volumeMounts"], "only the store environments mount a volume")
        let parameters = try XCTUnwrap(((workflow["spec"] as? [String: Any])?["arguments"] as? [String: Any])?["parameters"] as? [[String: Any]])
        XCTAssertEqual(parameters.first { $0["name"] as? String == "multiplier" }.map { "\($0["value"] ?? "")" }, "500", "the multiplier is a workflow parameter")
    }

    func testShmPodsShareAMemoryVolumeOnOneNode() throws {
        let (workflow, _) = try tasks(ArgoWorkflow(pipeline: HousePricesPipeline.make(), environment: "shm").yaml())
        let spec = try XCTUnwrap(workflow["spec"] as? [String: Any])
        let volume = try XCTUnwrap((spec["volumes"] as? [[String: Any]])?.first)
        XCTAssertEqual((volume["hostPath"] as? [String: Any])?["path"] as? String, "/dev/shm/datasetsdk")
        let runNode = try XCTUnwrap((spec["templates"] as? [[String: Any]])?.first { $0["name"] as? String == "run-node" })
        XCTAssertNotNil((runNode["nodeSelector"] as? [String: Any])?["kubernetes.io/hostname"])
        let container = try XCTUnwrap(runNode["container"] as? [String: Any])
        XCTAssertEqual((container["volumeMounts"] as? [[String: Any]])?.first?["mountPath"] as? String, "/dev/shm/datasetsdk")
    }

    func testShmS3PodsMountTheirNodesStoreWithoutPinningAndReadKeysFromASecret() throws {
        let (workflow, _) = try tasks(ArgoWorkflow(pipeline: HousePricesPipeline.make(), environment: "shm-s3").yaml())
        let spec = try XCTUnwrap(workflow["spec"] as? [String: Any])
        let volume = try XCTUnwrap((spec["volumes"] as? [[String: Any]])?.first)
        XCTAssertEqual((volume["hostPath"] as? [String: Any])?["path"] as? String, "/dev/shm/datasetsdk")
        let runNode = try XCTUnwrap((spec["templates"] as? [[String: Any]])?.first { $0["name"] as? String == "run-node" })
        XCTAssertNil(runNode["nodeSelector"], "shm-s3 pods may land on any node")
        let container = try XCTUnwrap(runNode["container"] as? [String: Any])
        XCTAssertEqual((container["volumeMounts"] as? [[String: Any]])?.first?["mountPath"] as? String, "/dev/shm/datasetsdk")
        let variables = try XCTUnwrap(container["env"] as? [[String: Any]])
        func secretKey(_ name: String) -> String? {
            let reference = ((variables.first { $0["name"] as? String == name }?["valueFrom"] as? [String: Any])?["secretKeyRef"] as? [String: Any])
            return (reference?["name"] as? String).map { "\($0)/\(reference?["key"] as? String ?? "")" }
        }
        XCTAssertEqual(secretKey("AWS_ACCESS_KEY_ID"), "aws-secrets/AWS_ACCESS_KEY_ID")
        XCTAssertEqual(secretKey("AWS_SECRET_ACCESS_KEY"), "aws-secrets/AWS_SECRET_ACCESS_KEY")
        XCTAssertEqual(variables.first { $0["name"] as? String == "DATASETS_SHM_STORE" }?["value"] as? String, "/dev/shm/datasetsdk/store")
        XCTAssertEqual(variables.first { $0["name"] as? String == "MLOPS_BUCKET" }?["value"] as? String, "{{workflow.parameters.bucket}}")
        let names = try XCTUnwrap((spec["arguments"] as? [String: Any])?["parameters"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        XCTAssertEqual(Set(names), ["multiplier", "bucket"])
    }

    func testTheCommandWritesTheWorkflow() throws {
        let folder = try ScratchFolder()
        let run = try runMLOps(["export", "argo", "-e", "shm", "--output", "\(folder.path)/wf.yml"], directory: folder.path)
        XCTAssertEqual(run.status, 0, run.errors)
        let (_, tasks) = try tasks(try String(contentsOfFile: "\(folder.path)/wf.yml", encoding: .utf8))
        XCTAssertEqual(tasks.count, 5)
    }
}
