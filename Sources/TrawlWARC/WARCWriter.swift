import Foundation

/// Where a record was written: what the crawler stores in its capture row so
/// `trawl show --raw` can read the record back with `WARCReader.record(at:)`.
public struct WARCRecordLocation: Sendable, Hashable, Codable {
    /// The WARC file's closed name (`….warc.gz`, never `.open`), relative to the WARC directory.
    public var fileName: String
    /// Byte offset of the record's gzip member in the file.
    public var offset: UInt64
    /// Compressed length of the member.
    public var length: UInt64
    /// The record's WARC-Record-ID.
    public var recordID: String

    public init(fileName: String, offset: UInt64, length: UInt64, recordID: String) {
        self.fileName = fileName
        self.offset = offset
        self.length = length
        self.recordID = recordID
    }
}

/// Settings of a `WARCWriter` (from the `[warc]` config section).
public struct WARCWriterConfiguration: Sendable {
    /// Directory the WARC files go to (created if missing).
    public var directory: String
    /// File name prefix (`PREFIX-YYYYMMDDhhmmss-SERIAL-HOSTNAME.warc.gz`).
    public var prefix: String
    /// Rotate before a batch would take the file past this size (default 1 GB).
    /// A file holds at least one batch, so one huge capture can exceed it.
    public var maxBytes: UInt64
    /// Host name written into file names and warcinfo.
    public var hostname: String
    /// `software` field of warcinfo, e.g. `Trawl/0.3`.
    public var software: String
    /// Extra warcinfo fields: the crawl's config summary, robots policy, operator…
    public var info: [(String, String)]
    /// Deflate level, 1 (fastest) … 9 (smallest): igzip at 1–3, libdeflate at 4–9 (see
    /// `GzipDeflater`); Trawl's `[warc] compression_level` defaults to 1.
    public var compressionLevel: Int32
    /// fsync after every batch (turn off only in benchmarks or tests).
    public var fsync: Bool

    public init(directory: String, prefix: String = "TRAWL", maxBytes: UInt64 = 1_000_000_000,
                hostname: String = WARCFileName.localHostname(), software: String = "Trawl",
                info: [(String, String)] = [], compressionLevel: Int32 = 6, fsync: Bool = true) {
        self.directory = directory
        self.prefix = prefix
        self.maxBytes = maxBytes
        self.hostname = hostname
        self.software = software
        self.info = info
        self.compressionLevel = compressionLevel
        self.fsync = fsync
    }
}

/// Appends records to rotating `.warc.gz` files, one gzip member per record.
///
/// Each `write` appends a batch (one fetch's request, response/revisit and
/// metadata) to the current `….warc.gz.open`, fsyncs it and returns where each
/// record landed; only then should the crawler commit the capture row. A new
/// file starts with a `warcinfo` record; at `maxBytes` the file is closed:
/// its sorted CDXJ index is written beside it and `.open` is dropped from the name.
///
/// Not `Sendable` and not thread-safe: it owns a file descriptor and a zlib
/// stream. Keep it inside one actor (the crawler's archive actor) and call it
/// only from there. Run `WARCRecovery.recover(directory:)` before creating
/// the first writer on a directory after a restart.
public final class WARCWriter {
    public let configuration: WARCWriterConfiguration
    private let deflater: GzipDeflater
    private var serial: Int
    private var file: OpenFile?
    /// Index lines of the open file (``CDXJEntry/lineBytes``), formatted as each batch is written
    /// so that closing a file only sorts them: formatting 20,000 lines at the end of a crawl took
    /// ~0.15 s (under perf) between its last fetch and its exit. Kept out of `OpenFile` so appends never copy them.
    private var indexLines: [[UInt8]] = []
    /// The buffer a batch's members are gathered into for one `write`, kept between batches:
    /// a crawl writes a batch of ~1 MB every few tens of milliseconds, and a new buffer each time
    /// was new memory the kernel had to fault in (page by page) for every batch.
    private var batchBuffer: [UInt8] = []
    /// A batch buffer grown past this (a batch of huge records) is not kept.
    private static let batchBufferLimit = 16 << 20

    /// The kept batch buffer, emptied (its capacity kept).
    private func takeBatchBuffer() -> [UInt8] {
        var buffer: [UInt8] = []
        swap(&buffer, &batchBuffer)
        buffer.removeAll(keepingCapacity: true)
        return buffer
    }

    /// Closed file names, in the order this writer closed them.
    public private(set) var closedFiles: [String] = []

    private struct OpenFile {
        var fd: Int32
        var openName: String
        var size: UInt64
        var headerSize: UInt64
        var path: String
    }

    /// Prepares a writer; no file is created until the first `write`.
    public init(configuration: WARCWriterConfiguration) throws(WARCError) {
        self.configuration = configuration
        try POSIXFile.makeDirectory(configuration.directory)
        deflater = try GzipDeflater(level: configuration.compressionLevel)
        let existing = try POSIXFile.list(configuration.directory)
        serial = (existing.compactMap { WARCFileName.serial(of: $0, prefix: configuration.prefix) }.max() ?? 0) + 1
    }

