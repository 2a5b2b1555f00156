import ArgumentParser
import DatasetSDKCompressed
import DatasetSDK

/// `datasets inspect PATH`: prints a container's metadata as JSON without reading blob bytes.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a .dso or .dso.zst object's metadata (type, fields, members, blobs) as JSON.",
        discussion: """
            Blob bytes of a .dso are not read unless --verify is given, so inspecting a 100 GiB \
            file is instant. A .dso.zst (PickleDataset) is decompressed first.
            """
    )

    @Argument(help: "Path of a .dso container or a .dso.zst compressed container.")
    var path: String

    @Flag(help: "Also check every blob's CRC-32 (reads all bytes).")
    var verify = false

    func run() async throws {
        let location = try StorageLocation(path)
        let storage = try Registry.standard.storage(for: location.scheme, configuration: StorageConfiguration(dataset: path))
        var file = try await storage.read(location)
        if CompressedContainer.kind(of: file) == .zstd { file = try CompressedContainer.decompress(file, source: path) }
        if verify { _ = try Container.read(file, source: path, verifyingChecksums: true) }
        print(try Container.describe(file, source: path).jsonString(pretty: true))
    }
}
