import DatasetSDK
import NIOHTTP1

/// One S3 API call before signing: what to send and what to name in errors.
struct S3Request: Sendable {
    /// The API operation (`GetObject`, `UploadPart`, ...), for messages.
    var operation: String
    var method: HTTPMethod
    var bucket: String
    var key: String?
    var query: [(name: String, value: String)] = []
    var headers: [(name: String, value: String)] = []
    var body: S3RequestBody = .empty
}

/// A request body. Object bytes stay in their blobs (no copy until they are written to the
/// socket) and can be sent again on a retry.
enum S3RequestBody: Sendable {
    case empty
    /// A small body (XML), always hashed into the signature.
    case small([UInt8])
    /// Object bytes: the concatenation of `blobs`, `count` bytes in all.
    case blobs([Blob], count: Int)

    var count: Int {
        switch self {
        case .empty: 0
        case let .small(bytes): bytes.count
        case let .blobs(_, count): count
        }
    }
}
