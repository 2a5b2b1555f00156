import Foundation  // JSONDecoder, for the peer's lines

/// One JSON line of `scripts/bench/vineyard_peer.py`.
struct VineyardRecord: Decodable {
    var event: String?
    var error: String?
    var version: String?
    var command: String?
    var measuredCase: String?
    var op: String?
    var mib: Int?
    var rows: Int?
    /// The measured operation (put, get or get + sum), best of the runs.
    var seconds: Double?
    var connect: Double?
    var importSeconds: Double?
    var connectGet: Double?
    var getAgain: Double?
    /// Whole child process (python start, import, connect, get, exit), best of the runs.
    var process: Double?
    var runs: [Double]?

    enum CodingKeys: String, CodingKey {
        case event, error, version, command, op, mib, rows, seconds, connect, process, runs
        case measuredCase = "case"
        case importSeconds = "import"
        case connectGet = "connect_get"
        case getAgain = "get_again"
    }
}

/// What the Vineyard peer measured, or why there is nothing.
struct VineyardResults {
    enum State {
        case skipped
        case notInstalled
        case failed(String)
        case measured
    }

    var state: State = .skipped
    var records: [VineyardRecord] = []
    /// An error the peer reported after some measurements.
    var error: String?

    func record(_ measuredCase: String, _ op: String, mib: Int? = nil) -> VineyardRecord? {
        records.first { $0.measuredCase == measuredCase && $0.op == op && (mib == nil || $0.mib == mib) }
    }

    var daemon: VineyardRecord? { records.first { $0.event == "vineyardd" } }

    /// Runs the peer script (when `python3 -c "import vineyard"` works) and parses its lines.
    static func measure(python: String, script: String?, tensorMiB: Int, frameRows: Int, latencyMiB: [Int], repeats: Int) -> VineyardResults {
        guard let check = try? runChild([python, "-c", "import vineyard"]), check.status == 0 else { return VineyardResults(state: .notInstalled) }
        guard let script else { return VineyardResults(state: .failed("scripts/bench/vineyard_peer.py not found (pass --vineyard-script)")) }
        let run: ChildRun
        do {
            run = try runChild([python, script, "run", "--tensor-mib", "\(tensorMiB)", "--frame-rows", "\(frameRows)",
                                "--latency-mib", latencyMiB.map(String.init).joined(separator: ","), "--repeats", "\(repeats)"])
        } catch { return VineyardResults(state: .failed("\(error)")) }
        var results = VineyardResults(state: .measured)
        let decoder = JSONDecoder()
        for line in run.output.split(separator: "\n") where line.hasPrefix("{") {
            guard let record = try? decoder.decode(VineyardRecord.self, from: Data(line.utf8)) else { continue }
            if let error = record.error { results.error = error } else { results.records.append(record) }
        }
        if results.records.isEmpty {
            results.state = .failed(results.error ?? "the peer printed no measurements (exit status \(run.status))")
        }
        return results
    }
}
