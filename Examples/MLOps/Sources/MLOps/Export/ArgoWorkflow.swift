import DatasetSDK
import Yams

private typealias YAMLNode = Yams.Node

/// An Argo Workflow that runs a pipeline the way the reference ran on Kubernetes: one pod per
/// node running `mlops run -e ENV -n NODE`, dependencies from the pipeline's DAG.
///
/// For `shm` the pods share the store through a memory-backed `hostPath` volume
/// (`/dev/shm/datasetsdk` on the host) and are pinned to one node (`nodeSelector` on the
/// workflow parameter `node`), since shared memory does not cross machines.
public struct ArgoWorkflow: Sendable {
    /// The pipeline to export.
    public var pipeline: Pipeline
    /// The configuration environment every pod runs with.
    public var environment: String
    /// Runtime parameters passed to every pod as `--params`.
    public var parameters: [String: String]
    /// The container image holding the `mlops` executable and `conf/`.
    public var image: String
    /// The workflow's name prefix.
    public var name: String

    public init(pipeline: Pipeline, environment: String, parameters: [String: String] = [:], image: String = "datasetsdk/mlops:latest", name: String = "house-prices") {
        self.pipeline = pipeline
        self.environment = environment
        self.parameters = parameters
        self.image = image
        self.name = name
    }

    /// Argo's task names: DNS labels, so `_` becomes `-`.
    public static func taskName(_ node: String) -> String { node.replacingOccurrences(of: "_", with: "-") }

    /// The workflow as YAML.
    public func yaml() throws -> String {
        let nodes = try pipeline.sortedNodes()
        let tasks: [YAMLNode] = nodes.map { node in
            let upstream = Set(node.datasetInputs.flatMap { pipeline.producers(of: $0) }).sorted()
            var task: [(String, YAMLNode)] = [
                ("name", .string(Self.taskName(node.name))),
                ("template", "run-node"),
                ("arguments", mapping([("parameters", [mapping([("name", "node"), ("value", .string(node.name))])])])),
            ]
            if !upstream.isEmpty { task.append(("dependencies", .sequence(.init(upstream.map { .string(Self.taskName($0)) })))) }
            return mapping(task)
        }
        var arguments: [YAMLNode] = ["run", "--env", .string(environment), "--nodes", "{{inputs.parameters.node}}"]
        if !parameters.isEmpty {
            arguments += ["--params", .string(parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))]
        }
        var container: [(String, YAMLNode)] = [
            ("image", .string(image)),
            ("command", ["mlops"]),
            ("args", .sequence(.init(arguments))),
            ("env", [mapping([("name", "DATASETS_ENV"), ("value", .string(environment))])]),
        ]
        var runNode: [(String, YAMLNode)] = [("name", "run-node"), ("inputs", mapping([("parameters", [mapping([("name", "node")])])]))]
        var spec: [(String, YAMLNode)] = [("entrypoint", .string(name))]
        if environment == "shm" {
            container.append(("volumeMounts", [mapping([("name", "shm-store"), ("mountPath", "/dev/shm/datasetsdk")])]))
            container[3].1 = [
                mapping([("name", "DATASETS_ENV"), ("value", .string(environment))]),
                mapping([("name", "DATASETS_SHM_STORE"), ("value", "/dev/shm/datasetsdk/store")]),
            ]
            runNode.append(("nodeSelector", mapping([("kubernetes.io/hostname", "{{workflow.parameters.node}}")])))
            spec.append(("arguments", mapping([("parameters", [mapping([("name", "node"), ("value", "worker-1")])])])))
            spec.append(("volumes", [mapping([("name", "shm-store"), ("hostPath", mapping([("path", "/dev/shm/datasetsdk"), ("type", "DirectoryOrCreate")]))])]))
        }
        runNode.append(("container", mapping(container)))
        spec.append(("templates", [
            mapping([("name", .string(name)), ("dag", mapping([("tasks", .sequence(.init(tasks)))]))]),
            mapping(runNode),
        ]))
        let workflow = mapping([
            ("apiVersion", "argoproj.io/v1alpha1"),
            ("kind", "Workflow"),
            ("metadata", mapping([("generateName", .string("\(name)-"))])),
            ("spec", mapping(spec)),
        ])
        return try Yams.serialize(node: workflow)
    }

    private func mapping(_ pairs: [(String, YAMLNode)]) -> YAMLNode {
        .mapping(.init(pairs.map { (YAMLNode.string($0.0), $0.1) }))
    }
}

private extension Yams.Node {
    static func string(_ value: String) -> Yams.Node { Yams.Node(value) }
}
