/// `304 Not Modified` answers to conditional revisits (WARC 1.1 §6.7.3).
extension WARCRecord {
    /// The revisit profile of an answer saying the content is unchanged since an earlier capture.
    public static let serverNotModifiedProfile = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"

    /// A `revisit` record for a `304 Not Modified` answer: the response head as received (there
    /// is no payload), pointing at the earlier response record whose content the server says is
    /// still current, when known (`WARC-Refers-To`, its target URI and date).
    public static func notModified(_ exchange: HTTPExchange, since original: RevisitOriginal?,
                                   id: String = newRecordID(), concurrentTo: String?) -> WARCRecord {
        var h = common(.revisit, id: id, date: exchange.date, uri: exchange.targetURI)
        if let ip = exchange.ipAddress { h.append("WARC-IP-Address", ip) }
        if let concurrentTo { h.append("WARC-Concurrent-To", concurrentTo) }
        h.append("WARC-Protocol", exchange.httpProtocol)
        h.append("WARC-Profile", serverNotModifiedProfile)
        if let original {
            h.append("WARC-Refers-To", original.recordID)
            h.append("WARC-Refers-To-Target-URI", original.targetURI)
            h.append("WARC-Refers-To-Date", original.date)
        }
        let block = HTTPHead.removingTransferEncoding(exchange.responseHead)
        h.append("WARC-Block-Digest", WARCDigest.sha1(block))
        h.append("Content-Type", "application/http; msgtype=response")
        return WARCRecord(headers: h, block: block)
    }

    /// The records of a fetch answered `304 Not Modified`: request, server-not-modified
    /// revisit, and metadata (no outlinks: there is no page) pointing at the revisit.
    public static func notModifiedCapture(_ exchange: HTTPExchange, since original: RevisitOriginal?) -> [WARCRecord] {
        let requestID = newRecordID(), revisitID = newRecordID()
        return [
            request(exchange, id: requestID, concurrentTo: revisitID),
            notModified(exchange, since: original, id: revisitID, concurrentTo: requestID),
            metadata(targetURI: exchange.targetURI, date: exchange.date, concurrentTo: revisitID, outlinks: []),
        ]
    }
}
