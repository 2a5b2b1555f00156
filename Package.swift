// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "DatasetSDK",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "DatasetSDK", targets: ["DatasetSDK"]),
        .library(name: "SharedMemory", targets: ["SharedMemory"]),
        .library(name: "Compressed", targets: ["Compressed"]),
        .executable(name: "datasets", targets: ["DatasetsCLI"]),
        .executable(name: "dataset-codegen", targets: ["DatasetCodegenTool"]),
        .executable(name: "datasets-bench", targets: ["DatasetsBench"]),
        .executable(name: "mlops", targets: ["MLOpsCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
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
            name: "SharedMemory",
            dependencies: ["DatasetSDK", "CSQLite"],
            path: "Sources/Backends/SharedMemory"
        ),
        // PickleDataset: containers compressed with zstd, on any storage.
        .target(
            name: "Compressed",
            dependencies: ["DatasetSDK", "CZstd"],
            path: "Sources/Backends/Compressed"
        ),
        .target(
            name: "DatasetSDK",
            dependencies: [
                "CDeflate",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/DatasetSDK"
        ),
        .executableTarget(
            name: "DatasetsCLI",
            dependencies: [
                "DatasetSDK",
                "SharedMemory",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/datasets"
        ),
        .executableTarget(
            name: "DatasetCodegenTool",
            dependencies: [],
            path: "Sources/dataset-codegen"
        ),
        .executableTarget(
            name: "DatasetsBench",
            dependencies: [
                "DatasetSDK",
                "SharedMemory",
                "Compressed",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/datasets-bench"
        ),
        .executableTarget(
            name: "DatasetTestHelper",
            dependencies: ["DatasetSDK", "SharedMemory"],
            path: "Tests/Helpers/DatasetTestHelper"
        ),
        .executableTarget(
            name: "PipelineFixture",
            dependencies: ["DatasetSDK"],
            path: "Tests/Helpers/PipelineFixture"
        ),
        .executableTarget(
            name: "CustomBackendExample",
            dependencies: ["DatasetSDK"],
            path: "Examples/CustomBackend/Sources"
        ),
        // The house-prices example (issue #8): pipeline, data generation, benchmark, Argo export.
        .target(
            name: "MLOps",
            dependencies: [
                "DatasetSDK", "SharedMemory", "Compressed",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Examples/MLOps/Sources/MLOps"
        ),
        .executableTarget(
            name: "MLOpsCLI",
            dependencies: ["MLOps", "DatasetSDK", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Examples/MLOps/Sources/mlops"
        ),
        .testTarget(
            name: "MLOpsTests",
            dependencies: ["MLOps", "DatasetSDK", "SharedMemory", .product(name: "Yams", package: "Yams")],
            path: "Examples/MLOps/Tests/MLOpsTests"
        ),
        .testTarget(
            name: "DatasetSDKTests",
            dependencies: ["DatasetSDK"],
            path: "Tests/DatasetSDKTests"
        ),
        .testTarget(
            name: "SharedMemoryTests",
            dependencies: ["DatasetSDK", "SharedMemory"],
            path: "Tests/SharedMemoryTests"
        ),
        .testTarget(
            name: "CompressedTests",
            dependencies: ["DatasetSDK", "Compressed", "CZstd"],
            path: "Tests/CompressedTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
