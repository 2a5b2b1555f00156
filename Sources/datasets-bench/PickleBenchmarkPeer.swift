#if canImport(Glibc)
import Glibc
#endif

/// A running `scripts/bench/pickle_peer.py` (cloudpickle + zstandard): it loads the objects once,
/// then measures one case per request, so each of our cases and the same Python case run back
/// to back under the same machine conditions.
final class PickleBenchmarkPeer {
    /// One measured case of the peer.
    struct Result {
        var pickledBytes: Double
        var storedBytes: Double
        var saveSeconds: Double
        var loadSeconds: Double
    }

    private let pid: pid_t
    private let requests: Int32
    private let replies: Int32
    private var pending: [UInt8] = []

    /// Starts the peer on the plain containers `frame` and `tensor` and waits until it has
    /// loaded them.
    ///
    /// - Throws: ``Failure`` when the script is missing, cannot start or fails to load.
    init(python: String, frame: String, tensor: String, directory: String) throws(Failure) {
        guard let script = Self.findScript() else { throw Failure(message: "scripts/bench/pickle_peer.py not found (run from the package folder)") }
        let arguments = [python, script, "--frame", frame, "--tensor", tensor, "--directory", directory]
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else { throw Failure(message: "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        for end in toChild + fromChild { posix_spawn_file_actions_addclose(&actions, end) }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = Self.environment().map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var child: pid_t = 0
        let spawned = posix_spawnp(&child, python, &actions, nil, argv, envp)
        close(toChild[0])
        close(fromChild[1])
        pid = child
        requests = toChild[1]
        replies = fromChild[0]
        guard spawned == 0 else { throw Failure(message: "cannot start \(python): \(String(cString: strerror(spawned)))") }
        let first = readLine()
        guard first == "ready" else { throw Failure(message: first.map { $0.hasPrefix("error=") ? String($0.dropFirst(6)) : $0 } ?? "the peer exited") }
    }

    /// Why the peer could not measure.
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Measures `name` ("frame" or "tensor") at `level` with `threads` zstd workers, best of `repeats`.
    func measure(_ name: String, level: Int, threads: Int, repeats: Int) throws(Failure) -> Result {
        var line = "measure \(name) \(level) \(threads) \(repeats)\n"
        line.withUTF8 { _ = write(requests, $0.baseAddress, $0.count) }
        guard let reply = readLine() else { throw Failure(message: "the peer exited") }
        if reply.hasPrefix("error=") { throw Failure(message: String(reply.dropFirst(6))) }
        var values: [String: Double] = [:]
        for pair in reply.split(separator: " ") {
            let sides = pair.split(separator: "=", maxSplits: 1)
            if sides.count == 2, let value = Double(sides[1]) { values[String(sides[0])] = value }
        }
        guard let pickled = values["pickled"], let stored = values["stored"], let save = values["save"], let load = values["load"] else {
            throw Failure(message: "unexpected reply: \(reply)")
        }
        return Result(pickledBytes: pickled, storedBytes: stored, saveSeconds: save, loadSeconds: load)
    }

    /// Asks the peer to quit and reaps it.
    func stop() {
        var line = "quit\n"
        line.withUTF8 { _ = write(requests, $0.baseAddress, $0.count) }
        close(requests)
        close(replies)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    }

    /// The next line the peer prints, without its newline; nil at the end of its output.
    private func readLine() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            let count = buffer.withUnsafeMutableBytes { read(replies, $0.baseAddress, $0.count) }
            if count > 0 { pending += buffer[0..<count] } else if count == 0 || errno != EINTR { return nil }
        }
    }

    /// The script, relative to the working directory or to a folder above this executable.
    private static func findScript() -> String? {
        let relative = "scripts/bench/pickle_peer.py"
        if access(relative, R_OK) == 0 { return relative }
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        var folder = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        for _ in 0..<6 {
            guard let slash = folder.lastIndex(of: "/") else { break }
            folder = String(folder[..<slash])
            if access("\(folder)/\(relative)", R_OK) == 0 { return "\(folder)/\(relative)" }
        }
        return nil
    }

    /// This process's `NAME=value` environment lines (from /proc: Swift 6 treats `environ` as
    /// unsafe shared state).
    private static func environment() -> [String] {
        guard let file = fopen("/proc/self/environ", "r") else { return [] }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
}
