/// A record read back from a file, with where it was.
public struct WARCReadRecord: Sendable {
    public var record: WARCRecord
    /// Offset of the record's gzip member.
    public var offset: UInt64
    /// Compressed length of the member.
    public var length: UInt64
}

/// Reads records from a Trawl `.warc.gz` (one gzip member per record): in
/// order with `next()`/`readAll()`, or one alone at an indexed offset with
/// `record(at:)` (what `trawl show --raw` does with a capture row's offset).
///
/// Owns an open file; not thread-safe (one owner). Does not verify digests:
/// see `WARCValidation.verifyDigests`.
public final class WARCReader {
    private let file: GzipMemberFile
    private var cursor: UInt64 = 0
    /// The file's path.
    public var path: String { file.path }
    /// The file's size in bytes when opened.
    public var size: UInt64 { file.size }

    public init(path: String) throws(WARCError) {
        file = try GzipMemberFile(path: path)
    }

    /// The record whose gzip member starts at `offset`.
    public func record(at offset: UInt64) throws(WARCError) -> WARCReadRecord {
        let (bytes, length) = try file.member(at: offset)
        let record = try WARCSerialization.parse(bytes, path: file.path, offset: offset)
        return WARCReadRecord(record: record, offset: offset, length: length)
    }

    /// The next record in file order, or nil at the end of the file.
    public func next() throws(WARCError) -> WARCReadRecord? {
        guard cursor < file.size else { return nil }
        let r = try record(at: cursor)
        cursor += r.length
        return r
    }

    /// All records from the start of the file.
    public func readAll() throws(WARCError) -> [WARCReadRecord] {
        cursor = 0
        var out: [WARCReadRecord] = []
        while let r = try next() { out.append(r) }
        return out
    }
}
