import DatasetSDK
import NIOCore

/// The bytes of a list of blobs as a stream of ≤ 1 MiB `ByteBuffer`s for a request body.
/// Each chunk is copied once into the buffer NIO writes to the socket; nothing else is copied.
struct BlobChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    static let chunkSize = 1 << 20
    let blobs: [Blob]

    func makeAsyncIterator() -> Iterator { Iterator(blobs: blobs) }

    struct Iterator: AsyncIteratorProtocol {
        let blobs: [Blob]
        var index = 0
        var offset = 0
        let allocator = ByteBufferAllocator()

        mutating func next() async -> ByteBuffer? {
            while index < blobs.count {
                let blob = blobs[index]
                guard offset < blob.count else {
                    index += 1
                    offset = 0
                    continue
                }
                let count = Swift.min(BlobChunks.chunkSize, blob.count - offset)
                var buffer = allocator.buffer(capacity: count)
                let start = offset
                blob.withUnsafeBytes { raw in _ = buffer.writeBytes(UnsafeRawBufferPointer(rebasing: raw[start..<(start + count)])) }
                offset += count
                return buffer
            }
            return nil
        }
    }
}
