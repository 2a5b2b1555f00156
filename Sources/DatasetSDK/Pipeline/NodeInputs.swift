/// What a node body reads: its loaded datasets (encoded) and its parameter values, by the names
/// the node declares.
///
/// ```swift
/// let inputs = NodeInputs(objects: ["prices": try prices.encoded()], parameters: ["params:multiplier": 2])
/// let prices: Tensor<Double> = try inputs.value("prices")
/// let factor = try inputs.parameter("params:multiplier").doubleValue
/// ```
public struct NodeInputs: Sendable {
    /// The loaded datasets, by input name.
    public let objects: [String: EncodedObject]
    /// The parameter values, by input name (`params:a.b` or `parameters`).
    public let parameters: [String: Value]
    /// The node these inputs are for, named in errors.
    public let node: String

    /// Inputs made by hand, for example to test a node body; errors name the node as `(node)`.
    public init(objects: [String: EncodedObject], parameters: [String: Value]) {
        self.init(node: "(node)", objects: objects, parameters: parameters)
    }

    /// Inputs of node `node`, named in errors.
    public init(node: String, objects: [String: EncodedObject], parameters: [String: Value]) {
        self.node = node
        self.objects = objects
        self.parameters = parameters
    }

    /// The input `name` in its encoded form.
    ///
    /// - Throws: ``PipelineError/unknownInput(node:input:declared:)`` listing the inputs there are.
    public func object(_ name: String) throws -> EncodedObject {
        guard let object = objects[name] else { throw PipelineError.unknownInput(node: node, input: name, declared: declared) }
        return object
    }

    /// The input `name` decoded as a `T`. A `params:` or `parameters` input holding a map can be
    /// read as a ``Record``.
    ///
    /// ```swift
    /// let frame = try inputs.value("house_prices", as: DataFrame.self)
    /// ```
    ///
    /// - Throws: ``PipelineError/wrongInputType(node:input:expected:found:)`` naming the input and
    ///   both types, ``PipelineError/undecodableInput(node:input:type:underlying:)``, or
    ///   ``PipelineError/unknownInput(node:input:declared:)``.
    public func value<T: DatasetObject>(_ name: String, as type: T.Type = T.self) throws -> T {
        let object: EncodedObject
        if objects[name] == nil, let parameter = parameters[name] {
            guard T.typeName == Record.typeName, case let .map(values) = parameter else {
                throw PipelineError.wrongInputType(node: node, input: name, expected: T.typeName, found: "parameter (\(parameter.kindName))")
            }
            object = Record(values).encoded()
        } else {
            object = try self.object(name)
        }
        guard object.typeName == T.typeName else {
            throw PipelineError.wrongInputType(node: node, input: name, expected: T.typeName, found: object.typeName)
        }
        do { return try T(decoding: object) } catch {
            throw PipelineError.undecodableInput(node: node, input: name, type: T.typeName, underlying: error)
        }
    }

    /// The parameter input `name`: `"params:multiplier"` (or just `"multiplier"`), or
    /// `"parameters"` for all of them as a `.map`.
    ///
    /// - Throws: ``PipelineError/unknownInput(node:input:declared:)`` when the node did not
    ///   declare that parameter input.
    public func parameter(_ name: String) throws -> Value {
        if let value = parameters[name] ?? parameters["params:" + name] { return value }
        throw PipelineError.unknownInput(node: node, input: name, declared: declared)
    }

    private var declared: [String] { (Array(objects.keys) + Array(parameters.keys)).sorted() }
}
