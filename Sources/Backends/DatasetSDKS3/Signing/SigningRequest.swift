/// What SigV4 signs about one HTTP request: method, path, query, headers and the payload hash.
struct SigningRequest: Sendable {
    /// `GET`, `PUT`, ...
    var method: String
    /// The URI path exactly as sent (already percent-encoded), starting with `/`.
    var encodedPath: String
    /// Query parameters, not encoded; a parameter without a value (`?uploads`) has `""`.
    var query: [(name: String, value: String)]
    /// Header names and values; `host` must be among them.
    var headers: [(name: String, value: String)]
    /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    var payloadHash: String

    /// The query string as sent: names and values encoded, in the canonical (sorted) order.
    var canonicalQuery: String {
        query.map { (URIEncoding.encode($0.name), URIEncoding.encode($0.value)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }
}
