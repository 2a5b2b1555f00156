import AsyncHTTPClient
import DatasetSDK
import NIOCore

/// Reads a whole object with parallel ranged GETs straight into one buffer of the object's
/// size: the first range tells the total size (from `Content-Range`), the buffer is allocated
/// once, and every range's bytes are copied from the socket buffers to their final place.
/// The first range is short (``firstRangeSize``): nothing else can start before it ends, so a
/// full-size first range would read a part's worth alone before the parallel ranges begin.
/// Later ranges carry `If-Match` with the first answer's ETag, so an object replaced during the
/// read is an error, never a mix of two versions.
struct RangedDownload {
    let client: S3Client
    let bucket: String
    let key: String

    /// The size of the first range, which learns the object's size before the others start.
    static let firstRangeSize = 1 << 20

    func run() async throws -> Blob {
        let rangeSize = client.settings.partSize
        let firstSize = min(rangeSize, Self.firstRangeSize)
        let first: FirstRange
        do {
            first = try await client.send(request(range: 0..<firstSize, etag: nil)) { response in try await receiveFirst(response, rangeSize: firstSize) }
        } catch let S3Error.service(_, status, _, _, _, _, _) where status == 416 {
            return try await wholeObjectWhenEmpty()
        }
        let total = first.buffer.bytes.count
        let target = WriteTarget(base: UnsafeMutableRawPointer(mutating: first.buffer.bytes.baseAddress!), count: total)
        let ranges = stride(from: first.received, to: total, by: rangeSize).map { $0..<min($0 + rangeSize, total) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = ranges.makeIterator()
            for _ in 0..<client.settings.concurrency {
                guard let range = next.next() else { break }
                group.addTask { try await fetch(range, into: target, etag: first.etag) }
            }
            while try await group.next() != nil {
                if let range = next.next() { group.addTask { try await fetch(range, into: target, etag: first.etag) } }
            }
        }
        return Blob(owner: first.buffer)
    }

    /// Reads `ranges` of the object (its bytes do not change: no `If-Match`), each split into
    /// parts of at most `part_size` bytes, `max_concurrency` requests at a time.
    func read(_ ranges: [RangeRead]) async throws {
        let partSize = client.settings.partSize
        var parts: [(range: Range<Int>, target: WriteTarget)] = []
        for range in ranges where range.bytes.count > 0 {
            let target = WriteTarget(base: range.bytes.baseAddress! - range.offset, count: range.offset + range.bytes.count)
            for start in stride(from: range.offset, to: range.offset + range.bytes.count, by: partSize) {
                parts.append((start..<min(start + partSize, range.offset + range.bytes.count), target))
            }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = parts.makeIterator()
            for _ in 0..<client.settings.concurrency {
                guard let part = next.next() else { break }
                group.addTask { try await fetch(part.range, into: part.target, etag: nil) }
            }
            while try await group.next() != nil {
                if let part = next.next() { group.addTask { try await fetch(part.range, into: part.target, etag: nil) } }
            }
        }
    }

    private struct FirstRange: Sendable {
        let buffer: HeapBuffer
        let received: Int
        let etag: String?
    }

    /// A pointer into the final buffer that parallel ranges fill at disjoint offsets.
    private struct WriteTarget: @unchecked Sendable {
        let base: UnsafeMutableRawPointer
        let count: Int
    }

    private func request(range: Range<Int>, etag: String?) -> S3Request {
        var headers: [(name: String, value: String)] = [("range", "bytes=\(range.lowerBound)-\(range.upperBound - 1)")]
        if let etag { headers.append(("if-match", etag)) }
        return S3Request(operation: "GetObject", method: .GET, bucket: bucket, key: key, headers: headers)
    }

    private func receiveFirst(_ response: HTTPClientResponse, rangeSize: Int) async throws -> FirstRange {
        let total: Int
        if response.status.code == 206 {
            guard let header = response.headers.first(name: "content-range"), let slash = header.lastIndex(of: "/"),
                  let size = Int(header[header.index(after: slash)...]) else {
                throw S3Error.invalidResponse(operation: "GetObject", bucket: bucket, key: key, reason: "a partial answer without a total size in Content-Range")
            }
            total = size
        } else {
            guard let length = response.headers.first(name: "content-length").flatMap(Int.init) else {
                throw S3Error.invalidResponse(operation: "GetObject", bucket: bucket, key: key, reason: "no Content-Length")
            }
            total = length
        }
        let buffer = HeapBuffer(byteCount: total)
        let expected = response.status.code == 206 ? min(rangeSize, total) : total
        let target = WriteTarget(base: UnsafeMutableRawPointer(mutating: buffer.bytes.baseAddress!), count: total)
        try await copyBody(response, into: target, range: 0..<expected)
        return FirstRange(buffer: buffer, received: expected, etag: response.headers.first(name: "etag"))
    }

    private func fetch(_ range: Range<Int>, into target: WriteTarget, etag: String?) async throws {
        do {
            try await client.send(request(range: range, etag: etag)) { response in
                guard response.status.code == 206 else {
                    throw S3Error.invalidResponse(operation: "GetObject", bucket: bucket, key: key, reason: "HTTP \(response.status.code) to a ranged read")
                }
                try await copyBody(response, into: target, range: range)
            }
        } catch let S3Error.service(_, status, _, _, _, _, _) where status == 412 {
            throw S3Error.objectChanged(bucket: bucket, key: key)
        }
    }

    /// Copies the response body to `range` of the target; the body must fill it exactly.
    private func copyBody(_ response: HTTPClientResponse, into target: WriteTarget, range: Range<Int>) async throws {
        var offset = range.lowerBound
        for try await chunk in response.body {
            let count = chunk.readableBytes
            guard offset + count <= range.upperBound else {
                throw S3Error.invalidResponse(operation: "GetObject", bucket: bucket, key: key, reason: "more bytes than the range \(range) holds")
            }
            chunk.withUnsafeReadableBytes { source in
                if count > 0 { (target.base + offset).copyMemory(from: source.baseAddress!, byteCount: count) }
            }
            offset += count
        }
        guard offset == range.upperBound else {
            throw S3Error.transport(operation: "GetObject", bucket: bucket, key: key, endpoint: client.settings.endpoint.description,
                                    attempts: 1, underlying: "the body ended after \(offset - range.lowerBound) of \(range.count) bytes")
        }
    }

    /// A 416 to `bytes=0-...` means the object is empty (or vanished): read it whole.
    private func wholeObjectWhenEmpty() async throws -> Blob {
        let request = S3Request(operation: "GetObject", method: .GET, bucket: bucket, key: key)
        let (_, body) = try await client.send(request) { response in (response.headers, try await response.body.collect(upTo: 1 << 20)) }
        return Blob(copying: body.readableBytesView)
    }
}
