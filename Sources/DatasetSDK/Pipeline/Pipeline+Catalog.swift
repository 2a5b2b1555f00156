/// Checks of a pipeline against the catalog it will run with. Runners call these before the
/// first node; a runner of its own (one process per node, say) can call them too.
extension Pipeline {
    /// Checks that the catalog provides and has data for every free input, and has every
    /// parameter the nodes read.
    ///
    /// ```swift
    /// try await pipeline.checkInputs(in: catalog)   // before starting anything expensive
    /// ```
    ///
    /// - Throws: ``PipelineError/missingInput(dataset:consumers:)`` for the first (by name) free
    ///   input that the catalog does not contain or that has nothing saved,
    ///   ``PipelineError/missingParameter(node:key:known:)``, or what `exists` throws.
    public func checkInputs(in catalog: DataCatalog) async throws {
        for dataset in freeInputs {
            guard catalog.contains(dataset), try await catalog.exists(dataset) else {
                throw PipelineError.missingInput(dataset: dataset, consumers: consumers(of: dataset))
            }
        }
        for node in nodes {
            for key in node.parameterInputs where catalog.parameter(key) == nil {
                throw PipelineError.missingParameter(node: node.name, key: key, known: Self.parameterKeys(catalog.parameters))
            }
        }
    }

    /// Adds a ``MemoryDataset`` to `catalog` for every output it does not contain; returns
    /// their names, sorted.
    @discardableResult
    public func addMemoryDatasets(to catalog: DataCatalog) -> [String] {
        let added = allOutputs.filter { !catalog.contains($0) }
        for name in added { catalog.add(MemoryDataset(name: name), as: name) }
        return added
    }

    /// The datasets of this pipeline (inputs and outputs) that would live only in this
    /// process's memory: not in the catalog (a run would make them ``MemoryDataset``s), a
    /// `MemoryDataset` entry, or stored at a `memory://` location. Sorted.
    public func memoryOnlyDatasets(in catalog: DataCatalog) -> [String] {
        Set(allInputs + allOutputs).sorted().filter { name in
            guard catalog.contains(name) else { return true }
            guard let dataset = try? catalog.dataset(named: name) else { return false }
            let description = dataset.describe()
            if description["type"]?.stringValue == "MemoryDataset" { return true }
            return ["filepath", "path", "location"].contains { description[$0]?.stringValue?.hasPrefix("memory://") == true }
        }
    }

    /// Checks that every dataset of this pipeline outlives a process, so each node can run in
    /// a process of its own.
    ///
    /// - Throws: ``PipelineError/memoryDatasetAcrossProcesses(datasets:)`` naming the datasets
    ///   of ``memoryOnlyDatasets(in:)``.
    public func checkRunnableAcrossProcesses(catalog: DataCatalog) throws(PipelineError) {
        let datasets = memoryOnlyDatasets(in: catalog)
        guard datasets.isEmpty else { throw .memoryDatasetAcrossProcesses(datasets: datasets) }
    }

    /// Names of the nodes that consume `dataset` (or parameter input), in the order given.
    public func consumers(of dataset: String) -> [String] {
        nodes.filter { $0.inputs.contains(dataset) }.map(\.name)
    }

    /// Names of the nodes that produce `dataset`, in the order given (one in a valid pipeline).
    public func producers(of dataset: String) -> [String] {
        nodes.filter { $0.outputs.contains(dataset) }.map(\.name)
    }

    /// `params:` paths of every parameter and nested parameter, sorted.
    static func parameterKeys(_ parameters: [String: Value], prefix: String = "params:") -> [String] {
        parameters.keys.sorted().flatMap { key -> [String] in
            let path = prefix + key
            guard case let .map(children)? = parameters[key] else { return [path] }
            return [path] + parameterKeys(children, prefix: path + ".")
        }
    }
}
