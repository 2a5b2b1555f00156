/// Where the benchmark runs each node of a tiered environment (`shm-s3`): one store folder per
/// simulated cluster node, each node's process started with its node's `DATASETS_SHM_STORE`.
///
/// Written after the environment as `shm-s3@alternating`; plain `shm-s3` is `@one`.
public enum BenchmarkPlacement: String, Sendable, CaseIterable {
    /// Every node on one machine: the tier is written, nothing is fetched.
    case one
    /// Nodes alternate between two machines: each input produced on the other one is fetched.
    case alternating
    /// Every node on a machine of its own: every input is fetched.
    case fresh

    /// The store of the node at `index` (run order), from the run's base store folder.
    func store(base: String, nodeIndex: Int) -> String {
        switch self {
        case .one: base
        case .alternating: nodeIndex % 2 == 0 ? base : base + "-node-b"
        case .fresh: base + "-node-\(nodeIndex)"
        }
    }

    /// Splits `shm-s3@fresh` into the configuration environment and the placement.
    static func parse(_ label: String) -> (environment: String, placement: BenchmarkPlacement?)? {
        let parts = label.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return (label, nil) }
        guard let placement = BenchmarkPlacement(rawValue: parts[1]) else { return nil }
        return (parts[0], placement)
    }
}
