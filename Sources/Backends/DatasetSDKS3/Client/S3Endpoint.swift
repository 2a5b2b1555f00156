/// Where S3 requests go: scheme, host, port and how buckets are addressed.
package struct S3Endpoint: Sendable, CustomStringConvertible {
    /// How the bucket appears in a request.
    package enum Addressing: String, Sendable {
        /// `https://host/bucket/key` (S3-compatible servers, buckets with dots).
        case path
        /// `https://bucket.host/key` (AWS's default).
        case virtualHosted = "virtual"
    }

    package let scheme: String
    package let host: String
    package let port: Int?
    /// A path prefix of the endpoint (`/s3` for `http://proxy/s3`), without trailing slash.
    package let basePath: String
    package let addressing: Addressing

    /// Parses `url` (`http://127.0.0.1:8333`, `https://s3.eu-west-1.amazonaws.com`).
    package init(url: String, addressing: Addressing) throws(S3Error) {
        guard let separator = url.firstRange(of: "://") else {
            throw .invalidConfiguration(dataset: "", key: "endpoint_url", reason: "'\(url)' is not a URL such as http://127.0.0.1:9000")
        }
        let scheme = url[..<separator.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw .invalidConfiguration(dataset: "", key: "endpoint_url", reason: "'\(url)' must start with http:// or https://")
        }
        var rest = url[separator.upperBound...]
        var basePath = ""
        if let slash = rest.firstIndex(of: "/") {
            basePath = String(rest[slash...])
            rest = rest[..<slash]
            while basePath.hasSuffix("/") { basePath.removeLast() }
        }
        var host = String(rest)
        var port: Int?
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") {
            guard let number = Int(rest[rest.index(after: colon)...]), (1...65535).contains(number) else {
                throw .invalidConfiguration(dataset: "", key: "endpoint_url", reason: "'\(url)' has an invalid port")
            }
            port = number
            host = String(rest[..<colon])
        }
        guard !host.isEmpty else { throw .invalidConfiguration(dataset: "", key: "endpoint_url", reason: "'\(url)' has no host") }
        self.scheme = scheme
        self.host = host
        self.port = port
        self.basePath = basePath
        self.addressing = addressing
    }

    /// AWS's endpoint for `region`.
    package static func aws(region: String, addressing: Addressing) -> S3Endpoint {
        // swiftlint:disable:next force_try
        try! S3Endpoint(url: "https://s3.\(region).amazonaws.com", addressing: addressing)
    }

    /// `http://127.0.0.1:8333`.
    package var description: String { "\(scheme)://\(hostHeader(bucket: nil))\(basePath)" }

    /// The `Host` header for a request about `bucket`.
    func hostHeader(bucket: String?) -> String {
        let name = (addressing == .virtualHosted && bucket != nil) ? "\(bucket!).\(host)" : host
        guard let port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) else { return name }
        return "\(name):\(port)"
    }

    /// The encoded request path for `key` in `bucket` (either may be absent).
    func encodedPath(bucket: String?, key: String?) -> String {
        var path = basePath
        if addressing == .path, let bucket { path += "/" + URIEncoding.encode(bucket) }
        if let key { path += "/" + URIEncoding.encode(key, keepingSlashes: true) } else if path.isEmpty || addressing == .path { path += "/" }
        return path
    }
}
