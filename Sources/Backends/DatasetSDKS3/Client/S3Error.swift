/// An S3 request failed, or the S3 storage is configured wrongly.
///
/// Service errors come from the XML error document S3 returns and carry the bucket, the key
/// and a hint. No case ever holds a secret key or a session token.
public enum S3Error: Error, Sendable, CustomStringConvertible {
    /// The bucket does not exist (`NoSuchBucket`).
    case noSuchBucket(bucket: String, endpoint: String)
    /// No object has this key (`NoSuchKey`, or 404 on HEAD).
    case noSuchKey(bucket: String, key: String)
    /// The identity may not do this (`AccessDenied`, 403).
    case accessDenied(operation: String, bucket: String, key: String?, accessKeyID: String, message: String)
    /// The server computed another signature: usually a wrong secret (`SignatureDoesNotMatch`).
    case signatureDoesNotMatch(operation: String, bucket: String, key: String?, accessKeyID: String)
    /// The server does not know the access key id (`InvalidAccessKeyId`).
    case invalidAccessKeyID(bucket: String, accessKeyID: String)
    /// Any other error document (or a bodiless error status).
    case service(operation: String, status: Int, code: String, message: String, bucket: String, key: String?, requestID: String?)
    /// The request never got an answer (connection refused or reset, timeout), after `attempts` tries.
    case transport(operation: String, bucket: String, key: String?, endpoint: String, attempts: Int, underlying: String)
    /// The server answered something this client cannot use.
    case invalidResponse(operation: String, bucket: String, key: String?, reason: String)
    /// No credentials were found for dataset `dataset`; `searched` lists where the chain looked.
    case missingCredentials(dataset: String, searched: [String])
    /// A setting is missing or has a wrong value.
    case invalidConfiguration(dataset: String, key: String, reason: String)
    /// The object changed on the server while it was read in parallel ranges.
    case objectChanged(bucket: String, key: String)

    public var description: String {
        switch self {
        case let .noSuchBucket(bucket, endpoint):
            return "S3 bucket '\(bucket)' does not exist at \(endpoint) (NoSuchBucket); hint: create it (aws s3 mb s3://\(bucket)) or fix the bucket name and endpoint_url"
        case let .noSuchKey(bucket, key):
            return "nothing stored at s3://\(bucket)/\(key) (NoSuchKey); hint: save the dataset first or check the key"
        case let .accessDenied(operation, bucket, key, accessKeyID, message):
            return "S3 \(operation) \(Self.url(bucket, key)) denied for access key \(accessKeyID) (AccessDenied: \(message)); hint: grant this identity the permission or use other credentials"
        case let .signatureDoesNotMatch(operation, bucket, key, accessKeyID):
            return "S3 \(operation) \(Self.url(bucket, key)): the server rejected the signature of access key \(accessKeyID) (SignatureDoesNotMatch); hint: the secret key is wrong for this access key, or a proxy changed the request"
        case let .invalidAccessKeyID(bucket, accessKeyID):
            return "S3 bucket '\(bucket)': the server does not know access key \(accessKeyID) (InvalidAccessKeyId); hint: check aws_access_key_id and endpoint_url"
        case let .service(operation, status, code, message, bucket, key, requestID):
            return "S3 \(operation) \(Self.url(bucket, key)) failed with HTTP \(status) \(code.isEmpty ? "" : "(\(code))")\(message.isEmpty ? "" : ": \(message)")\(requestID.map { " [request id \($0)]" } ?? "")"
        case let .transport(operation, bucket, key, endpoint, attempts, underlying):
            return "S3 \(operation) \(Self.url(bucket, key)): no answer from \(endpoint) after \(attempts) attempt\(attempts == 1 ? "" : "s") (\(underlying)); hint: is the server running and endpoint_url right?"
        case let .invalidResponse(operation, bucket, key, reason):
            return "S3 \(operation) \(Self.url(bucket, key)): unexpected response: \(reason)"
        case let .missingCredentials(dataset, searched):
            return "dataset '\(dataset)': no S3 credentials found (looked in: \(searched.joined(separator: "; "))); hint: add aws_access_key_id and aws_secret_access_key to a credentials.yml entry, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        case let .invalidConfiguration(dataset, key, reason):
            return "\(dataset.isEmpty ? "" : "dataset '\(dataset)': ")S3 setting '\(key)': \(reason)"
        case let .objectChanged(bucket, key):
            return "s3://\(bucket)/\(key) changed on the server while it was being read; load it again"
        }
    }

    private static func url(_ bucket: String, _ key: String?) -> String {
        key.map { "s3://\(bucket)/\($0)" } ?? "s3://\(bucket)"
    }

    /// Whether the request may succeed when sent again.
    var isRetryable: Bool {
        switch self {
        case let .service(_, status, code, _, _, _, _):
            return [500, 502, 503, 504, 429].contains(status) || ["SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "RequestTimeTooSkewed"].contains(code)
        case .transport: return true
        default: return false
        }
    }
}
