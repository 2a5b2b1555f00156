import Foundation
import XCTest

/// The Dockerfile's steps (scripts/image), run on this machine: stage the image's files from the
/// tests' build, check that every library mlops links is inside the image or comes from the
/// runtime stage's packages, and run the pipeline from the image's /app in a scrubbed
/// environment. The Dockerfile itself must call exactly these steps.
final class ContainerImageTests: XCTestCase {
    private let script = exampleDirectory.appendingPathComponent("../../scripts/image").standardizedFileURL.path

    private func image(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testTheStagedImageRunsThePipelineWithOnlyItsRuntimePackages() throws {
        let folder = try ScratchFolder()
        let root = folder.path + "/image"
        let staged = try image(["stage", root, "--debug"], environment: ["MLOPS_BIN_DIR": mlopsExecutable.deletingLastPathComponent().path])
        XCTAssertEqual(staged.status, 0, staged.output)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: root + "/usr/local/bin/mlops"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: root + "/app/conf/shm-s3/catalog.yml"))
        let checked = try image(["check", root])
        XCTAssertEqual(checked.status, 0, checked.output)
        XCTAssertTrue(checked.output.contains("fill_na_node"), checked.output)
    }

    func testTheDockerfileRunsTheScriptsSteps() throws {
        let dockerfile = try String(contentsOf: exampleDirectory.appendingPathComponent("../../Dockerfile").standardizedFileURL, encoding: .utf8)
        let runs = dockerfile.split(separator: "\n").filter { $0.hasPrefix("RUN ") }.map(String.init)
        XCTAssertEqual(runs, ["RUN scripts/image stage /image", "RUN /usr/local/share/datasetsdk/image install-runtime"])
        XCTAssertTrue(dockerfile.contains("FROM debian:bookworm-slim"), "the run stage is a slim Debian")
        XCTAssertTrue(dockerfile.contains("COPY --from=build /image/ /"))
        let packages = try image(["runtime-packages"])
        XCTAssertEqual(packages.status, 0)
        XCTAssertTrue(packages.output.contains("libsqlite3-0"), packages.output)
    }
}
