/// An access key for signing S3 requests. Its description never shows the secret or the token.
struct S3Credentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The access key id (not a secret: AWS prints it in its own errors).
    let accessKeyID: String
    let secretAccessKey: String
    let sessionToken: String?
    /// Where the key came from (`catalog credentials 'dev_s3'`, `environment`, `profile 'default' in ~/.aws/credentials`).
    let source: String

    var description: String {
        "access key \(accessKeyID) from \(source)\(sessionToken == nil ? "" : " with a session token") (secret not shown)"
    }

    var debugDescription: String { description }

    /// Reflection (`dump`, `print` of a containing value) shows the key id and source only.
    var customMirror: Mirror { Mirror(self, children: ["accessKeyID": accessKeyID, "source": source]) }
}
