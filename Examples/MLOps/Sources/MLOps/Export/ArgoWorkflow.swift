import DatasetSDK
import Yams

private typealias YAMLNode = Yams.Node

/// An Argo Workflow that runs a pipeline the way the reference ran on Kubernetes: one pod per
/// node running `mlops run -e ENV -n NODE`, dependencies from the pipeline's DAG, the
/// multiplier a workflow parameter (`argo submit -p multiplier=500`).
///
/// - `shm`: the pods share the store through a memory-backed `hostPath` volume
///   (`/dev/shm/datasetsdk` on the host) and are pinned to one node (`nodeSelector` on the
///   workflow parameter `node`), since shared memory does not cross machines.
/// - `shm-s3`: every pod mounts its own node's store the same way, with no pinning: the store
///   is tiered over S3 (docs/tier.md), so pods may land on any node.
/// - The S3 environments (`s3`, `s3-csv`, `pickle`, `shm-s3`) read the keys from the Kubernetes
///   Secret `aws-secrets` (`valueFrom.secretKeyRef`, as the reference does) and the bucket from
///   the workflow parameter `bucket`.
public struct ArgoWorkflow: Sendable {
    /// The pipeline to export.
    public var pipeline: Pipeline
    /// The configuration environment every pod runs with.
    public var environment: String
    /// Runtime parameters passed to every pod as `--params` (`multiplier` becomes the
    /// workflow parameter's default).
    public var parameters: [String: String]
    /// The container image holding the `mlops` executable and `conf/`.
    public var image: String
    /// The workflow's name prefix.
    public var name: String

    /// Environments whose datasets live in a node's shared-memory store.
    public static let storeEnvironments: Set<String> = ["shm", "shm-s3"]
    /// The Secret holding the S3 keys.
    public static let secretName = "aws-secrets"

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
        var passed = parameters
        passed["multiplier"] = "{{workflow.parameters.multiplier}}"
        let arguments: [YAMLNode] = ["run", "--env", .string(environment), "--nodes", "{{inputs.parameters.node}}",
                                     "--params", .string(passed.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","))]
        var variables: [YAMLNode] = [mapping([("name", "DATASETS_ENV"), ("value", .string(environment))])]
        var workflowParameters: [YAMLNode] = [mapping([("name", "multiplier"), ("value", .string(parameters["multiplier"] ?? "1"))])]
        var container: [(String, YAMLNode)] = [("image", .string(image)), ("command", ["mlops"]), ("args", .sequence(.init(arguments)))]
        var runNode: [(String, YAMLNode)] = [("name", "run-node"), ("inputs", mapping([("parameters", [mapping([("name", "node")])])]))]
        var spec: [(String, YAMLNode)] = [("entrypoint", .string(name))]
        if HousePricesProject.s3Environments.contains(environment) {
            variables += [secretVariable("AWS_ACCESS_KEY_ID"), secretVariable("AWS_SECRET_ACCESS_KEY"), secretVariable("AWS_ENDPOINT_URL", optional: true),
                          mapping([("name", "MLOPS_BUCKET"), ("value", "{{workflow.parameters.bucket}}")])]
            workflowParameters.append(mapping([("name", "bucket"), ("value", "house-prices")]))
        }
        if Self.storeEnvironments.contains(environment) {
            variables.append(mapping([("name", "DATASETS_SHM_STORE"), ("value", "/dev/shm/datasetsdk/store")]))
            container.append(("volumeMounts", [mapping([("name", "shm-store"), ("mountPath", "/dev/shm/datasetsdk")])]))
            spec.append(("volumes", [mapping([("name", "shm-store"), ("hostPath", mapping([("path", "/dev/shm/datasetsdk"), ("type", "DirectoryOrCreate")]))])]))
        }
        if environment == "shm" {
            runNode.append(("nodeSelector", mapping([("kubernetes.io/hostname", "{{workflow.parameters.node}}")])))
            workflowParameters.append(mapping([("name", "node"), ("value", "worker-1")]))
        }
        container.append(("env", .sequence(.init(variables))))
        spec.append(("arguments", mapping([("parameters", .sequence(.init(workflowParameters)))])))
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

    /// An environment variable read from key `key` of the Secret ``secretName``.
    private func secretVariable(_ key: String, optional: Bool = false) -> YAMLNode {
        var reference: [(String, YAMLNode)] = [("name", .string(Self.secretName)), ("key", .string(key))]
        if optional { reference.append(("optional", "true")) }
        return mapping([("name", .string(key)), ("valueFrom", mapping([("secretKeyRef", mapping(reference))]))])
    }

    private func mapping(_ pairs: [(String, YAMLNode)]) -> YAMLNode {
        .mapping(.init(pairs.map { (YAMLNode.string($0.0), $0.1) }))
    }
}

private extension Yams.Node {
    static func string(_ value: String) -> Yams.Node { Yams.Node(value) }
}
