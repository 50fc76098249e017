import Foundation
import Testing
@testable import TrawlWARC

@Suite struct RecordTests {
    let exchange = HTTPExchange(
        targetURI: "https://example.com/a?b=1", date: Date(timeIntervalSince1970: 1_700_000_000),
        ipAddress: "93.184.216.34", httpProtocol: "h2",
        requestHead: Array("GET /a?b=1 HTTP/2\r\nHost: example.com\r\n\r\n".utf8),
        responseHead: Array("HTTP/2 200\r\ncontent-type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: br\r\n\r\n".utf8),
        payload: Array("<html>hi</html>".utf8))

    @Test func conversionHoldsTextAndRefersToItsResponseButIsNotIndexed() throws {
        let response = WARCRecord.response(exchange, concurrentTo: nil)
        let text = "Título\n\nFirst paragraph."
        let conversion = WARCRecord.conversion(targetURI: exchange.targetURI, date: exchange.date,
                                               refersTo: response.recordID, text: text)
        #expect(conversion.type == .conversion)
        #expect(conversion.headers["WARC-Refers-To"] == response.recordID)
        #expect(conversion.targetURI == exchange.targetURI)
        #expect(conversion.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(conversion.block == Array(text.utf8))
        #expect(WARCValidation.digestProblems(conversion).isEmpty)
        #expect(CDXJEntry(record: conversion, filename: "f.warc.gz", offset: 0, length: 1) == nil)
    }

    @Test("record IDs are distinct random version 4 UUIDs, every one (a wrong version or variant nibble shows within a few)")
    func recordIDsAreVersion4UUIDs() {
        let ids = (0..<1_000).map { _ in WARCRecord.newRecordID() }
        #expect(Set(ids).count == ids.count)
        let malformed = ids.filter {
            $0.wholeMatch(of: /<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>/) == nil
        }
        #expect(malformed.isEmpty, "\(malformed.prefix(3))")
    }

    @Test func aKnownPayloadDigestIsUsedAsIs() {
        let records = WARCRecord.capture(exchange, payloadDigest: exchange.payloadDigest)
        #expect(records[1].headers["WARC-Payload-Digest"] == exchange.payloadDigest)
        #expect(WARCValidation.digestProblems(records[1]).isEmpty)
    }

