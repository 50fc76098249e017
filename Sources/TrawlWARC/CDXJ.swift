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
    public var line: String {
        var json = "{\"url\": \(Self.quote(url)), \"mime\": \(Self.quote(mime))"
        if let status { json += ", \"status\": \(Self.quote(status))" }
        if let digest { json += ", \"digest\": \(Self.quote(digest))" }
        json += ", \"length\": \"\(length)\", \"offset\": \"\(offset)\", \"filename\": \(Self.quote(filename))}"
        return "\(surt) \(timestamp) \(json)"
    }

    /// Lines of `entries` sorted bytewise (as `LC_ALL=C sort` does, which pywb's
    /// binary search assumes), each ending in `\n`.
    public static func sortedIndex(_ entries: [CDXJEntry]) -> [UInt8] {
        let lines = entries.map { Array($0.line.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        var out: [UInt8] = []
        for l in lines { out += l; out.append(10) }
        return out
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
