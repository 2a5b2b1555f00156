// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "DatasetSDK",
    products: [
        .library(name: "DatasetSDK", targets: ["DatasetSDK"]),
        .library(name: "DatasetSDKCLI", targets: ["DatasetSDKCLI"]),
        .library(name: "DatasetSDKSharedMemory", targets: ["DatasetSDKSharedMemory"]),
        .library(name: "DatasetSDKCompressed", targets: ["DatasetSDKCompressed"]),
        .library(name: "DatasetSDKS3", targets: ["DatasetSDKS3"]),
        .executable(name: "datasets", targets: ["DatasetsCLI"]),
        .executable(name: "dataset-codegen", targets: ["dataset-codegen"]),
        .executable(name: "datasets-bench", targets: ["DatasetsBench"]),
        .plugin(name: "DatasetCodegenPlugin", targets: ["DatasetCodegenPlugin"]),
        .plugin(name: "GenerateDatasetTypes", targets: ["GenerateDatasetTypes"]),
        .executable(name: "mlops", targets: ["MLOpsCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // S3: HTTP client and SigV4 hashing.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // Fast CRC-32 (zlib polynomial) from Debian's libdeflate: vectorised even in debug builds.
        .systemLibrary(
            name: "CDeflate",
            path: "Sources/CDeflate",
            pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"])]
        ),
        // zstd for PickleDataset (compressed containers).
        .systemLibrary(
            name: "CZstd",
            path: "Sources/CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The shared-memory store: blobs as files on a tmpfs, metadata in SQLite, no daemon.
        .target(
            name: "DatasetSDKSharedMemory",
            dependencies: ["DatasetSDK", "CSQLite", "CDeflate"],
            path: "Sources/Backends/DatasetSDKSharedMemory"
        ),
        // PickleDataset: containers compressed with zstd, on any storage.
        .target(
            name: "DatasetSDKCompressed",
            dependencies: ["DatasetSDK", "CZstd"],
            path: "Sources/Backends/DatasetSDKCompressed"
        ),
        // The s3:// storage scheme: SigV4, multipart and parallel ranged transfers, retries.
        .target(
            name: "DatasetSDKS3",
            dependencies: [
                "DatasetSDK",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/Backends/DatasetSDKS3"
        ),
        .target(
            name: "DatasetSDK",
            dependencies: [
                "CDeflate",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/DatasetSDK"
        ),
        // The command-line layer: PipelineProject (run, catalog, pipeline commands) on ArgumentParser.
        .target(
            name: "DatasetSDKCLI",
            dependencies: ["DatasetSDK", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/DatasetSDKCLI"
        ),
        .executableTarget(
            name: "DatasetsCLI",
            dependencies: [
                "DatasetSDK",
                "DatasetSDKSharedMemory",
                "DatasetSDKCompressed",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/datasets"
        ),
        // Codegen: dataset types from .proto (descriptors -> model -> Swift), the dataset-codegen
        // tool, its build-tool and command plugins, the custom-type example and the tests.
        .target(
            name: "DatasetCodegen",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            path: "Sources/DatasetCodegen"
        ),
        .executableTarget(
            name: "dataset-codegen",
            dependencies: ["DatasetCodegen", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/dataset-codegen"
        ),
        .plugin(
            name: "DatasetCodegenPlugin",
            capability: .buildTool(),
            dependencies: [.target(name: "dataset-codegen")],
            path: "Plugins/DatasetCodegenPlugin"
        ),
        .plugin(
            name: "GenerateDatasetTypes",
            capability: .command(
                intent: .custom(verb: "generate-dataset-types", description: "Generate Swift dataset types from the .proto files of targets into their Generated folders"),
                permissions: [.writeToPackageDirectory(reason: "writes the generated Swift files into each target's Generated folder")]
            ),
            dependencies: [.target(name: "dataset-codegen")],
            path: "Plugins/GenerateDatasetTypes"
        ),
        .executableTarget(
            name: "CustomTypeExample",
            dependencies: ["DatasetSDK", "DatasetSDKSharedMemory"],
            path: "Examples/CustomType/Sources",
            plugins: ["DatasetCodegenPlugin"]
        ),
        .testTarget(
            name: "CodegenTests",
            dependencies: ["DatasetCodegen", "DatasetSDK", "DatasetSDKSharedMemory"],
            path: "Tests/CodegenTests",
            exclude: ["Golden"],
            plugins: ["DatasetCodegenPlugin"]
        ),
        .executableTarget(
            name: "DatasetsBench",
            dependencies: [
                "DatasetSDK",
                "DatasetSDKSharedMemory",
                "DatasetSDKCompressed",
                "DatasetSDKS3",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/datasets-bench"
        ),
        .executableTarget(
            name: "DatasetTestHelper",
            dependencies: ["DatasetSDK", "DatasetSDKSharedMemory", "DatasetSDKCompressed", "DatasetSDKS3"],
            path: "Tests/Helpers/DatasetTestHelper"
        ),
        .executableTarget(
            name: "PipelineFixture",
            dependencies: ["DatasetSDK", "DatasetSDKCLI", "DatasetSDKSharedMemory"],
            path: "Tests/Helpers/PipelineFixture"
        ),
        .executableTarget(
            name: "CustomBackendExample",
            dependencies: ["DatasetSDK", "DatasetSDKCLI"],
            path: "Examples/CustomBackend/Sources"
        ),
        // The house-prices example (issue #8): pipeline, data generation, benchmark, Argo export.
        .target(
            name: "MLOps",
            dependencies: [
                "DatasetSDK", "DatasetSDKCLI", "DatasetSDKSharedMemory", "DatasetSDKCompressed", "DatasetSDKS3",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Examples/MLOps/Sources/MLOps"
        ),
        .executableTarget(
            name: "MLOpsCLI",
            dependencies: ["MLOps", "DatasetSDK", "DatasetSDKCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/MLOps/Sources/mlops"
        ),
        .testTarget(
            name: "MLOpsTests",
            dependencies: ["MLOps", "DatasetSDK", "DatasetSDKSharedMemory", .product(name: "Yams", package: "Yams")],
            path: "Examples/MLOps/Tests/MLOpsTests"
        ),
        // Helpers the test targets share (running child processes).
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "DatasetSDKTests",
            dependencies: ["DatasetSDK", "DatasetSDKCLI"],
            path: "Tests/DatasetSDKTests"
        ),
        .testTarget(
            name: "SharedMemoryTests",
            dependencies: ["TestSupport", "DatasetSDK", "DatasetSDKSharedMemory"],
            path: "Tests/SharedMemoryTests"
        ),
        // The shared-memory store tiered over S3 across nodes (issue #10): real SeaweedFS, one
        // store folder per node, each node a real process.
        .testTarget(
            name: "TierTests",
            dependencies: ["TestSupport", "DatasetSDK", "DatasetSDKSharedMemory", "DatasetSDKS3"],
            path: "Tests/TierTests"
        ),
        .testTarget(
            name: "CompressedTests",
            dependencies: ["TestSupport", "DatasetSDK", "DatasetSDKCompressed", "CZstd"],
            path: "Tests/CompressedTests"
        ),
        .testTarget(
            name: "S3Tests",
            dependencies: ["TestSupport", "DatasetSDK", "DatasetSDKS3", "DatasetSDKCompressed"],
            path: "Tests/S3Tests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
