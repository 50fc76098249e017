import Foundation
import Testing
import TrawlTestSupport
@testable import TrawlWARC

/// `CDXJEntry.line`, written byte by byte, must be the line the String formula wrote
/// (interpolation with `quote`), for any text in any field.
@Suite struct CDXJLineTests {
    /// `s` as a JSON string, as the String formula wrote it (the reference for
    /// `CDXJEntry.appendQuoted(_:to:)`).
    private static func quote(_ s: String) -> String {
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

    /// The line as it was formatted before it was written bytewise.
    private static func reference(_ e: CDXJEntry) -> String {
        var json = "{\"url\": \(quote(e.url)), \"mime\": \(quote(e.mime))"
        if let status = e.status { json += ", \"status\": \(quote(status))" }
        if let digest = e.digest { json += ", \"digest\": \(quote(digest))" }
        json += ", \"length\": \"\(e.length)\", \"offset\": \"\(e.offset)\", \"filename\": \(quote(e.filename))}"
        return "\(e.surt) \(e.timestamp) \(json)"
    }

    @Test("random fields: the bytewise line equals the interpolated one, and the index sorts those lines")
    func randomEntries() throws {
        let record = WARCRecord(headers: WARCHeaders([
            ("WARC-Type", "resource"), ("WARC-Target-URI", "http://a/"), ("WARC-Date", "2024-01-01T00:00:00Z"),
            ("Content-Type", "text/plain"),
        ]), block: [])
        let template = try #require(CDXJEntry(record: record, filename: "f.warc.gz", offset: 0, length: 1))
        let pieces = ["a", "Z", "/", " ", "\"", "\\", "\n", "\r", "\t", "\r\n", "\u{0}", "\u{1F}", "\u{7F}", "é", "😀", "?", "=", "&", "{", "}"]
        var rng = SplitMix64(seed: 0x4344_584A_4C49_4E45)  // "CDXJLINE"
        func text() -> String { (0..<rng.int(in: 0...6)).map { _ in pieces[rng.int(in: 0..<pieces.count)] }.joined() }
        var entries: [CDXJEntry] = []
        for _ in 0..<2_000 {
            var e = template
            e.surt = text()
            e.url = text()
            e.mime = text()
            e.status = rng.int(in: 0...2) == 0 ? nil : text()
            e.digest = rng.int(in: 0...2) == 0 ? nil : text()
            e.filename = text()
            e.length = rng.next() >> UInt64(rng.int(in: 0...63))
            e.offset = rng.next() >> UInt64(rng.int(in: 0...63))
            #expect(e.line == Self.reference(e), "\(Self.reference(e).debugDescription)")
            entries.append(e)
        }
        var expected: [UInt8] = []
        for line in entries.map({ Array(Self.reference($0).utf8) }).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            expected += line
            expected.append(10)
        }
        #expect(CDXJEntry.sortedIndex(entries) == expected)
    }
}
