import Foundation

/// What a finished child process printed, and its exit status.
public struct ProcessOutput: Sendable {
    /// Standard output, decoded as UTF-8.
    public var output: String
    /// The exit status.
    public var status: Int32
    /// Standard error, decoded as UTF-8.
    public var errorOutput: String
}

/// Runs `executable` (a path) with `arguments` to completion and returns what it printed.
///
/// - Parameter environment: the child's whole environment; nil inherits this process's.
public func runProcess(atPath executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    return waitForExit(of: process, output: output, errors: errors)
}

/// Waits until `process` (started with `output` and `errors` as its standard output and error)
/// exits, reading both pipes meanwhile, and returns what it printed.
public func waitForExit(of process: Process, output: Pipe, errors: Pipe) -> ProcessOutput {
    // Read standard error on another thread so neither pipe can fill up and block the child.
    let errorBox = DataBox()
    let readerDone = DispatchSemaphore(value: 0)
    let errorHandle = errors.fileHandleForReading
    Thread.detachNewThread {
        errorBox.data = errorHandle.readDataToEndOfFile()
        readerDone.signal()
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    readerDone.wait()
    process.waitUntilExit()
    return ProcessOutput(output: String(decoding: data, as: UTF8.self), status: process.terminationStatus,
                         errorOutput: String(decoding: errorBox.data, as: UTF8.self))
}

/// Data handed from a reader thread to the waiting one (the semaphore orders the accesses).
private final class DataBox: @unchecked Sendable {
    var data = Data()
}
