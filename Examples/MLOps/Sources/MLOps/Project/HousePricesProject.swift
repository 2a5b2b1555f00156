import DatasetSDKCompressed
import DatasetSDK
import Foundation
import DatasetSDKS3
import DatasetSDKSharedMemory

/// What the `mlops` executable is made of: the pipeline, the dataset types its catalog uses and
/// where its files are.
public enum HousePricesProject {
    /// The pipelines by name.
    public static func pipelines() -> [String: Pipeline] { ["__default__": HousePricesPipeline.make()] }

    /// The standard registry plus `SharedMemoryDataset`, `PickleDataset` and `HousePricesDataset`.
    public static var registry: Registry {
        var registry = Registry.standard
        registry.registerSharedMemory()
        registry.registerCompressed()
        registry.registerS3()
        registry.register(HousePricesDataset.self, as: "HousePricesDataset")
        return registry
    }

    /// The environment when neither `-e` nor `DATASETS_ENV` is given.
    public static let defaultEnvironment = "shm"

    /// The environments of `conf/`, in the order the benchmark reports them.
    public static let environments = ["shm", "shm-s3", "local", "pickle-local", "pickle", "s3", "s3-csv"]

    /// The environments that keep data on S3 (the benchmark starts a server for them).
    public static let s3Environments: Set<String> = ["shm-s3", "s3", "s3-csv", "pickle"]

    /// The example's folder (`Examples/MLOps` of the repository), found from the executable's
    /// location (`.build*/<config>/mlops`) or the working directory; nil when neither leads there.
    public static var exampleDirectory: URL? {
        let executable = URL(fileURLWithPath: ProcessRunner(arguments: []).executable).resolvingSymlinksInPath()
        var candidates: [URL] = []
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("Examples/MLOps"))
            folder = folder.deletingLastPathComponent()
        }
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        candidates += [current, current.appendingPathComponent("Examples/MLOps")]
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("conf/base/catalog.yml").path) }
    }

    /// The real `train.csv` shared beside the repository (`../shared/data/house-prices/train.csv`
    /// from the repository's root), when it exists.
    public static var sharedTrainCSV: String? {
        guard let example = exampleDirectory else { return nil }
        let path = example.appendingPathComponent("../../../shared/data/house-prices/train.csv").standardizedFileURL.path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
