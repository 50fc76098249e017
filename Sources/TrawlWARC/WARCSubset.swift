import Foundation

/// What `WARCSubset.write` produced.
public struct WARCSubsetResult: Sendable {
    /// The new WARC file (closed name) in the output folder; its `.cdxj` is beside it.
    public var fileName: String
    /// Records copied from the source files (the new warcinfo not counted).
    public var records: Int
    /// Selected captures whose response (or revisit) record was found and copied.
    public var captures: Int
    /// Originals of selected revisits copied along so no revisit points outside the file.
    public var originals: Int
    /// Selected records not found at their offset (file missing or changed): named for the report.
    public var missing: [String]
}

/// Writes a subset of a crawl's WARC files as one new WARC file: the records of chosen captures,
/// copied byte for byte from the source files by offset and length (each record is its own gzip
/// member, so a member copied whole is a valid record of the new file), after a fresh `warcinfo`,
/// with a sorted CDXJ index beside it.
///
/// A capture is chosen by its response (or revisit) record's place (file, offset); its request,
/// metadata and conversion records come along (they name the response in `WARC-Concurrent-To` or
/// `WARC-Refers-To`). A chosen revisit's original response (and the original's request) is copied
/// too, from whichever source file holds it, so the subset replays on its own. A file the crawl
/// is still writing (`.open`) is read up to its last complete record, so a running daemon's
/// recent captures can be exported too.
public enum WARCSubset {
    /// - Parameters:
    ///   - sourceDirectory: the crawl's `[warc] dir`.
    ///   - selection: closed source file name → offsets of the chosen response/revisit records.
    ///   - outputDirectory: where the new file goes (must exist).
    ///   - prefix: file-name prefix of the new file.
    ///   - software / info: the new warcinfo's `software` and extra fields (e.g. the selection).
    public static func write(sourceDirectory: String, selection: [String: Set<UInt64>], outputDirectory: String,
                             prefix: String, software: String, info: [(String, String)],
                             date: Date = Date()) throws(WARCError) -> WARCSubsetResult {
        // Pass 1: the chosen files, in name order (= creation order): every record linked to a chosen one.
        var picked: [String: [(offset: UInt64, length: UInt64)]] = [:]
        var chosenIDs = Set<String>()
        var originalIDs = Set<String>()
        var found = 0
        var missing: [String] = []
        for file in selection.keys.sorted() {
            let wanted = selection[file] ?? []
            guard let path = sourcePath(sourceDirectory, file) else {
                missing.append("\(file) (file not found)")
                continue
            }
            let stillOpen = path.hasSuffix(WARCFileName.openSuffix)
            var records: [WARCReadRecord] = []
            let reader = try WARCReader(path: path)
            var hit = Set<UInt64>()
            while true {
                let next: WARCReadRecord?
                do {
                    next = try reader.next()
                } catch where stillOpen {
                    break  // the crawl is writing this file: its tail may be a record in progress
                }
                guard let r = next else { break }
                if wanted.contains(r.offset), r.record.type == .response || r.record.type == .revisit {
                    chosenIDs.insert(r.record.recordID)
                    hit.insert(r.offset)
                    if r.record.type == .revisit, let original = r.record.headers["WARC-Refers-To"] {
                        originalIDs.insert(original)
                    }
                }
                records.append(WARCReadRecord(record: r.record.headersOnly, offset: r.offset, length: r.length))
            }
            found += hit.count
            for offset in wanted.subtracting(hit).sorted() { missing.append("\(file)@\(offset)") }
            picked[file] = records.filter { linked($0.record, to: chosenIDs) }.map { ($0.offset, $0.length) }
        }
        // Pass 2: originals of chosen revisits not already copied, from any file of the folder.
        originalIDs.subtract(chosenIDs)
        var originals = 0
        if !originalIDs.isEmpty {
            let names = try POSIXFile.list(sourceDirectory).filter { $0.hasSuffix(WARCFileName.warcSuffix) }
            for file in names.sorted() where !originalIDs.isEmpty {
                let reader = try WARCReader(path: sourceDirectory + "/" + file)
                var records: [WARCReadRecord] = []
                while let r = try reader.next() { records.append(WARCReadRecord(record: r.record.headersOnly, offset: r.offset, length: r.length)) }
                let here = Set(records.filter { $0.record.type == .response && originalIDs.contains($0.record.recordID) }.map(\.record.recordID))
                guard !here.isEmpty else { continue }
                originals += here.count
                originalIDs.subtract(here)
                let extra = records.filter { r in
                    here.contains(r.record.recordID)
                        || (r.record.type == .request && r.record.headers["WARC-Concurrent-To"].map(here.contains) == true)
                }.map { ($0.offset, $0.length) }
                picked[file] = Array(Set((picked[file] ?? []).map { [$0.offset, $0.length] } + extra.map { [$0.0, $0.1] }))
                    .map { (offset: $0[0], length: $0[1]) }
            }
            for id in originalIDs.sorted() { missing.append("original \(id) (not in \(sourceDirectory))") }
        }

        // Write: warcinfo, then the members in source order, as `.open`; then index + rename.
        let name = WARCFileName.make(prefix: prefix, date: date, serial: 1, hostname: WARCFileName.localHostname())
        let openName = name + WARCFileName.openSuffix
        let path = outputDirectory + "/" + openName
        guard !FileManager.default.fileExists(atPath: outputDirectory + "/" + name) else {
            throw .fileSystem(path: outputDirectory + "/" + name, message: "already exists; choose another --out folder")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(path: path, operation: "create", errno: errno) }
        var entries: [CDXJEntry] = []
        var copied = 0
        do throws(WARCError) {
            let info = WARCRecord.warcinfo(fileName: name, date: date, software: software,
                                           hostname: WARCFileName.localHostname(), fields: info)
            var buffer: [UInt8] = []
            try GzipDeflater(level: 6).appendMember(
                [try WARCSerialization.head(of: info)[...], info.block[...], WARCSerialization.trailer[...]], to: &buffer)
            try POSIXFile.writeAll(fd, buffer, path: path)
            var size = UInt64(buffer.count)
            for file in picked.keys.sorted() {
                guard let filePath = sourcePath(sourceDirectory, file) else { continue }
                let source = try GzipMemberFile(path: filePath)
                let raw = open(filePath, O_RDONLY | O_CLOEXEC)
                guard raw >= 0 else { throw WARCError.io(path: filePath, operation: "open", errno: errno) }
                defer { close(raw) }
                for span in (picked[file] ?? []).sorted(by: { $0.offset < $1.offset }) {
                    let bytes = try POSIXFile.read(raw, offset: span.offset, length: span.length, path: filePath)
                    let (record, _) = try source.member(at: span.offset)
                    let parsed = try WARCSerialization.parse(record, path: source.path, offset: span.offset)
                    if let entry = CDXJEntry(record: parsed, filename: name, offset: size, length: span.length) {
                        entries.append(entry)
                    }
                    try POSIXFile.writeAll(fd, bytes, path: path)
                    size += span.length
                    copied += 1
                }
            }
            try POSIXFile.sync(fd, path: path)
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
        close(fd)
        let closed = try POSIXFile.finish(directory: outputDirectory, openName: openName, entries: entries)
        return WARCSubsetResult(fileName: closed, records: copied, captures: found, originals: originals, missing: missing)
    }

    /// The file holding `closedName`'s records: the closed file, or, while a running crawl still
    /// writes it, its `.open` form (every record a capture row names in it is complete and synced).
    private static func sourcePath(_ directory: String, _ closedName: String) -> String? {
        let closed = directory + "/" + closedName
        if FileManager.default.fileExists(atPath: closed) { return closed }
        let openPath = closed + WARCFileName.openSuffix
        return FileManager.default.fileExists(atPath: openPath) ? openPath : nil
    }

    /// A record of a chosen capture: the response/revisit itself, its request and metadata
    /// (`WARC-Concurrent-To`), its conversion (`WARC-Refers-To`).
    private static func linked(_ record: WARCRecord, to chosen: Set<String>) -> Bool {
        if chosen.contains(record.recordID) { return true }
        switch record.type {
        case .request, .metadata:
            return record.headers["WARC-Concurrent-To"].map(chosen.contains) == true
        case .conversion:
            return record.headers["WARC-Refers-To"].map(chosen.contains) == true
        default:
            return false
        }
    }
}

extension WARCRecord {
    /// The record without its block (the subset scan keeps only headers in memory).
    var headersOnly: WARCRecord { WARCRecord(headers: headers, block: []) }
}
