import DatasetSDK

extension Registry {
    /// Registers the `s3` storage scheme, so that `s3://bucket/key` works as the `filepath` of
    /// any dataset type (settings from the entry's `credentials` and `fs_args`).
    public mutating func registerS3() {
        register(scheme: "s3") { configuration in try S3Storage(configuration: configuration) }
    }

    /// The standard registry plus the `s3` scheme.
    public static var withS3: Registry {
        var registry = Registry.standard
        registry.registerS3()
        return registry
    }
}
