#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many processors this process may keep busy: the processors online, limited by the CPU
/// affinity mask (`taskset`, a container's cpuset) and by a cgroup CPU quota (a Kubernetes pod's
/// `resources.limits.cpu`, rounded up), so that default thread counts do not oversubscribe a pod
/// that sees all of the node's processors but may use two.
package enum ProcessorBudget {
    /// The budget, at least 1; read once per process.
    package static let available: Int = {
        var budget = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        if let allowed = readFile("/proc/self/status").flatMap(allowedProcessors(status:)) { budget = min(budget, allowed) }
        if let quota = cgroupQuota() { budget = min(budget, quota) }
        return max(1, budget)
    }()

    /// The number of processors in `Cpus_allowed_list:` of /proc/self/status (`0-3,8,10-11`).
    package static func allowedProcessors(status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) else { return nil }
        var count = 0
        for part in line.dropFirst("Cpus_allowed_list:".count).split(separator: ",") {
            let bounds = part.split(separator: "-").map { Int($0.trimmingSpaces) }
            switch bounds.count {
            case 1: guard bounds[0] != nil else { return nil }; count += 1
            case 2: guard let low = bounds[0], let high = bounds[1], high >= low else { return nil }; count += high - low + 1
            default: return nil
            }
        }
        return count > 0 ? count : nil
    }

    /// Processors a cgroup v2 `cpu.max` (`200000 100000`, or `max 100000`) allows, rounded up;
    /// nil without a limit.
    package static func processors(cpuMax: String) -> Int? {
        let fields = cpuMax.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 2, let quota = Int(fields[0]), let period = Int(fields[1]) else { return nil }
        return processors(quota: quota, period: period)
    }

    /// Processors a CFS quota allows (`quota` ≤ 0: no limit), rounded up.
    package static func processors(quota: Int, period: Int) -> Int? {
        guard quota > 0, period > 0 else { return nil }
        return (quota + period - 1) / period
    }

    private static func cgroupQuota() -> Int? {
        if let text = readFile("/sys/fs/cgroup/cpu.max") { return processors(cpuMax: text) }  // cgroup v2
        guard let quota = readFile("/sys/fs/cgroup/cpu/cpu.cfs_quota_us").flatMap({ Int($0.trimmingSpaces) }),
              let period = readFile("/sys/fs/cgroup/cpu/cpu.cfs_period_us").flatMap({ Int($0.trimmingSpaces) }) else { return nil }
        return processors(quota: quota, period: period)  // cgroup v1
    }

    private static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