    deinit {
        // Left as `.open` on purpose if the owner did not `close()`: recovery closes it.
        if let file { Foundation.close(file.fd) }
    }

    /// Name (closed form) of the file the next batch goes to, or nil before the first write.
    public var currentFileName: String? { file.map { WARCFileName.closedName($0.openName) } }

    /// Writes `records` as one batch to the current file (rotating first if the
    /// batch would take it past `maxBytes`), fsyncs, and returns each record's location.
    /// On failure nothing of the batch remains in the file.
    @discardableResult
    public func write(_ records: [WARCRecord]) throws(WARCError) -> [WARCRecordLocation] {
        var prepared: [PreparedRecord] = []
        for record in records { prepared.append(try PreparedRecord(record, deflater: deflater)) }
        return try write(prepared: prepared)
    }

    /// Writes records already compressed (see `PreparedCapture`) as one batch, exactly as
    /// `write(_:)` does: rotation, fsync, locations and index lines are the same.
    @discardableResult
    public func write(prepared records: [PreparedRecord]) throws(WARCError) -> [WARCRecordLocation] {
        guard !records.isEmpty else { return [] }
        var buffer = takeBatchBuffer()
        defer { batchBuffer = buffer.capacity > Self.batchBufferLimit ? [] : buffer }
        buffer.reserveCapacity(records.reduce(0) { $0 + $1.member.count })
        var spans: [(offset: Int, length: Int)] = []
        for prepared in records {
            spans.append((buffer.count, prepared.member.count))
            buffer.append(contentsOf: prepared.member)
        }
        if let f = file, f.size > f.headerSize, f.size + UInt64(buffer.count) > configuration.maxBytes {
            try closeCurrent()
        }
        if file == nil { try openNew() }
        guard let f = file else { throw .closed(path: configuration.directory) }
        do {
            try POSIXFile.writeAll(f.fd, buffer, path: f.path)
            if configuration.fsync { try POSIXFile.sync(f.fd, path: f.path) }
        } catch {
            _ = ftruncate(f.fd, off_t(f.size))  // drop the partial batch; recovery would too
            throw error
        }
        let name = WARCFileName.closedName(f.openName)
        var locations: [WARCRecordLocation] = []
        for (prepared, span) in zip(records, spans) {
            let loc = WARCRecordLocation(fileName: name, offset: f.size + UInt64(span.offset),
                                         length: UInt64(span.length), recordID: prepared.record.recordID)
            if var entry = prepared.index {  // built when the record was prepared; only its place is new
                entry.filename = name
                entry.offset = loc.offset
                entry.length = loc.length
                indexLines.append(entry.lineBytes)
            }
            locations.append(loc)
        }
        let newSize = f.size + UInt64(buffer.count)
        file?.size = newSize
        if newSize >= configuration.maxBytes { try closeCurrent() }
        return locations
    }

    /// Closes the current file (index + rename), if one is open. The next
    /// `write` starts a new file. Call on shutdown.
    public func close() throws(WARCError) {
        try closeCurrent()
    }


    private func openNew() throws(WARCError) {
        let dir = configuration.directory
        let now = Date()
        while true {
            let name = WARCFileName.make(prefix: configuration.prefix, date: now, serial: serial,
                                         hostname: configuration.hostname)
            serial += 1
            let openName = name + WARCFileName.openSuffix
            let path = dir + "/" + openName
            if FileManager.default.fileExists(atPath: dir + "/" + name) { continue }
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw .io(path: path, operation: "create", errno: errno)
            }
            let info = WARCRecord.warcinfo(fileName: name, date: now, software: configuration.software,
                                           hostname: configuration.hostname, fields: configuration.info)
            var buffer: [UInt8] = []
            do {
                buffer = try PreparedRecord(info, deflater: deflater).member
                try POSIXFile.writeAll(fd, buffer, path: path)
                if configuration.fsync {
                    try POSIXFile.sync(fd, path: path)
                    try POSIXFile.syncDirectory(dir)
                }
            } catch {
                Foundation.close(fd)
                unlink(path)
                throw error
            }
            file = OpenFile(fd: fd, openName: openName, size: UInt64(buffer.count),
                            headerSize: UInt64(buffer.count), path: path)
            indexLines = []
            return
        }
    }

    private func closeCurrent() throws(WARCError) {
        guard let f = file else { return }
        file = nil
        if configuration.fsync { try POSIXFile.sync(f.fd, path: f.path) }
        Foundation.close(f.fd)
        let index = indexLines
        indexLines = []
        closedFiles.append(try POSIXFile.finish(directory: configuration.directory, openName: f.openName, indexLines: index))
    }
}
