import AsyncHTTPClient
import DatasetSDK
import NIOHTTP1

/// One multipart upload on the server: parts go up in any order and in parallel; the object
/// appears only when ``complete(_:)`` succeeds, and ``abort()`` frees the stored parts.
final class MultipartUpload: Sendable {
    /// A stored part: its number and the ETag the server gave it.
    struct Part: Sendable {
        let number: Int
        let etag: String
    }

    let client: S3Client
    let bucket: String
    let key: String
    let uploadID: String

    private init(client: S3Client, bucket: String, key: String, uploadID: String) {
        self.client = client
        self.bucket = bucket
        self.key = key
        self.uploadID = uploadID
    }

    /// Starts an upload (`POST ?uploads`).
    static func start(client: S3Client, bucket: String, key: String) async throws -> MultipartUpload {
        let request = S3Request(operation: "CreateMultipartUpload", method: .POST, bucket: bucket, key: key, query: [("uploads", "")])
        let (_, body) = try await client.sendCollecting(request)
        guard let uploadID = XMLText(body).value(of: "UploadId"), !uploadID.isEmpty else {
            throw S3Error.invalidResponse(operation: "CreateMultipartUpload", bucket: bucket, key: key, reason: "no UploadId in the answer")
        }
        return MultipartUpload(client: client, bucket: bucket, key: key, uploadID: uploadID)
    }

    /// Uploads part `number` (1...10,000): the concatenation of `blobs`, `count` bytes.
    func uploadPart(number: Int, blobs: [Blob], count: Int) async throws -> Part {
        let request = S3Request(operation: "UploadPart", method: .PUT, bucket: bucket, key: key,
                                query: [("partNumber", String(number)), ("uploadId", uploadID)], body: .blobs(blobs, count: count))
        let (headers, _) = try await client.sendCollecting(request)
        guard let etag = headers.first(name: "etag"), !etag.isEmpty else {
            throw S3Error.invalidResponse(operation: "UploadPart", bucket: bucket, key: key, reason: "part \(number) got no ETag")
        }
        return Part(number: number, etag: etag)
    }

    /// Joins `parts` into the object (`POST ?uploadId=`). S3 may answer 200 with an error
    /// document; that is an error too.
    func complete(_ parts: [Part]) async throws {
        var xml = "<CompleteMultipartUpload>"
        for part in parts.sorted(by: { $0.number < $1.number }) {
            xml += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\(XMLText.escape(part.etag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let request = S3Request(operation: "CompleteMultipartUpload", method: .POST, bucket: bucket, key: key,
                                query: [("uploadId", uploadID)], headers: [("content-type", "application/xml")], body: .small(Array(xml.utf8)))
        let (_, body) = try await client.sendCollecting(request)
        if let error = S3ErrorDocument(body: body) {
            throw S3Error.service(operation: "CompleteMultipartUpload", status: 200, code: error.code, message: error.message,
                                  bucket: bucket, key: key, requestID: error.requestID)
        }
    }

    /// Discards the upload and its parts (`DELETE ?uploadId=`); an upload already gone is fine.
    func abort() async throws {
        let request = S3Request(operation: "AbortMultipartUpload", method: .DELETE, bucket: bucket, key: key, query: [("uploadId", uploadID)])
        do { _ = try await client.sendCollecting(request) } catch let S3Error.service(_, status, code, _, _, _, _) where status == 404 || code == "NoSuchUpload" {}
    }
}
