import Foundation

/// One HTTP fetch as it went over the wire: what the crawler hands to the
/// record factories. Heads are raw bytes, not re-serialized, so the archive
/// shows what was actually sent and received.
public struct HTTPExchange: Sendable {
    /// The URL fetched (WARC-Target-URI).
    public var targetURI: String
    /// When the request was sent (WARC-Date of both records).
    public var date: Date
    /// The server's IP address (WARC-IP-Address), if known.
    public var ipAddress: String?
    /// The protocol spoken: `http/1.1`, `http/1.0` or `h2` (WARC-Protocol).
    /// Recorded so an HTTP/2 exchange is never passed off as HTTP/1.1.
    public var httpProtocol: String
    /// Request line and headers exactly as sent, ending with the blank line.
    public var requestHead: [UInt8]
    /// Request body as sent (empty for GET).
    public var requestBody: [UInt8]
    /// Status line and headers as received, ending with the blank line.
    public var responseHead: [UInt8]
    /// Body as received: content-encoding kept, transfer-encoding removed.
    public var payload: [UInt8]

    public init(targetURI: String, date: Date, ipAddress: String?, httpProtocol: String,
                requestHead: [UInt8], requestBody: [UInt8] = [], responseHead: [UInt8], payload: [UInt8]) {
        self.targetURI = targetURI
        self.date = date
        self.ipAddress = ipAddress
        self.httpProtocol = httpProtocol
        self.requestHead = requestHead
        self.requestBody = requestBody
        self.responseHead = responseHead
        self.payload = payload
    }

    /// `WARC-Payload-Digest` of the payload: the key for the crawler's
    /// "archived before?" lookup, before choosing response vs revisit.
    public var payloadDigest: String { WARCDigest.sha1(payload) }
}

/// The earlier capture a revisit points at (from the crawler's digest index).
public struct RevisitOriginal: Sendable, Hashable {
    /// WARC-Record-ID of the original response record.
    public var recordID: String
    /// Its WARC-Target-URI.
    public var targetURI: String
    /// Its WARC-Date, as written.
    public var date: String

    public init(recordID: String, targetURI: String, date: String) {
        self.recordID = recordID
        self.targetURI = targetURI
        self.date = date
    }
}

extension WARCRecord {
    /// The revisit profile Trawl writes (WARC 1.1 §6.7.2).
    public static let identicalPayloadDigestProfile = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"