    @Test func captureLinksRequestAndResponseBothWays() {
        let records = WARCRecord.capture(exchange, outlinks: ["https://example.com/x"])
        #expect(records.map(\.type) == [.request, .response, .metadata])
        let (req, resp, meta) = (records[0], records[1], records[2])
        #expect(req.headers["WARC-Concurrent-To"] == resp.recordID)
        #expect(resp.headers["WARC-Concurrent-To"] == req.recordID)
        #expect(meta.headers["WARC-Concurrent-To"] == resp.recordID)
        #expect(Set(records.map(\.recordID)).count == 3)
        #expect(resp.recordID.hasPrefix("<urn:uuid:") && resp.recordID.hasSuffix(">"))
        // A random (version 4) UUID in lower-case 8-4-4-4-12 hex, as Foundation would print it.
        #expect(resp.recordID.wholeMatch(of: /<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>/) != nil,
                "\(resp.recordID)")
        let id = String(resp.recordID.dropFirst(10).dropLast())
        #expect(UUID(uuidString: id)?.uuidString.lowercased() == id)
        #expect(resp.headers["WARC-Protocol"] == "h2")
        #expect(resp.headers["Content-Type"] == "application/http; msgtype=response")
        #expect(req.headers["Content-Type"] == "application/http; msgtype=request")
        #expect(resp.headers["WARC-IP-Address"] == "93.184.216.34")
        #expect(resp.date == "2023-11-14T22:13:20.000000Z")
        #expect(String(decoding: meta.block, as: UTF8.self) == "outlink: https://example.com/x L a/@href\r\n")
        #expect(meta.headers["Content-Type"] == "application/warc-fields")
    }

    @Test("HTTPHead reads the status and header values of CRLF and bare-LF heads, by bytes: case-insensitive names, trimmed values, the first of repeats, no match on the start line or a value")
    func headFieldsReadByBytes() {
        let crlf = Array("HTTP/1.1  404 Not Found\r\nContent-TYPE:\t text/html; charset=utf-8 \r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nX-Note: content-type: no\r\n\r\n".utf8)
        #expect(HTTPHead.statusCode(crlf) == 404)
        #expect(HTTPHead.header("content-type", in: crlf) == "text/html; charset=utf-8")
        #expect(HTTPHead.header("Set-Cookie", in: crlf[...]) == "a=1")
        #expect(HTTPHead.header("X-Not", in: crlf) == nil)
        #expect(HTTPHead.header("HTTP/1.1  404 Not Found", in: crlf) == nil)
        let lf = Array("\nHTTP/2 200\ncontent-encoding: br\n\n".utf8)
        #expect(HTTPHead.statusCode(lf) == 200)
        #expect(HTTPHead.header("Content-Encoding", in: lf) == "br")
        #expect(HTTPHead.statusCode(Array("GET / HTTP/1.1\r\n\r\n".utf8)) == nil)
        #expect(HTTPHead.statusCode(Array("HTTP/1.1 abc\r\n".utf8)) == nil)
        #expect(HTTPHead.statusCode([UInt8]()) == nil && HTTPHead.header("A", in: [UInt8]()) == nil)
        // Names differing only outside letters do not match ('@' | 0x20 is '`').
        #expect(HTTPHead.header("A@", in: Array("HTTP/1.1 200\r\nA`: x\r\n\r\n".utf8)) == nil)
    }

    @Test func responseDropsTransferEncodingKeepsContentEncoding() {
        let resp = WARCRecord.response(exchange, concurrentTo: nil)
        let head = String(decoding: resp.httpHead!, as: UTF8.self)
        #expect(!head.lowercased().contains("transfer-encoding"))
        #expect(head == "HTTP/2 200\r\ncontent-type: text/html\r\nContent-Encoding: br\r\n\r\n")
        #expect(Array(resp.payload) == exchange.payload)
        #expect(WARCValidation.digestProblems(resp).isEmpty)
        #expect(resp.headers["WARC-Payload-Digest"] == exchange.payloadDigest)
    }

    @Test func revisitStoresHeadOnlyAndPointsAtOriginal() {
        let original = RevisitOriginal(recordID: "<urn:uuid:1>", targetURI: "https://example.com/", date: "2023-01-01T00:00:00Z")
        let rv = WARCRecord.revisit(exchange, of: original, concurrentTo: nil)
        #expect(rv.type == .revisit)
        #expect(rv.headers["WARC-Profile"] == WARCRecord.identicalPayloadDigestProfile)
        #expect(rv.headers["WARC-Refers-To"] == "<urn:uuid:1>")
        #expect(rv.headers["WARC-Refers-To-Target-URI"] == "https://example.com/")
        #expect(rv.headers["WARC-Refers-To-Date"] == "2023-01-01T00:00:00Z")
        #expect(rv.payload.isEmpty)
        #expect(rv.headers["WARC-Payload-Digest"] == exchange.payloadDigest)
        #expect(WARCValidation.digestProblems(rv).isEmpty)
    }

    @Test("a payload known to be archived is prepared as a revisit at once: request and metadata point at it, no response is compressed; an empty payload never is")
    func knownPayloadPreparedAsRevisit() throws {
        let original = RevisitOriginal(recordID: "<urn:uuid:1>", targetURI: "https://example.com/", date: "2023-01-01T00:00:00Z")
        var asked: [String] = []
        let capture = try PreparedCapture(exchange, outlinks: ["https://example.com/x"], compressionLevel: 1,
                                          knownOriginal: { asked.append($0); return original })
        #expect(asked == [exchange.payloadDigest])
        #expect(capture.isRevisit && capture.payloadDigest == exchange.payloadDigest)
        #expect(capture.records.map { $0.record.type } == [.request, .revisit, .metadata])
        #expect(capture.response.headers["WARC-Refers-To"] == original.recordID)
        #expect(capture.records[0].record.headers["WARC-Concurrent-To"] == capture.response.recordID)
        #expect(capture.records[2].record.headers["WARC-Concurrent-To"] == capture.response.recordID)
        #expect(capture.response.payload.isEmpty && WARCValidation.digestProblems(capture.response).isEmpty)

        var empty = exchange
        empty.payload = []
        let emptyCapture = try PreparedCapture(empty, outlinks: nil, compressionLevel: 1, knownOriginal: { _ in original })
        #expect(!emptyCapture.isRevisit && emptyCapture.response.type == .response && emptyCapture.payloadDigest == nil)
    }

    @Test("a content-encoded response goes into its member uncompressed (stored blocks), and so does the request at levels other than 1 (at level 1 it is coded with learned codes: LearnedHuffman); other records and plain responses are compressed; every member inflates to the record")
    func contentEncodedResponseStored() throws {
        var plain = exchange  // the suite's exchange says Content-Encoding: br
        plain.responseHead = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".utf8)
        plain.payload = Array(String(repeating: "<p>a compressible page</p>", count: 200).utf8)
        var encoded = plain
        encoded.responseHead = Array("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\ncontent-encoding: GZIP\r\n\r\n".utf8)
        #expect(PreparedCapture.isContentEncoded(exchange) && PreparedCapture.isContentEncoded(encoded))
        #expect(!PreparedCapture.isContentEncoded(plain))
        let dir = try TempDir("stored")
        defer { dir.cleanup() }
        for (ex, stored) in [(plain, false), (encoded, true)] {
            for level: Int32 in [1, 2] {
                let capture = try PreparedCapture(ex, outlinks: ["https://example.com/x"], compressionLevel: level)
                for (index, prepared) in capture.records.enumerated() {
                    let serialized = try WARCSerialization.head(of: prepared.record).count + prepared.record.block.count + 4
                    #expect((prepared.member.count > serialized) == ((index == 0 && level != 1) || (stored && index == 1)),
                            "level \(level), record \(index): member \(prepared.member.count) bytes for \(serialized)")
                    let path = dir.path + "/member-\(stored)-\(level)-\(index).gz"
                    #expect(FileManager.default.createFile(atPath: path, contents: Data(prepared.member)))
                    let inflated = try GzipMemberFile(path: path).member(at: 0).bytes
                    #expect(try WARCSerialization.parse(inflated, path: path, offset: 0) == prepared.record)
                }
            }
        }
    }

    @Test func serializationRoundTripsThroughParse() throws {
        let resp = WARCRecord.response(exchange, concurrentTo: "<urn:uuid:x>")
        let bytes = try WARCSerialization.head(of: resp) + resp.block + WARCSerialization.trailer
        let text = String(decoding: bytes.prefix(40), as: UTF8.self)
        #expect(text.hasPrefix("WARC/1.1\r\nWARC-Type: response\r\n"))
        let parsed = try WARCSerialization.parse(bytes, path: "mem", offset: 0)
        #expect(parsed == resp)
    }

    @Test func headerValuesWithLineBreaksAreRejected() {
        var r = WARCRecord.response(exchange, concurrentTo: nil)
        r.headers["WARC-Target-URI"] = "http://x/\r\nWARC-Type: evil"
        #expect(throws: WARCError.self) { try WARCSerialization.head(of: r) }
    }

    @Test func parseRejectsShortBlocksNamingTheFile() {
        let bytes = Array("WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <x>\r\nContent-Length: 10\r\n\r\nabc".utf8)
        do {
            _ = try WARCSerialization.parse(bytes, path: "/tmp/f.warc.gz", offset: 7)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("/tmp/f.warc.gz at offset 7"))
        }
    }
}
