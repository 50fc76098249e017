import Foundation

/// What recovery found in one `.open` file left by a crash.
public struct RecoveredWARC: Sendable {
    /// The `.open` file's name.
    public var openName: String
    /// The closed name it was renamed to, or nil if nothing survived and it was removed.
    public var closedName: String?
    /// The complete records kept, in file order (warcinfo included).
    public var survivors: [WARCRecordSummary]
    /// Bytes cut off the end (a torn record); 0 if the file ended cleanly.
    public var truncatedBytes: UInt64
    /// Why the tail was cut (the reader's error), if it was.
    public var tornTail: String?
}

/// Identity and place of a surviving record: enough for the crawler to match
/// capture rows (by record ID or target URI) and re-fetch those whose records are gone.
public struct WARCRecordSummary: Sendable, Hashable {
    public var recordID: String
    public var type: String
    public var targetURI: String?
    public var location: WARCRecordLocation
}

/// Start-up recovery of a WARC directory after a crash or kill -9.
public enum WARCRecovery {
    /// For each `*.warc.gz.open` in `directory`: keeps the leading run of
    /// complete, well-formed records (each gzip member must inflate with a good
    /// CRC and parse as a WARC record), truncates the file after the last one,
    /// writes its CDXJ index and renames it to its closed name. A file with no
    /// complete record at all is deleted. Run before any `WARCWriter` opens the
    /// directory; records not listed in the result were lost and must be re-fetched.
    public static func recover(directory: String) throws(WARCError) -> [RecoveredWARC] {
        var results: [RecoveredWARC] = []
        for name in try POSIXFile.list(directory) where name.hasSuffix(WARCFileName.warcSuffix + WARCFileName.openSuffix) {
            results.append(try recoverFile(directory: directory, openName: name))
        }
        return results
    }

    static func recoverFile(directory: String, openName: String) throws(WARCError) -> RecoveredWARC {
        let path = directory + "/" + openName
        let closed = WARCFileName.closedName(openName)
        var survivors: [WARCRecordSummary] = []
        var entries: [CDXJEntry] = []
        var goodEnd: UInt64 = 0
        var torn: String?
        let size: UInt64
        do {
            let reader = try WARCReader(path: path)
            size = reader.size
            while goodEnd < size {
                let r: WARCReadRecord
                do { r = try reader.record(at: goodEnd) } catch { torn = error.description; break }
                let loc = WARCRecordLocation(fileName: closed, offset: r.offset, length: r.length, recordID: r.record.recordID)
                survivors.append(WARCRecordSummary(recordID: r.record.recordID, type: r.record.headers["WARC-Type"] ?? "",
                                                   targetURI: r.record.targetURI, location: loc))
                if let e = CDXJEntry(record: r.record, filename: closed, offset: r.offset, length: r.length) { entries.append(e) }
                goodEnd += r.length
            }
        }
        if survivors.isEmpty {
            guard unlink(path) == 0 else { throw .io(path: path, operation: "unlink", errno: errno) }
            try POSIXFile.syncDirectory(directory)
            return RecoveredWARC(openName: openName, closedName: nil, survivors: [], truncatedBytes: size, tornTail: torn)
        }
        if goodEnd < size {
            guard truncate(path, off_t(goodEnd)) == 0 else { throw .io(path: path, operation: "truncate", errno: errno) }
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
            defer { close(fd) }
            try POSIXFile.sync(fd, path: path)
        }
        let final = try POSIXFile.finish(directory: directory, openName: openName, entries: entries)
        return RecoveredWARC(openName: openName, closedName: final, survivors: survivors,
                             truncatedBytes: size - goodEnd, tornTail: torn)
    }
}
