/// One step of a ``Pipeline``: a function from named inputs to named outputs, as in Kedro.
///
/// Inputs are dataset names, `params:a.b` (one parameter) or `parameters` (all of them, as a
/// `.map`); outputs are dataset names. The runner loads the inputs from the catalog, calls the
/// body, and saves what it returns.
///
/// ```swift
/// let scale = Node(name: "scale", inputs: ["prices", "params:multiplier"], outputs: ["scaled"]) { inputs in
///     let prices: Tensor<Double> = try inputs.value("prices")
///     let factor = try inputs.parameter("params:multiplier").doubleValue ?? 1
///     return try NodeOutputs(["scaled": Tensor(prices.scalars.map { $0 * factor })])
/// }
/// ```
public struct Node: Sendable {
    /// The node's name, unique in a pipeline.
    public let name: String
    /// What the node reads: dataset names, `params:a.b` or `parameters`, in declaration order.
    public let inputs: [String]
    /// The datasets the node writes, in declaration order.
    public let outputs: [String]
    /// Labels for ``Pipeline/onlyNodes(taggedWith:)``.
    public let tags: Set<String>
    private let body: @Sendable (NodeInputs) async throws -> NodeOutputs

    /// A node named `name` that reads `inputs` and returns `outputs` from `body`.
    public init(
        name: String, inputs: [String], outputs: [String], tags: Set<String> = [],
        _ body: @escaping @Sendable (NodeInputs) async throws -> NodeOutputs
    ) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.tags = tags
        self.body = body
    }

    /// Calls the body. The runner does this between loading the inputs and saving the outputs;
    /// call it directly to test a node without a catalog.
    ///
    /// ```swift
    /// let out = try await scale.run(NodeInputs(objects: ["prices": prices.encoded()], parameters: ["params:multiplier": 2]))
    /// ```
    public func run(_ inputs: NodeInputs) async throws -> NodeOutputs { try await body(inputs) }

    /// A node with one typed input and one typed output.
    ///
    /// ```swift
    /// let clean = Node.map("clean", input: "raw", output: "clean") { (raw: DataFrame) in
    ///     try raw.dropping(columns: ["Utilities"])
    /// }
    /// ```
    public static func map<Input: DatasetObject, Output: DatasetObject>(
        _ name: String, input: String, output: String, tags: Set<String> = [],
        _ transform: @escaping @Sendable (Input) async throws -> Output
    ) -> Node {
        Node(name: name, inputs: [input], outputs: [output], tags: tags) { inputs in
            let value = try inputs.value(input, as: Input.self)
            var outputs = NodeOutputs()
            try outputs.set(try await transform(value), for: output)
            return outputs
        }
    }

    /// The dataset inputs: ``inputs`` without `params:` and `parameters`.
    public var datasetInputs: [String] { inputs.filter { !Node.isParameter($0) } }

    /// The parameter inputs: the `params:` and `parameters` entries of ``inputs``.
    public var parameterInputs: [String] { inputs.filter(Node.isParameter) }

    /// Whether `name` is a parameter input (`params:...` or `parameters`) rather than a dataset.
    public static func isParameter(_ name: String) -> Bool { name == "parameters" || name.hasPrefix("params:") }

    /// Same name, inputs and outputs: Kedro's notion of the same node, used by ``Pipeline/+(_:_:)``.
    func hasSameDeclaration(as other: Node) -> Bool {
        name == other.name && inputs == other.inputs && outputs == other.outputs
    }
}
