import Crypto

/// AWS Signature Version 4 for S3: builds the canonical request, the string to sign and the
/// `Authorization` header from an access key, a region and a time.
///
/// The derived signing key depends only on the secret, the day, the region and the service, so
/// the signer caches it per day; signing a request costs two SHA-256 passes over a few hundred
/// bytes plus one HMAC (the body is not hashed unless the caller asks for a signed payload).
struct SigV4Signer: Sendable {
    static let algorithm = "AWS4-HMAC-SHA256"
    /// The payload hash that tells S3 the body is not part of the signature.
    static let unsignedPayload = "UNSIGNED-PAYLOAD"
    /// SHA-256 of the empty string.
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    let credentials: S3Credentials
    let region: String
    let service: String

    init(credentials: S3Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The headers to add to `request` (`x-amz-date`, `x-amz-content-sha256`, the session token
    /// when there is one, and `authorization`) for the time `date`.
    func signatureHeaders(for request: SigningRequest, date: AMZDate) -> [(name: String, value: String)] {
        var request = request
        var added: [(name: String, value: String)] = [
            ("x-amz-date", date.timestamp),
            ("x-amz-content-sha256", request.payloadHash),
        ]
        if let token = credentials.sessionToken { added.append(("x-amz-security-token", token)) }
        request.headers += added
        let (authorization, _) = authorization(for: request, date: date)
        added.append(("authorization", authorization))
        return added
    }

    /// The `Authorization` header value and the signature for a request that already carries
    /// every header to sign (including `x-amz-date` and `x-amz-content-sha256`).
    func authorization(for request: SigningRequest, date: AMZDate) -> (header: String, signature: String) {
        let (canonical, signedHeaders) = Self.canonicalRequest(request)
        let scope = "\(date.day)/\(region)/\(service)/aws4_request"
        let stringToSign = "\(Self.algorithm)\n\(date.timestamp)\n\(scope)\n\(Self.hexSHA256(Array(canonical.utf8)))"
        let key = signingKey(day: date.day)
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        let header = "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        return (header, signature)
    }

    /// The canonical request text and the signed-header list (`host;range;x-amz-date`).
    static func canonicalRequest(_ request: SigningRequest) -> (text: String, signedHeaders: String) {
        var merged: [String: [String]] = [:]
        for (name, value) in request.headers {
            merged[name.lowercased(), default: []].append(normalizedHeaderValue(value))
        }
        let names = merged.keys.sorted()
        let headerLines = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let text = [request.method, request.encodedPath, request.canonicalQuery, headerLines, signedHeaders, request.payloadHash]
            .joined(separator: "\n")
        return (text, signedHeaders)
    }

    /// HMAC chain `AWS4<secret>` → day → region → service → `aws4_request`.
    func signingKey(day: String) -> SymmetricKey {
        let dateKey = HMAC<SHA256>.authenticationCode(for: Array(day.utf8), using: SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8)))
        let regionKey = HMAC<SHA256>.authenticationCode(for: Array(region.utf8), using: SymmetricKey(data: dateKey))
        let serviceKey = HMAC<SHA256>.authenticationCode(for: Array(service.utf8), using: SymmetricKey(data: regionKey))
        let signing = HMAC<SHA256>.authenticationCode(for: Array("aws4_request".utf8), using: SymmetricKey(data: serviceKey))
        return SymmetricKey(data: signing)
    }

    /// Trims a header value and collapses runs of spaces into one, as SigV4 requires.
    static func normalizedHeaderValue(_ value: String) -> String {
        var result = ""
        var previousSpace = false
        for character in value.trimmingSpaces() {
            if character == " " || character == "\t" {
                if !previousSpace { result.append(" ") }
                previousSpace = true
            } else {
                result.append(character)
                previousSpace = false
            }
        }
        return result
    }

    static func hexSHA256(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hexSHA256($0) }
    }

    static func hexSHA256(_ raw: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256()
        hasher.update(bufferPointer: raw)
        return hex(hasher.finalize())
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingSpaces() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}
