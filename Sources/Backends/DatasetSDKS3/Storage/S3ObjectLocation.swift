import DatasetSDK

/// `s3://bucket/key` split into its bucket and key. The key is kept byte for byte: spaces,
/// `+`, `:`, unicode and `//` are part of it.
struct S3ObjectLocation: Sendable, Hashable {
    let bucket: String
    let key: String

    /// Splits `location.path` at its first `/`; `allowEmptyKey` accepts `s3://bucket` (for listing).
    init(_ location: StorageLocation, allowEmptyKey: Bool = false) throws(StorageError) {
        let path = location.path
        let slash = path.firstIndex(of: "/")
        let bucket = String(slash.map { path[..<$0] } ?? path[...])
        let key = slash.map { String(path[path.index(after: $0)...]) } ?? ""
        guard Self.isValidBucketName(bucket) else {
            throw .invalidLocation(location.description, reason: "'\(bucket)' is not a valid bucket name (3-63 characters: lower-case letters, digits, '.', '-')")
        }
        guard allowEmptyKey || !key.isEmpty else {
            throw .invalidLocation(location.description, reason: "no object key after the bucket (write s3://\(bucket)/path/to/object)")
        }
        guard key.utf8.count <= 1024 else {
            throw .invalidLocation(location.description, reason: "the key is \(key.utf8.count) bytes long; S3 allows 1024")
        }
        self.bucket = bucket
        self.key = key
    }

    static func isValidBucketName(_ name: String) -> Bool {
        guard (3...63).contains(name.utf8.count), let first = name.utf8.first, let last = name.utf8.last else { return false }
        let isLowerOrDigit = { (byte: UInt8) in (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        return isLowerOrDigit(first) && isLowerOrDigit(last)
            && name.utf8.allSatisfy { isLowerOrDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }
}
