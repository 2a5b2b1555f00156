import DatasetSDK

/// One measured run: the whole pipeline at one multiplier in one environment, every node in its
/// own process.
public struct BenchmarkResult: Sendable {
    /// The augmentation multiplier.
    public let multiplier: Int
    /// The configuration environment.
    public let environment: String
    /// Per-node timings and sizes, in run order; `wallSeconds` is set for every node.
    public let nodes: [NodeReport]
    /// Rows of `house_prices_no_outliers`.
    public let rows: Int
    /// Digests of the results (``HousePricesPipeline/results``), by dataset name.
    public let digests: [String: String]
    /// For a placement of a tiered environment: what each simulated machine's store sent to the
    /// tier and fetched from it.
    public var tierTraffic: [TierTraffic] = []

    /// A: the sum of the nodes' load + compute + save seconds (the published measure).
    public var accumulated: Double { nodes.reduce(0) { $0 + $1.totalSeconds } }
    /// W: the sum of the nodes' whole-process wall seconds (what a user waits for).
    public var wall: Double { nodes.reduce(0) { $0 + ($1.wallSeconds ?? 0) } }
    /// Seconds spent loading and saving, over all nodes.
    public var loadSave: Double { nodes.reduce(0) { $0 + $1.loadSeconds + $1.saveSeconds } }
}

/// Bytes one store sent to its tier and fetched from it during a run.
public struct TierTraffic: Sendable {
    /// The store folder (one simulated machine).
    public let store: String
    /// Bytes of segments uploaded.
    public let uploaded: Int
    /// Bytes of segments fetched.
    public let fetched: Int
}

/// The reference numbers the benchmark prints beside ours.
enum PeerNumbers {
    /// Published end-to-end times (seconds) by scale: Vineyard, MinIO S3, Cloudpickle S3, AWS S3.
    static let published: [Int: [Double]] = [
        1: [4.2, 4.3, 22.5, 16.9], 10: [4.9, 5.5, 28.6, 23.3], 100: [13.2, 20.3, 64.4, 74],
        500: [53.6, 84.5, 173.2, 267.9], 1000: [109.8, 164.2, 322.7, 510.6], 2000: [231.6, 335.9, 632.8, 1069.7],
    ]
    /// The Python peers re-measured on this project's 2-core machines (A / W seconds):
    /// Vineyard, pickle on S3, cloudpickle+zstd on S3, CSV on S3 (docs/house-prices.md).
    static let remeasured: [Int: [(Double, Double)]] = [
        1: [(4.2, 24.6), (4.3, 28.4), (4.4, 27.5), (4.6, 28.1)],
        100: [(14.1, 36.4), (37.1, 62.7), (27.4, 51.2), (44.3, 66.7)],
        500: [(67.6, 92.9), (208.9, 236.7), (184.6, 212.7), (202.2, 226.8)],
    ]
}
