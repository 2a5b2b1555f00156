import DatasetSDK

extension Registry {
    /// Registers `PickleDataset` (zstd-compressed containers on any storage scheme).
    public mutating func registerCompressed() {
        register(PickleDataset.self, as: "PickleDataset")
    }

    /// The standard registry plus `PickleDataset`.
    public static var withCompressed: Registry {
        var registry = Registry.standard
        registry.registerCompressed()
        return registry
    }
}
