import Foundation
import Testing
import TrawlTestSupport
@testable import TrawlWARC

/// A fresh temporary directory, removed by `cleanup()`; when TRAWL_WARC_KEEP is
/// set, its WARC/CDXJ files are first copied to `$TRAWL_WARC_KEEP/<label>/`
/// so `scripts/check-warcs` can validate what the tests wrote.
struct TempDir {
    let path: String
    let label: String

    init(_ label: String) throws {
        self.label = label
        path = NSTemporaryDirectory() + "trawl-warc-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func files(_ suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(suffix) }.sorted()
    }

    func cleanup() {
        if let keep = ProcessInfo.processInfo.environment["TRAWL_WARC_KEEP"], !keep.isEmpty {
            let dest = keep + "/" + label
            try? FileManager.default.removeItem(atPath: dest)
            try? FileManager.default.createDirectory(atPath: dest, withIntermediateDirectories: true)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                try? FileManager.default.copyItem(atPath: path + "/" + name, toPath: dest + "/" + name)
            }
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Builds varied HTTP exchanges: HTML, binary, gzip-encoded, chunked heads,
/// HTTP/2, redirects, 404s and repeated payloads (for revisits).
struct ExchangeFactory {
    var rng = SplitMix64(seed: 42)
    var sharedPayload = Array("<html><body>same body on many pages</body></html>".utf8)

    mutating func make(_ i: Int) -> (HTTPExchange, outlinks: [String]) {
        let url = "http://www.example\(i % 3).com/dir/page\(i).html?b=\(i)&a=1"
        let kind = i % 7
        var payload: [UInt8]
        var status = "200 OK", ctype = "text/html; charset=utf-8", extra = "", proto = "http/1.1", version = "HTTP/1.1"
        switch kind {
        case 1: payload = sharedPayload
        case 2: payload = (0..<rng.int(in: 100..<5000)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }; ctype = "image/png"
        case 3: payload = []; status = "301 Moved Permanently"; extra = "Location: /moved\(i)\r\n"
        case 4: payload = Array("not found".utf8); status = "404 Not Found"; extra = "Transfer-Encoding: chunked\r\n"
        case 5: payload = sharedPayload; proto = "h2"; version = "HTTP/2"; status = "200"
        case 6:
            // A gzip content-encoded body, archived still encoded.
            var gz: [UInt8] = []
            try! GzipDeflater(level: 6).appendMember([Array(repeating: UInt8(ascii: "x"), count: 20_000 + i)[...]], to: &gz)
            payload = gz
            extra = "Content-Encoding: gzip\r\n"
        default:
            payload = Array("<html><head><title>\(i)</title></head><body>".utf8)
            for j in 0..<rng.int(in: 10..<200) { payload += Array("<p><a href=\"/p\(j)\">link \(j)</a> text \(rng.next())</p>\n".utf8) }
            payload += Array("</body></html>".utf8)
        }
        let host = "www.example\(i % 3).com"
        let reqHead = Array("GET /dir/page\(i).html?b=\(i)&a=1 \(version)\r\nHost: \(host)\r\nUser-Agent: Trawl/test\r\nAccept-Encoding: gzip\r\n\r\n".utf8)
        let respHead = Array("\(version) \(status)\r\nContent-Type: \(ctype)\r\n\(extra)Content-Length: \(payload.count)\r\n\r\n".utf8)
        let ex = HTTPExchange(targetURI: url, date: Date(timeIntervalSince1970: 1_700_000_000 + Double(i) * 1.25),
                              ipAddress: "127.0.0.\(1 + i % 3)", httpProtocol: proto,
                              requestHead: reqHead, responseHead: respHead, payload: payload)
        let links = kind == 0 ? (0..<5).map { "http://\(host)/p\($0)" } : []
        return (ex, links)
    }
}

/// Writes `count` captures through `writer`, revisiting payloads seen before,
/// and returns every record with its location. `prepared`: through `PreparedCapture` and
/// `write(prepared:)` (a revisit swapped in after compression), as the crawler does.
func writeCaptures(_ writer: WARCWriter, count: Int, factory: inout ExchangeFactory, prepared: Bool = false)
    throws -> [(record: WARCRecord, location: WARCRecordLocation)]
{
    var seen: [String: RevisitOriginal] = [:]
    var all: [(WARCRecord, WARCRecordLocation)] = []
    for i in 0..<count {
        let (ex, links) = factory.make(i)
        let digest = ex.payloadDigest
        let original = ex.payload.isEmpty ? nil : seen[digest]
        let records: [WARCRecord]
        let locations: [WARCRecordLocation]
        if prepared {
            // Half the known payloads are prepared as revisits at once (as the crawler's preparers
            // do for payloads this run wrote), half swapped in after compression (digest index).
            var capture = try PreparedCapture(ex, outlinks: links, compressionLevel: 1,
                                              knownOriginal: { i % 2 == 0 ? seen[$0] : nil })
            if let original { try capture.revisit(of: original) }
            #expect(capture.isRevisit == (original != nil))
            records = capture.records.map(\.record)
            locations = try writer.write(prepared: capture.records)
        } else {
            records = WARCRecord.capture(ex, duplicateOf: original, outlinks: links)
            locations = try writer.write(records)
        }
        if original == nil, !ex.payload.isEmpty {
            seen[digest] = RevisitOriginal(recordID: records[1].recordID, targetURI: ex.targetURI, date: records[1].date)
        }
        all += zip(records, locations).map { ($0, $1) }
    }
    return all
}

/// The shared conformance data folder: TRAWL_SHARED, else `<package root>/../shared`.
func sharedDirectory(filePath: String = #filePath) throws -> String {
    if let env = ProcessInfo.processInfo.environment["TRAWL_SHARED"], !env.isEmpty { return env }
    let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let shared = root.appendingPathComponent("../shared").standardized.path
    guard FileManager.default.fileExists(atPath: shared + "/conformance/url/urlcanon") else {
        Issue.record("conformance data not found at \(shared)/conformance/url/urlcanon; set TRAWL_SHARED to the shared/ folder")
        throw CocoaError(.fileNoSuchFile)
    }
    return shared
}
