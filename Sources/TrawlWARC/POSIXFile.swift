import Foundation

/// Thin POSIX helpers with `WARCError`s that name the file. Durability matters
/// here: a record is fsync'd before the crawler commits its capture row, and
/// directory entries (create, rename) are fsync'd through the directory.
enum POSIXFile {
    /// Writes all of `bytes` to `fd`, retrying short writes and EINTR.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(WARCError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "write", errno: errno)
            }
            done += n
        }
    }

    static func sync(_ fd: Int32, path: String) throws(WARCError) {
        guard fsync(fd) == 0 else { throw .io(path: path, operation: "fsync", errno: errno) }
    }

    /// fsyncs the directory so that a created or renamed entry survives a crash.
    static func syncDirectory(_ dir: String) throws(WARCError) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: dir, operation: "open directory", errno: errno) }
        defer { close(fd) }
        try sync(fd, path: dir)
    }

    /// Creates `path` (and missing parents) if it does not exist.
    static func makeDirectory(_ path: String) throws(WARCError) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            guard isDir.boolValue else { throw .fileSystem(path: path, message: "exists but is not a directory; set [warc] dir to a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .fileSystem(path: path, message: "cannot create WARC directory: \(error.localizedDescription)")
        }
    }

    /// The names in directory `path` (not recursive).
    static func list(_ path: String) throws(WARCError) -> [String] {
        guard let dir = opendir(path) else { throw .io(path: path, operation: "opendir", errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Exactly `length` bytes of `fd` from `offset` (`pread`, retried on EINTR and short reads).
    static func read(_ fd: Int32, offset: UInt64, length: UInt64, path: String) throws(WARCError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(length))
        var done = 0
        while done < out.count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, $0.count - done, off_t(offset) + off_t(done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw n == 0 ? .malformed(path: path, offset: offset, reason: "file ends inside the record (\(done) of \(length) bytes)")
                    : .io(path: path, operation: "pread", errno: errno)
            }
            done += n
        }
        return out
    }

    /// Writes `bytes` to `path` atomically (temp file, fsync, rename).
    static func writeFileAtomically(_ path: String, _ bytes: [UInt8]) throws(WARCError) {
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: tmp, operation: "open", errno: errno) }
        do {
            try writeAll(fd, bytes, path: tmp)
            try sync(fd, path: tmp)
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        close(fd)
        guard rename(tmp, path) == 0 else { throw .io(path: path, operation: "rename", errno: errno) }
    }

    /// Closes a finished `.warc.gz.open` file: writes its sorted CDXJ index
    /// beside it, then renames it to its closed name, then syncs the directory.
    /// In that order, so a closed `.warc.gz` always has its `.cdxj`.
    /// - Returns: the closed file name.
    static func finish(directory: String, openName: String, entries: [CDXJEntry]) throws(WARCError) -> String {
        try finish(directory: directory, openName: openName, indexLines: entries.map(\.lineBytes))
    }

    /// ``finish(directory:openName:entries:)`` with the index lines formatted already (``CDXJEntry/lineBytes``).
    static func finish(directory: String, openName: String, indexLines: [[UInt8]]) throws(WARCError) -> String {
        let closed = WARCFileName.closedName(openName)
        try writeFileAtomically(directory + "/" + WARCFileName.indexName(openName), CDXJEntry.sortedIndex(lines: indexLines))
        guard rename(directory + "/" + openName, directory + "/" + closed) == 0 else {
            throw .io(path: directory + "/" + openName, operation: "rename to \(closed)", errno: errno)
        }
        try syncDirectory(directory)
        return closed
    }
}
