/// How long one node took and how much it moved: what ``runNode(_:catalog:hooks:log:)`` returns
/// and ``PipelineHooks/afterNodeRun(_:report:)`` receives.
///
/// ```swift
/// let report = try await runNode(node, catalog: catalog, hooks: [], log: RunLog.standardError)
/// print(report.logLine)   // node clean: load 0.012 s, compute 0.300 s, save 0.020 s (12.50 MB in, 11.00 MB out)
/// ```
public struct NodeReport: Sendable {
    /// The node's name.
    public var node: String
    /// Seconds spent loading the node's inputs (all of them, one after another).
    public var loadSeconds: Double
    /// Seconds spent in the node body.
    public var computeSeconds: Double
    /// Seconds spent saving the node's outputs.
    public var saveSeconds: Double
    /// Bytes of blobs loaded (``EncodedObject/totalBytes`` of every input).
    public var bytesLoaded: Int
    /// Bytes of blobs saved (``EncodedObject/totalBytes`` of every output).
    public var bytesSaved: Int
    /// Wall seconds of the whole process that ran the node (start-up included), when the node ran
    /// in a process of its own (``ProcessRunner``).
    public var wallSeconds: Double?

    /// A report from its parts, e.g. one read back from a child process.
    public init(node: String, loadSeconds: Double = 0, computeSeconds: Double = 0, saveSeconds: Double = 0,
                bytesLoaded: Int = 0, bytesSaved: Int = 0, wallSeconds: Double? = nil) {
        self.node = node
        self.loadSeconds = loadSeconds
        self.computeSeconds = computeSeconds
        self.saveSeconds = saveSeconds
        self.bytesLoaded = bytesLoaded
        self.bytesSaved = bytesSaved
        self.wallSeconds = wallSeconds
    }

    /// Load, compute and save seconds together.
    public var totalSeconds: Double { loadSeconds + computeSeconds + saveSeconds }

    /// The line runners log after a node:
    /// `node NAME: load X s, compute Y s, save Z s (N MB in, M MB out)` (MB = 10^6 bytes).
    public var logLine: String {
        "node \(node): load \(Self.seconds(loadSeconds)) s, compute \(Self.seconds(computeSeconds)) s, "
            + "save \(Self.seconds(saveSeconds)) s (\(Self.megabytes(bytesLoaded)) MB in, \(Self.megabytes(bytesSaved)) MB out)"
    }

    static func seconds(_ value: Double) -> String { FixedDecimals.format(value, digits: 3) }
    static func megabytes(_ bytes: Int) -> String { FixedDecimals.format(Double(bytes) / 1_000_000, digits: 2) }
}

/// `1.234`-style text for a number, without Foundation.
package enum FixedDecimals {
    package static func format(_ value: Double, digits: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * Double(scale)).rounded()
        guard value.isFinite, scaled < 9e18 else { return "\(value)" }
        let units = Int64(scaled)
        var text = String(units / scale)
        if digits > 0 {
            let fraction = String(units % scale)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return value < 0 && units != 0 ? "-" + text : text
    }
}
