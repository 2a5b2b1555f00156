import DatasetSDK
import DatasetSDKS3

/// Creates the bucket the S3 environments write to (`MLOPS_BUCKET`), on the server the
/// `AWS_*` variables name; an existing bucket is fine.
public enum S3Buckets {
    public static func ensure(_ bucket: String, variables: [String: String]) async throws {
        let storage = try S3Storage(configuration: StorageConfiguration(dataset: "mlops"), environment: variables)
        try await storage.client.createBucket(bucket)
    }
}
