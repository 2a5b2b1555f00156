import ArgumentParser
import DatasetSDK

/// `datasets inspect PATH`: prints a container's metadata as JSON without reading blob bytes.
struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a .dso object's metadata (type, fields, members, blobs) as JSON.",
        discussion: "Blob bytes are not read unless --verify is given, so inspecting a 100 GiB file is instant."
    )

    @Argument(help: "Path of a .dso container file.")
    var path: String

    @Flag(help: "Also check every blob's CRC-32 (reads all bytes).")
    var verify = false

    func run() async throws {
        let location = try StorageLocation(path)
        let storage = try Registry.standard.storage(for: location.scheme, configuration: StorageConfiguration(dataset: path))
        let file = try await storage.read(location)
        if verify { _ = try Container.read(file, source: path, verifyingChecksums: true) }
        print(try Container.describe(file, source: path).jsonString(pretty: true))
    }
}
