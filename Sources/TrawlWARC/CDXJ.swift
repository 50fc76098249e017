import Foundation

/// One CDXJ index line (`SURT timestamp {json}`), the format pywb reads from a
/// collection's `indexes/*.cdxj`. Values are JSON strings, digests without the
/// `sha1:` prefix, exactly as pywb's own indexer writes them.
public struct CDXJEntry: Sendable, Hashable {
    public var surt: String
    public var timestamp: String
    public var url: String
    public var mime: String
    public var status: String?
    public var digest: String?
    public var length: UInt64
    public var offset: UInt64
    public var filename: String

    /// The record types that get an index line: the replayable ones, as pywb's
    /// indexer does (requests, warcinfo and metadata are reached by record ID or offset).
    /// `conversion` records (a capture's extracted article text) are left out on purpose: an
    /// index line for the same URL would compete with the response in a replay lookup (pywb
    /// serves the line nearest in time, so a visitor could get the plain text instead of the
    /// page). They are found from their response through `WARC-Refers-To`.
    public static let indexedTypes: Set<WARCRecordType> = [.response, .revisit, .resource]

    /// The entry for `record` stored at `offset`/`length` of `filename`, or nil if
    /// the record's type is not indexed or it has no target URI.
    public init?(record: WARCRecord, filename: String, offset: UInt64, length: UInt64) {
        guard let type = record.type, Self.indexedTypes.contains(type), let url = record.targetURI else { return nil }
        self.url = url
        surt = SURT.key(url)
        timestamp = WARCDate.timestamp14(fromWARCDate: record.date)
        let head = record.httpHead
        switch type {
        case .revisit: mime = "warc/revisit"
        case .resource: mime = record.headers["Content-Type"].map(Self.bareMime) ?? "unk"
        default: mime = head.flatMap { HTTPHead.header("Content-Type", in: $0) }.map(Self.bareMime) ?? "unk"
        }
        status = head.flatMap { HTTPHead.statusCode($0) }.map(String.init)
        digest = record.headers["WARC-Payload-Digest"].map(WARCDigest.bare)
        self.length = length
        self.offset = offset
        self.filename = filename
    }

    private static func bareMime(_ ct: String) -> String {
        let m = ct.split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces().lowercased() } ?? ""
        return m.isEmpty ? "unk" : m
    }

    /// The index line, without the newline.
    public var line: String { String(decoding: lineBytes, as: UTF8.self) }

    /// ``line`` as UTF-8, written byte by byte: every capture's entry is formatted, and String
    /// interpolation with per-scalar quoting was ~0.6% of a crawl's CPU.
    var lineBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(surt.utf8.count + url.utf8.count + filename.utf8.count + 192)
        out += surt.utf8
        out.append(0x20)
        out += timestamp.utf8
        out += " {\"url\": ".utf8
        Self.appendQuoted(url, to: &out)
        out += ", \"mime\": ".utf8
        Self.appendQuoted(mime, to: &out)
        if let status {
            out += ", \"status\": ".utf8
            Self.appendQuoted(status, to: &out)
        }
        if let digest {
            out += ", \"digest\": ".utf8
            Self.appendQuoted(digest, to: &out)
        }
        out += ", \"length\": \"".utf8
        out += String(length).utf8
        out += "\", \"offset\": \"".utf8
        out += String(offset).utf8
        out += "\", \"filename\": ".utf8
        Self.appendQuoted(filename, to: &out)
        out.append(0x7D)  // }
        return out
    }

    /// Lines of `entries` sorted bytewise (as `LC_ALL=C sort` does, which pywb's
    /// binary search assumes), each ending in `\n`.
    public static func sortedIndex(_ entries: [CDXJEntry]) -> [UInt8] {
        sortedIndex(lines: entries.map(\.lineBytes))
    }

    /// Lines already formatted (``lineBytes``, no newline) sorted bytewise, each ending in `\n`.
    static func sortedIndex(lines unsorted: [[UInt8]]) -> [UInt8] {
        let lines = unsorted.sorted { $0.lexicographicallyPrecedes($1) }
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
        for l in lines {
            out += l
            out.append(10)
        }
        return out
    }

    private static let lowerHex = Array("0123456789abcdef".utf8)

    /// Appends `s` as a JSON string: `"`, `\\` and control characters escaped, bytewise (a byte
    /// below 0x80 is a whole scalar; the bytes of any other scalar are copied as they are).
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        for byte in s.utf8 {
            switch byte {
            case 0x22: out += [0x5C, 0x22]  // \"
            case 0x5C: out += [0x5C, 0x5C]  // \\
            case 0x0A: out += [0x5C, 0x6E]  // \n
            case 0x0D: out += [0x5C, 0x72]  // \r
            case 0x09: out += [0x5C, 0x74]  // \t
            case ..<0x20: out += [0x5C, 0x75, 0x30, 0x30, lowerHex[Int(byte >> 4)], lowerHex[Int(byte & 15)]]  // \u00xx
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}
