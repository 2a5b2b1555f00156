#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A system call failed: which call, on which file, and the `errno` it set. The one error shape
/// for failed system calls across the SDK's modules.
package struct SystemCallError: Error, Sendable, CustomStringConvertible {
    /// The call (`open`, `pwrite`, `mmap`, ...).
    package let call: String
    /// The file it was about, when there is one.
    package let path: String?
    /// The `errno` value.
    package let code: Int32

    /// The failure of `call` on `path`, with the current `errno` unless `code` is given.
    package init(_ call: String, path: String? = nil, code: Int32 = errno) {
        self.call = call
        self.path = path
        self.code = code
    }

    /// The file does not exist (`ENOENT`).
    package var isMissing: Bool { code == ENOENT }

    /// The same failure, about `path`.
    package func at(_ path: String) -> SystemCallError { SystemCallError(call, path: path, code: code) }

    package var description: String {
        "\(call)\(path.map { " \($0)" } ?? ""): \(Self.message(for: code))\(Self.hint(for: code))"
    }

    /// `strerror`'s text for `code`.
    package static func message(for code: Int32) -> String { String(cString: strerror(code)) }

    /// What to do about the common failures, or "".
    package static func hint(for code: Int32) -> String {
        switch code {
        case ENOSPC: " (the file system is full: free space or choose another location)"
        case EACCES, EPERM: " (check the permissions of the file and its folder)"
        case EROFS: " (the file system is read-only)"
        default: ""
        }
    }
}

/// Loops around the system calls that may do part of their work or be interrupted.
package enum POSIX {
    /// Writes every byte of `bytes` to `fd` (at `offset` with `pwrite`, else at the file
    /// position), retrying after `EINTR` and short writes.
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int? = nil) throws(SystemCallError) {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let step = min(bytes.count - done, 1 << 30)
            let written = if let offset { pwrite(fd, base + done, step, off_t(offset + done)) } else { write(fd, base + done, step) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemCallError(offset == nil ? "write" : "pwrite")
            }
            done += written
        }
    }

    /// Waits for child `pid`, retrying after `EINTR`; returns its wait status.
    package static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return status
    }
}
