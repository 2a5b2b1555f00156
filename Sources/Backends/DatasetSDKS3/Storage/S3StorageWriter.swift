import DatasetSDK

/// Streams one object to S3. Written blobs are kept by reference (never copied) until they are
/// sent. Up to one part's worth goes up as a single PUT on commit; beyond that a multipart
/// upload starts and every full part is uploaded in the background, at most `concurrency` at
/// a time (a write waits when that many are in flight, which bounds memory to about
/// `concurrency x part size`). Part sizes double every 500 parts, so the 10,000-part limit
/// is never reached below S3's 5 TiB object limit.
final class S3StorageWriter: StorageWriter {
    private let client: S3Client
    private let bucket: String
    private let key: String
    private var pending: [Blob] = []
    private var pendingCount = 0
    private var upload: MultipartUpload?
    private var inFlight: [Task<MultipartUpload.Part, any Error>] = []
    private var completed: [MultipartUpload.Part] = []
    private var nextPartNumber = 1
    private var finished = false

    init(client: S3Client, bucket: String, key: String) {
        self.client = client
        self.bucket = bucket
        self.key = key
    }

    /// Bytes in part `number` (1-based) when it is not the last.
    static func partSize(base: Int, number: Int) -> Int {
        min(5 << 30, base << min((number - 1) / 500, 10))
    }

    func write(_ blob: Blob) async throws {
        precondition(!finished, "write after commit or abort")
        var rest = blob
        while rest.count > 0 {
            let size = Self.partSize(base: client.settings.partSize, number: nextPartNumber)
            if pendingCount == size { try await sendPendingPart() }
            let take = min(size - pendingCount, rest.count)
            pending.append(rest.slice(0..<take))
            pendingCount += take
            rest = rest.slice(take..<rest.count)
        }
    }

    /// Starts the upload of the pending bytes as the next part.
    private func sendPendingPart() async throws {
        guard nextPartNumber <= S3Settings.maximumParts else {
            throw S3Error.invalidConfiguration(dataset: "", key: "part_size", reason: "s3://\(bucket)/\(key) needs more than \(S3Settings.maximumParts) parts; raise part_size")
        }
        let upload = try await currentUpload()
        while inFlight.count >= client.settings.concurrency {
            completed.append(try await inFlight.removeFirst().value)
        }
        let (number, blobs, count) = (nextPartNumber, pending, pendingCount)
        inFlight.append(Task { try await upload.uploadPart(number: number, blobs: blobs, count: count) })
        nextPartNumber += 1
        pending = []
        pendingCount = 0
    }

    private func currentUpload() async throws -> MultipartUpload {
        if let upload { return upload }
        let started = try await MultipartUpload.start(client: client, bucket: bucket, key: key)
        upload = started
        return started
    }

    func commit() async throws {
        precondition(!finished, "commit after commit or abort")
        if upload == nil {
            try await client.putObject(bucket: bucket, key: key, blobs: pending, count: pendingCount)
        } else {
            if pendingCount > 0 { try await sendPendingPart() }
            while !inFlight.isEmpty { completed.append(try await inFlight.removeFirst().value) }
            try await upload!.complete(completed)
        }
        finished = true
        pending = []
    }

    /// Cancels the parts in flight and aborts the upload, so no stored part remains.
    func abort() async {
        guard !finished else { return }
        finished = true
        pending = []
        for task in inFlight { task.cancel() }
        for task in inFlight { _ = try? await task.value }
        inFlight = []
        if let upload { try? await upload.abort() }
    }

    deinit {
        guard !finished, let upload else { return }
        let tasks = inFlight
        Task {
            for task in tasks { task.cancel() }
            for task in tasks { _ = try? await task.value }
            try? await upload.abort()
        }
    }
}
