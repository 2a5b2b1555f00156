import DatasetSDK

/// Renders benchmark results: the published table's layout with our numbers, per-node details
/// and CSV.
enum BenchmarkReport {
    /// Scale rows, one `A / W` column per environment, then the load+save share per environment.
    static func summary(_ results: [BenchmarkResult], environments: [String]) -> String {
        let multipliers = Array(Set(results.map(\.multiplier))).sorted()
        var rows: [[String]] = [["scale", "rows"] + environments.map { "\($0) A / W" }]
        for multiplier in multipliers {
            let runs = results.filter { $0.multiplier == multiplier }
            var row = [String(multiplier), runs.first.map { String($0.rows) } ?? "-"]
            for environment in environments {
                row.append(runs.first { $0.environment == environment }.map { "\(seconds($0.accumulated)) / \(seconds($0.wall))" } ?? "-")
            }
            rows.append(row)
        }
        var text = "House-prices pipeline, every node in its own process (seconds; A = sum of node load+compute+save, W = sum of process wall times)\n"
        text += table(rows)
        text += "\nShare of load+save in A (load+save seconds / A):\n"
        var shares: [[String]] = [["scale"] + environments]
        for multiplier in multipliers {
            shares.append([String(multiplier)] + environments.map { environment in
                guard let run = results.first(where: { $0.multiplier == multiplier && $0.environment == environment }) else { return "-" }
                return "\(seconds(run.loadSave)) s (\(Int((100 * run.loadSave / max(run.accumulated, 1e-9)).rounded()))%)"
            })
        }
        text += table(shares)
        text += "\nPython peers for reference (not run here; recorded numbers, docs/house-prices.md):\n"
        var peers: [[String]] = [["scale", "Vineyard A / W", "pickle S3 A / W", "cloudpickle+zstd S3 A / W", "CSV S3 A / W", "published Vineyard", "published MinIO S3", "published Cloudpickle S3"]]
        for multiplier in multipliers where PeerNumbers.published[multiplier] != nil || PeerNumbers.remeasured[multiplier] != nil {
            let measured = PeerNumbers.remeasured[multiplier]?.map { "\(seconds($0.0)) / \(seconds($0.1))" } ?? ["-", "-", "-", "-"]
            let published = PeerNumbers.published[multiplier]?.prefix(3).map { seconds($0) } ?? ["-", "-", "-"]
            peers.append([String(multiplier)] + measured + published)
        }
        text += table(peers)
        return text
    }

    /// Per node: load, compute, save and wall seconds, MB in and out, for every run.
    static func details(_ results: [BenchmarkResult]) -> String {
        var rows: [[String]] = [["scale", "env", "node", "load s", "compute s", "save s", "wall s", "MB in", "MB out"]]
        for result in results {
            for node in result.nodes {
                rows.append([String(result.multiplier), result.environment, node.node, seconds(node.loadSeconds), seconds(node.computeSeconds),
                             seconds(node.saveSeconds), seconds(node.wallSeconds ?? 0), megabytes(node.bytesLoaded), megabytes(node.bytesSaved)])
            }
        }
        return table(rows)
    }

    /// Bytes each simulated machine of a placement sent to the tier and fetched from it; empty
    /// when no run had a placement.
    static func tierTraffic(_ results: [BenchmarkResult]) -> String {
        var rows: [[String]] = [["scale", "env", "machine", "MB up", "MB down"]]
        for result in results {
            for (index, machine) in result.tierTraffic.enumerated() {
                rows.append([String(result.multiplier), result.environment, String(index + 1), megabytes(machine.uploaded), megabytes(machine.fetched)])
            }
        }
        return rows.count > 1 ? table(rows) : ""
    }

    /// One line per node and run.
    static func csv(_ results: [BenchmarkResult]) -> String {
        var lines = ["multiplier,environment,rows,node,load_s,compute_s,save_s,wall_s,bytes_in,bytes_out"]
        for result in results {
            for node in result.nodes {
                lines.append([String(result.multiplier), result.environment, String(result.rows), node.node,
                              String(node.loadSeconds), String(node.computeSeconds), String(node.saveSeconds),
                              String(node.wallSeconds ?? 0), String(node.bytesLoaded), String(node.bytesSaved)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func seconds(_ value: Double) -> String { FixedDecimals.format(value, digits: value < 10 ? 3 : 1) }

    static func megabytes(_ bytes: Int) -> String { FixedDecimals.format(Double(bytes) / 1e6, digits: 1) }

    /// Left-aligned first column, right-aligned others, two spaces apart.
    static func table(_ rows: [[String]]) -> String { TextTable.render(rows, alignment: .rightAfterFirst) + "\n" }
}
