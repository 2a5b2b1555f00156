import DatasetSDK
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock seconds of `body`.
func seconds<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let result = try await body()
    let elapsed = ContinuousClock.now - start
    return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}

/// The best of `repeats` runs (seconds).
func best(_ repeats: Int, _ body: () async throws -> Void) async rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<repeats { times.append(try await seconds(body).1) }
    return times.min()!
}

/// memcpy GB/s between two buffers, touched (already faulted in) and fresh (first touch).
func memcpyBaseline(bytes: Int) -> (touched: Double, fresh: Double) {
    let source = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    memset(source, 1, bytes)
    defer { source.deallocate() }
    let freshTarget = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
    var start = ContinuousClock.now
    memcpy(freshTarget, source, bytes)
    let fresh = ContinuousClock.now - start
    start = ContinuousClock.now
    memcpy(freshTarget, source, bytes)
    let touched = ContinuousClock.now - start
    munmap(freshTarget, bytes)
    func rate(_ d: Duration) -> Double { Double(bytes) / (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18) / 1e9 }
    return (rate(touched), rate(fresh))
}

/// A fixed-width table printed to standard output.
struct Table {
    var header: [String]
    var rows: [[String]] = []

    func render() -> String { TextTable.render([header] + rows, alignment: .rightAfterFirst, ruleAfterHeader: true) }
}

func format(_ value: Double, digits: Int = 3) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = "\(rounded)"
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
    }
    return text
}
