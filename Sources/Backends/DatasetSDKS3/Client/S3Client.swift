import AsyncHTTPClient
import Crypto
import DatasetSDK
import NIOCore
import NIOHTTP1

/// Sends signed S3 requests with retries. One client per settings; all share one HTTP client
/// (connection pool) per process.
package final class S3Client: Sendable {
    package let settings: S3Settings
    let signer: SigV4Signer
    let retryPolicy: RetryPolicy
    let http: HTTPClient

    /// The process's HTTP client: HTTP/1.1 keep-alive connections, enough per host for parallel
    /// parts, no decompression, bounded connect and idle-read timeouts. Never shut down.
    static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(120))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        configuration.httpVersion = .http1Only
        configuration.decompression = .disabled
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    package init(settings: S3Settings) {
        self.settings = settings
        signer = SigV4Signer(credentials: settings.credentials, region: settings.region)
        retryPolicy = RetryPolicy(maxAttempts: settings.maxAttempts)
        http = Self.sharedHTTPClient
    }

    /// Sends `request` (retrying what may succeed later) and hands a successful response to
    /// `handle`. An error status becomes an ``S3Error`` parsed from the error document. A
    /// connection lost while `handle` reads the body is retried too: `handle` must be
    /// idempotent.
    func send<T: Sendable>(_ request: S3Request, handle: (HTTPClientResponse) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            var retryAfter: Duration?
            let failure: S3Error
            do {
                let response = try await http.execute(try prepare(request), timeout: .hours(6))
                if (200..<300).contains(response.status.code) { return try await handle(response) }
                retryAfter = RetryPolicy.retryAfter(header: response.headers.first(name: "retry-after"))
                throw await error(for: response, request: request)
            } catch let error as S3Error {
                failure = error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                failure = .transport(operation: request.operation, bucket: request.bucket, key: request.key,
                                     endpoint: settings.endpoint.description, attempts: attempt, underlying: "\(error)")
            }
            guard failure.isRetryable, attempt < retryPolicy.maxAttempts, !Task.isCancelled else { throw failure }
            try await Task.sleep(for: retryPolicy.delay(beforeRetry: attempt, retryAfter: retryAfter))
        }
    }

    /// Sends `request` and returns the response headers and its body (bounded), for small answers.
    func sendCollecting(_ request: S3Request, limit: Int = 64 << 20) async throws -> (headers: HTTPHeaders, body: String) {
        try await send(request) { response in
            let body = try await response.body.collect(upTo: limit)
            return (response.headers, String(buffer: body))
        }
    }

    /// The signed HTTP request for `request`.
    func prepare(_ request: S3Request) throws -> HTTPClientRequest {
        let endpoint = settings.endpoint
        let path = endpoint.encodedPath(bucket: request.bucket, key: request.key)
        let host = endpoint.hostHeader(bucket: request.bucket)
        var signing = SigningRequest(method: request.method.rawValue, encodedPath: path, query: request.query,
                                     headers: request.headers + [("host", host)], payloadHash: SigV4Signer.unsignedPayload)
        let query = signing.canonicalQuery
        var httpRequest = HTTPClientRequest(url: "\(endpoint.scheme)://\(host)\(path)\(query.isEmpty ? "" : "?" + query)")
        httpRequest.method = request.method
        switch request.body {
        case .empty:
            signing.payloadHash = SigV4Signer.emptyPayloadHash
        case let .small(bytes):
            signing.payloadHash = SigV4Signer.hexSHA256(bytes)
            httpRequest.body = .bytes(ByteBuffer(bytes: bytes))
        case let .blobs(blobs, count):
            if settings.signsPayload { signing.payloadHash = Self.sha256(of: blobs) }
            httpRequest.body = .stream(BlobChunks(blobs: blobs), length: .known(Int64(count)))
        }
        for (name, value) in request.headers { httpRequest.headers.add(name: name, value: value) }
        for (name, value) in signer.signatureHeaders(for: signing, date: .now) { httpRequest.headers.add(name: name, value: value) }
        return httpRequest
    }

    private static func sha256(of blobs: [Blob]) -> String {
        var hasher = Crypto.SHA256()
        for blob in blobs { blob.withUnsafeBytes { hasher.update(bufferPointer: $0) } }
        return SigV4Signer.hex(hasher.finalize())
    }

    /// The typed error for an unsuccessful response.
    func error(for response: HTTPClientResponse, request: S3Request) async -> S3Error {
        let body = (try? await response.body.collect(upTo: 1 << 20)).map { String(buffer: $0) } ?? ""
        let status = Int(response.status.code)
        let document = S3ErrorDocument(body: body)
            ?? S3ErrorDocument(code: Self.defaultCode(status: status, hasKey: request.key != nil), message: response.status.reasonPhrase,
                               requestID: response.headers.first(name: "x-amz-request-id"))
        let keyID = settings.credentials.accessKeyID
        switch document.code {
        case "NoSuchBucket": return .noSuchBucket(bucket: request.bucket, endpoint: settings.endpoint.description)
        case "NoSuchKey": return .noSuchKey(bucket: request.bucket, key: request.key ?? "")
        case "AccessDenied": return .accessDenied(operation: request.operation, bucket: request.bucket, key: request.key, accessKeyID: keyID, message: document.message)
        case "SignatureDoesNotMatch": return .signatureDoesNotMatch(operation: request.operation, bucket: request.bucket, key: request.key, accessKeyID: keyID)
        case "InvalidAccessKeyId": return .invalidAccessKeyID(bucket: request.bucket, accessKeyID: keyID)
        default:
            return .service(operation: request.operation, status: status, code: document.code, message: document.message,
                            bucket: request.bucket, key: request.key, requestID: document.requestID)
        }
    }

    /// The code a bodiless error (a HEAD answer) stands for.
    private static func defaultCode(status: Int, hasKey: Bool) -> String {
        switch status {
        case 404: hasKey ? "NoSuchKey" : "NoSuchBucket"
        case 403: "AccessDenied"
        case 503: "SlowDown"
        default: ""
        }
    }
}
