import AsyncHTTPClient
import DatasetSDK
import NIOCore
import NIOHTTP1

/// One listed object.
package struct S3ObjectSummary: Sendable, Hashable {
    package let key: String
    package let size: Int
}

extension S3Client {
    /// Stores the concatenation of `blobs` (`count` bytes) as one object with a single PUT.
    package func putObject(bucket: String, key: String, blobs: [Blob], count: Int) async throws {
        let request = S3Request(operation: "PutObject", method: .PUT, bucket: bucket, key: key, body: .blobs(blobs, count: count))
        _ = try await sendCollecting(request)
    }

    /// The object's size, or nil when no object has this key.
    package func objectSize(bucket: String, key: String) async throws -> Int? {
        let request = S3Request(operation: "HeadObject", method: .HEAD, bucket: bucket, key: key)
        do {
            return try await send(request) { response in
                guard let length = response.headers.first(name: "content-length").flatMap(Int.init) else {
                    throw S3Error.invalidResponse(operation: "HeadObject", bucket: bucket, key: key, reason: "no Content-Length")
                }
                return length
            }
        } catch S3Error.noSuchKey {
            return nil
        }
    }

    /// Deletes the object; deleting a missing key is not an error (as in S3).
    package func deleteObject(bucket: String, key: String) async throws {
        _ = try await sendCollecting(S3Request(operation: "DeleteObject", method: .DELETE, bucket: bucket, key: key))
    }

    /// Every object whose key starts with `prefix`, in key order, following continuation tokens.
    package func listObjects(bucket: String, prefix: String, pageSize: Int = 1000) async throws -> [S3ObjectSummary] {
        var found: [S3ObjectSummary] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", prefix), ("max-keys", String(pageSize))]
            if let token { query.append(("continuation-token", token)) }
            let (_, body) = try await sendCollecting(S3Request(operation: "ListObjectsV2", method: .GET, bucket: bucket, key: nil, query: query))
            let document = XMLText(body)
            guard document.elements(named: "ListBucketResult").first != nil else {
                throw S3Error.invalidResponse(operation: "ListObjectsV2", bucket: bucket, key: prefix, reason: "no ListBucketResult in the answer")
            }
            for entry in document.elements(named: "Contents") {
                guard let key = entry.value(of: "Key"), let size = entry.value(of: "Size").flatMap(Int.init) else {
                    throw S3Error.invalidResponse(operation: "ListObjectsV2", bucket: bucket, key: prefix, reason: "an entry without Key or Size")
                }
                found.append(S3ObjectSummary(key: key, size: size))
            }
            let truncated = document.value(of: "IsTruncated") == "true"
            token = truncated ? document.value(of: "NextContinuationToken") : nil
            if truncated, token == nil {
                throw S3Error.invalidResponse(operation: "ListObjectsV2", bucket: bucket, key: prefix, reason: "a truncated page without NextContinuationToken")
            }
        } while token != nil
        return found
    }

    /// Creates `bucket`; an existing bucket owned by this identity is not an error.
    package func createBucket(_ bucket: String) async throws {
        do {
            _ = try await sendCollecting(S3Request(operation: "CreateBucket", method: .PUT, bucket: bucket, key: nil))
        } catch let S3Error.service(_, _, code, _, _, _, _) where code == "BucketAlreadyOwnedByYou" || code == "BucketAlreadyExists" {}
    }
}
