/// Header serialization and parsing of uncompressed WARC records (WARC 1.1 §4):
/// `WARC/1.1` CRLF, `Name: value` CRLF lines, `Content-Length`, CRLF, block, CRLF CRLF.
enum WARCSerialization {
    static let version = "WARC/1.1"
    static let trailer: [UInt8] = [13, 10, 13, 10]

    /// The header bytes (version line through the blank line) of `record`.
    /// Throws `invalidRecord` for a name or value that would break the framing.
    static func head(of record: WARCRecord) throws(WARCError) -> [UInt8] {
        var out: [UInt8] = []
        try appendHead(of: record, to: &out)
        return out
    }

    /// The whole record as written (head, block, trailer), appended to `out`: what one gzip
    /// member holds. Bytes, not a String: this runs for every record of every capture.
    static func append(_ record: WARCRecord, to out: inout [UInt8]) throws(WARCError) {
        out.reserveCapacity(out.count + record.block.count + 1024)
        try appendHead(of: record, to: &out)
        out.append(contentsOf: record.block)
        out.append(contentsOf: trailer)
    }

    /// Appends the header bytes of `record` to `out`; throws `invalidRecord` (leaving `out`
    /// partly written) for a name or value that would break the framing.
    static func appendHead(of record: WARCRecord, to out: inout [UInt8]) throws(WARCError) {
        out.append(contentsOf: version.utf8)
        out.append(contentsOf: crlf)
        for (name, value) in record.headers where !name.caseInsensitiveEquals("Content-Length") {
            // A name is a token (no CTLs, space, ':'); a value has no CR/LF. Checked and copied
            // over the contiguous bytes (the UTF8View's per-byte iteration cost more than the copy).
            var name = name, value = value
            if name.withUTF8({ bytes in bytes.isEmpty || bytes.contains { $0 <= 0x20 || $0 == 0x3A || $0 == 0x7F } }) {
                throw .invalidRecord(reason: "header name \"\(name)\" is empty or contains ':' or whitespace")
            }
            if value.withUTF8({ bytes in bytes.contains { $0 == 10 || $0 == 13 } }) {
                throw .invalidRecord(reason: "header \(name) value contains a line break")
            }
            name.withUTF8 { out.append(contentsOf: $0) }
            out.append(contentsOf: separator)
            value.withUTF8 { out.append(contentsOf: $0) }
            out.append(contentsOf: crlf)
        }
        out.append(contentsOf: "Content-Length: ".utf8)
        out.append(contentsOf: String(record.block.count).utf8)
        out.append(contentsOf: crlf)
        out.append(contentsOf: crlf)
    }

    private static let crlf: [UInt8] = [13, 10]
    private static let separator: [UInt8] = [0x3A, 0x20]

    /// Parses one complete uncompressed record from `bytes` (which must hold
    /// exactly one record, as a gzip member of a Trawl `.warc.gz` does).
    /// `path`/`offset` are only for the error message.
    static func parse(_ bytes: [UInt8], path: String, offset: UInt64) throws(WARCError) -> WARCRecord {
        func bad(_ reason: String) -> WARCError { .malformed(path: path, offset: offset, reason: reason) }
        guard let headEnd = HTTPHead.endOfHead(bytes) else { throw bad("no blank line ends the record header") }
        let lines = HTTPHead.lines(bytes[..<headEnd])
        guard let first = lines.first, first.hasPrefix("WARC/1.") else {
            throw bad("record does not start with a WARC/1.x version line")
        }
        var headers = WARCHeaders()
        var contentLength: Int?
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw bad("header line without ':': \(line.prefix(80))") }
            let name = String(line[..<colon]).trimmingSpaces()
            let value = String(line[line.index(after: colon)...]).trimmingSpaces()
            if name.caseInsensitiveEquals("Content-Length") {
                guard let n = Int(value), n >= 0 else { throw bad("Content-Length \"\(value)\" is not a number") }
                contentLength = n
            } else {
                headers.append(name, value)
            }
        }
        guard let length = contentLength else { throw bad("no Content-Length header") }
        guard headers["WARC-Type"] != nil else { throw bad("no WARC-Type header") }
        guard headers["WARC-Record-ID"] != nil else { throw bad("no WARC-Record-ID header") }
        let blockEnd = headEnd + length
        guard blockEnd + 4 <= bytes.count else {
            throw bad("block is shorter than Content-Length \(length) (\(bytes.count - headEnd) bytes follow the header)")
        }
        guard Array(bytes[blockEnd..<blockEnd + 4]) == trailer else { throw bad("block is not followed by CRLF CRLF") }
        return WARCRecord(headers: headers, block: Array(bytes[headEnd..<blockEnd]))
    }
}
