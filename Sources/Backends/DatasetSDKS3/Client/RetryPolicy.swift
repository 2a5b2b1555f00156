/// Exponential backoff with full jitter: before retry `n` (1-based) the client sleeps a random
/// time in `0 ... min(maximumDelay, baseDelay * 2^(n-1))`, or what the server's `Retry-After`
/// asked for when that is longer (capped at `maximumDelay`).
struct RetryPolicy: Sendable {
    var maxAttempts: Int
    var baseDelay: Duration = .milliseconds(200)
    var maximumDelay: Duration = .seconds(20)

    func delay(beforeRetry retry: Int, retryAfter: Duration?) -> Duration {
        let exponent = min(retry - 1, 20)
        let ceiling = min(maximumDelay, baseDelay * (1 << exponent))
        let ceilingMilliseconds = max(1, Int(ceiling.components.seconds * 1000 + ceiling.components.attoseconds / 1_000_000_000_000_000))
        let jittered = Duration.milliseconds(Int.random(in: 0...ceilingMilliseconds))
        guard let retryAfter else { return jittered }
        return min(maximumDelay, max(retryAfter, jittered))
    }

    /// The seconds of a `Retry-After: 3` header (the HTTP-date form is not used by S3).
    static func retryAfter(header: String?) -> Duration? {
        guard let header, let seconds = Int(header.trimmingSpaces()), seconds >= 0 else { return nil }
        return .seconds(seconds)
    }
}
