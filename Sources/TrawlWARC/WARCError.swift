import Foundation

/// Errors raised by TrawlWARC. Each names the file (when there is one) and says what to do.
public enum WARCError: Error, CustomStringConvertible, Sendable {
    /// An I/O call failed on `path` (`operation` names the syscall, `errno` its error).
    case io(path: String, operation: String, errno: Int32)
    /// zlib returned `code` while doing `operation` (`path` is the file concerned, if any).
    case zlib(path: String?, operation: String, code: Int32)
    /// The bytes at `offset` in `path` are not a WARC record: `reason` says what was wrong.
    case malformed(path: String, offset: UInt64, reason: String)
    /// A record handed to the writer is unusable (`reason` says why).
    case invalidRecord(reason: String)
    /// A file-system operation (create directory, list directory) failed on `path`.
    case fileSystem(path: String, message: String)
    /// The writer was used after `close()`.
    case closed(path: String)

    public var description: String {
        switch self {
        case let .io(path, operation, code):
            return "\(operation) failed on \(path): \(String(cString: strerror(code))) (errno \(code)); check the directory exists, is writable and the disk is not full"
        case let .zlib(path, operation, code):
            return "zlib \(operation) failed (code \(code))\(path.map { " on \($0)" } ?? "")"
        case let .malformed(path, offset, reason):
            return "\(path) at offset \(offset) is not a valid WARC record: \(reason)"
        case let .invalidRecord(reason):
            return "invalid WARC record: \(reason)"
        case let .fileSystem(path, message):
            return "\(path): \(message)"
        case let .closed(path):
            return "WARC writer for \(path) was already closed; create a new WARCWriter"
        }
    }
}