    /// A fresh unique `<urn:uuid:…>` record ID (a random version 4 UUID, lower-case hex),
    /// formatted as bytes: every capture takes four. The 122 random bits come from the system
    /// generator (`getrandom`): Foundation's `UUID()` opened and read `/dev/urandom` for each
    /// one, three system calls per record.
    public static func newRecordID() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 16)
        for (half, word) in [generator.next() as UInt64, generator.next() as UInt64].enumerated() {
            for index in 0..<8 { bytes[half * 8 + index] = UInt8(truncatingIfNeeded: word >> (8 * index)) }
        }
        bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
        bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
        let prefix = Array("<urn:uuid:".utf8)
        let hex = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 47) { out in
            var at = 0
            for byte in prefix {
                out[at] = byte
                at += 1
            }
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    out[at] = 0x2D
                    at += 1
                }
                out[at] = hex[Int(byte >> 4)]
                out[at + 1] = hex[Int(byte & 15)]
                at += 2
            }
            out[at] = 0x3E
            return at + 1
        }
    }

    static func common(_ type: WARCRecordType, id: String, date: Date, uri: String?) -> WARCHeaders {
        var h = WARCHeaders()
        h.reserveCapacity(10)  // one allocation, not four regrowths
        h.append("WARC-Type", type.rawValue)
        h.append("WARC-Record-ID", id)
        h.append("WARC-Date", WARCDate.string(date))
        if let uri { h.append("WARC-Target-URI", uri) }
        return h
    }

    /// The `request` record of `exchange`: request line + headers as sent, then the body.
    /// - Parameter concurrentTo: the response (or revisit) record's ID, to link the pair.
    public static func request(_ exchange: HTTPExchange, id: String = newRecordID(), concurrentTo: String?) -> WARCRecord {
        var h = common(.request, id: id, date: exchange.date, uri: exchange.targetURI)
        if let ip = exchange.ipAddress { h.append("WARC-IP-Address", ip) }
        if let concurrentTo { h.append("WARC-Concurrent-To", concurrentTo) }
        h.append("WARC-Protocol", exchange.httpProtocol)
        let block = exchange.requestHead + exchange.requestBody
        h.append("WARC-Block-Digest", WARCDigest.sha1(block))
        h.append("WARC-Payload-Digest", exchange.requestBody.isEmpty ? WARCDigest.emptySHA1 : WARCDigest.sha1(exchange.requestBody))
        h.append("Content-Type", "application/http; msgtype=request")
        return WARCRecord(headers: h, block: block)
    }

    /// The `response` record of `exchange`: status line + headers as received
    /// (Transfer-Encoding lines dropped, see `HTTPHead.removingTransferEncoding`), then the payload.
    /// - Parameter payloadDigest: the payload's digest when the caller already has it (the
    ///   archive computes it once, for the revisit lookup), so the payload is hashed only twice
    ///   (payload, block) rather than three times.
    public static func response(_ exchange: HTTPExchange, id: String = newRecordID(), concurrentTo: String?,
                                payloadDigest: String? = nil) -> WARCRecord {
        var h = common(.response, id: id, date: exchange.date, uri: exchange.targetURI)
        if let ip = exchange.ipAddress { h.append("WARC-IP-Address", ip) }
        if let concurrentTo { h.append("WARC-Concurrent-To", concurrentTo) }
        h.append("WARC-Protocol", exchange.httpProtocol)
        let head = HTTPHead.removingTransferEncoding(exchange.responseHead)
        var block = head
        block.append(contentsOf: exchange.payload)
        h.append("WARC-Block-Digest", WARCDigest.sha1(block))
        h.append("WARC-Payload-Digest", payloadDigest ?? WARCDigest.sha1(exchange.payload))
        h.append("Content-Type", "application/http; msgtype=response")
        return WARCRecord(headers: h, block: block)
    }

    /// A `revisit` record for `exchange`, whose payload is identical to `original`'s:
    /// only the response head is stored; the payload digest is the shared one.
    public static func revisit(_ exchange: HTTPExchange, of original: RevisitOriginal,
                               id: String = newRecordID(), concurrentTo: String?, payloadDigest: String? = nil) -> WARCRecord {
        var h = common(.revisit, id: id, date: exchange.date, uri: exchange.targetURI)
        if let ip = exchange.ipAddress { h.append("WARC-IP-Address", ip) }
        if let concurrentTo { h.append("WARC-Concurrent-To", concurrentTo) }
        h.append("WARC-Protocol", exchange.httpProtocol)
        h.append("WARC-Profile", identicalPayloadDigestProfile)
        h.append("WARC-Refers-To", original.recordID)
        h.append("WARC-Refers-To-Target-URI", original.targetURI)
        h.append("WARC-Refers-To-Date", original.date)
        let block = HTTPHead.removingTransferEncoding(exchange.responseHead)
        h.append("WARC-Block-Digest", WARCDigest.sha1(block))
        h.append("WARC-Payload-Digest", payloadDigest ?? WARCDigest.sha1(exchange.payload))
        h.append("Content-Type", "application/http; msgtype=response")
        return WARCRecord(headers: h, block: block)
    }

    /// A `metadata` record (`application/warc-fields`) for a capture: one
    /// `outlink: URL L a/@href` line per link, as Heritrix writes, then `extra` fields.
    public static func metadata(targetURI: String, date: Date, concurrentTo: String?, outlinks: [String],
                                extra: [(String, String)] = [], id: String = newRecordID()) -> WARCRecord {
        var h = common(.metadata, id: id, date: date, uri: targetURI)
        if let concurrentTo { h.append("WARC-Concurrent-To", concurrentTo) }
        var block: [UInt8] = []
        block.reserveCapacity(outlinks.reduce(0) { $0 + $1.utf8.count + 24 })
        for (k, v) in extra { block += "\(k): \(oneLine(v))\r\n".utf8 }
        for link in outlinks {  // appended as bytes: a page has dozens of outlinks
            block += "outlink: ".utf8
            block += oneLine(link).utf8
            block += " L a/@href\r\n".utf8
        }
        h.append("WARC-Block-Digest", WARCDigest.sha1(block))
        h.append("Content-Type", "application/warc-fields")
        return WARCRecord(headers: h, block: block)
    }

    /// A `conversion` record holding text derived from a capture (the extracted article):
    /// `text/plain; charset=utf-8`, linked to the response (or revisit) it was derived from by
    /// `WARC-Refers-To`, so a reader finds the text from the page and the page from the text.
    public static func conversion(targetURI: String, date: Date, refersTo: String, text: String,
                                  id: String = newRecordID()) -> WARCRecord {
        var h = common(.conversion, id: id, date: date, uri: targetURI)
        h.append("WARC-Refers-To", refersTo)
        let block = Array(text.utf8)
        let digest = WARCDigest.sha1(block)  // block and payload are the same bytes: hashed once
        h.append("WARC-Block-Digest", digest)
        h.append("WARC-Payload-Digest", digest)
        h.append("Content-Type", "text/plain; charset=utf-8")
        return WARCRecord(headers: h, block: block)
    }

    /// The `warcinfo` record opening a file: software, hostname, format and the
    /// caller's configuration summary (e.g. `robots: obey`) as warc-fields.
    public static func warcinfo(fileName: String, date: Date, software: String, hostname: String,
                                fields: [(String, String)], id: String = newRecordID()) -> WARCRecord {
        var h = common(.warcinfo, id: id, date: date, uri: nil)
        h.append("WARC-Filename", fileName)
        var text = "software: \(oneLine(software))\r\n"
        text += "hostname: \(oneLine(hostname))\r\n"
        text += "format: WARC File Format 1.1\r\n"
        text += "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
        for (k, v) in fields { text += "\(oneLine(k)): \(oneLine(v))\r\n" }
        let block = Array(text.utf8)
        h.append("WARC-Block-Digest", WARCDigest.sha1(block))
        h.append("Content-Type", "application/warc-fields")
        return WARCRecord(headers: h, block: block)
    }

    /// The records of one fetch, ready for `WARCWriter.write`: request, then
    /// response (or revisit when `duplicateOf` is given), then metadata with
    /// the outlinks (omitted when `outlinks` is nil). Request and response are
    /// linked both ways by WARC-Concurrent-To; metadata points at the response.
    /// An empty payload is never written as a revisit (there is nothing to dedupe).
    /// `payloadDigest`, when given, must be `exchange.payloadDigest` (computed once by the caller).
    public static func capture(_ exchange: HTTPExchange, duplicateOf: RevisitOriginal? = nil,
                               outlinks: [String]? = nil, payloadDigest: String? = nil) -> [WARCRecord] {
        let original = exchange.payload.isEmpty ? nil : duplicateOf
        let requestID = newRecordID(), responseID = newRecordID()
        let request = request(exchange, id: requestID, concurrentTo: responseID)
        let response = original.map { revisit(exchange, of: $0, id: responseID, concurrentTo: requestID, payloadDigest: payloadDigest) }
            ?? response(exchange, id: responseID, concurrentTo: requestID, payloadDigest: payloadDigest)
        var records = [request, response]
        if let outlinks {
            records.append(metadata(targetURI: exchange.targetURI, date: exchange.date,
                                    concurrentTo: responseID, outlinks: outlinks))
        }
        return records
    }

    static func oneLine(_ s: String) -> String {
        // Bytes, not Characters: this runs for every outlink of every page.
        s.utf8.contains(where: { $0 == 13 || $0 == 10 })
            ? s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
            : s
    }
}
