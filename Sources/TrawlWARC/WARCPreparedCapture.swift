/// A record serialized and compressed into its own gzip member, ready to be appended to a file.
public struct PreparedRecord: Sendable {
    /// The record (kept for its location).
    public private(set) var record: WARCRecord
    /// The gzip member holding the serialized record.
    public private(set) var member: [UInt8]
    /// The record's CDXJ index entry but for its place (file name, offset and length, which the
    /// writer fills in); nil for a record that is not indexed. Built here, where the capture is
    /// prepared (in parallel, off the writer's queue): the SURT key and the head parsing were
    /// ~1.5% of a crawl's CPU on the WARC writer's serial queue.
    public private(set) var index: CDXJEntry?

    /// Serializes `record` and compresses it with `deflater` (with `learning`'s codes once they
    /// are built, at level 1: ``GzipDeflater/appendMember(to:learning:_:)``); throws
    /// `invalidRecord` when a required field is missing or a header would break the framing.
    init(_ record: WARCRecord, deflater: GzipDeflater, learning: LearnedHuffman? = nil) throws(WARCError) {
        guard record.headers["WARC-Type"] != nil, record.headers["WARC-Record-ID"] != nil,
              record.headers["WARC-Date"] != nil else {
            throw .invalidRecord(reason: "WARC-Type, WARC-Record-ID and WARC-Date are required (record \(record.recordID))")
        }
        var member: [UInt8] = []
        try deflater.appendMember(to: &member, learning: learning) { (buffer: inout [UInt8]) throws(WARCError) in
            try WARCSerialization.append(record, to: &buffer)
        }
        self.record = record
        self.member = member
        self.index = CDXJEntry(record: record, filename: "", offset: 0, length: 0)
    }
}

/// One fetch's records (request, response, metadata, then records derived from the response such
/// as the extracted text's conversion record), built, hashed and compressed before they reach
/// the writer.
///
/// Why: gzip and SHA-1 are most of the cost of archiving. Preparing a capture needs nothing
/// but the exchange, so it runs on whatever thread parsed the page, in parallel, and the
/// writer's owner only decides response-or-revisit and appends bytes. When the payload turns
/// out to be archived already, `revisit(of:)` swaps the response for a revisit record (heads
/// only: cheap to build and compress); the speculative response is dropped.
public struct PreparedCapture: Sendable {
    /// Request, response (or revisit), metadata (when outlinks were given), derived records.
    public private(set) var records: [PreparedRecord]
    /// Index of the response (or revisit) record in `records`.
    public let responseIndex = 1
    /// The payload's `WARC-Payload-Digest`, the key of the revisit lookup; nil for an empty
    /// payload (never deduplicated).
    public let payloadDigest: String?
    /// True once `revisit(of:)` replaced the response.
    public private(set) var isRevisit = false
    /// The exchange without its payload: what a revisit record needs.
    private let heads: HTTPExchange
    private let compressionLevel: Int32

    /// A fetch's records as `WARCRecord.capture` builds them.
    /// - Parameters:
    ///   - outlinks: the metadata record's outlinks; nil writes no metadata record.
    ///   - derived: records derived from the response, given the response's record ID.
    ///   - compressionLevel: deflate level 1…9 (`GzipDeflater`).
    ///   - knownOriginal: the original response of a payload digest archived before, if known
    ///     here: the capture is then prepared as a revisit of it at once (no response record is
    ///     compressed only to be dropped). An empty payload is never a revisit.
    public init(_ exchange: HTTPExchange, outlinks: [String]?, compressionLevel: Int32,
                knownOriginal: (_ payloadDigest: String) -> RevisitOriginal? = { _ in nil },
                derived: (_ responseID: String) -> [WARCRecord] = { _ in [] }) throws(WARCError) {
        let digest = exchange.payloadDigest
        let original = exchange.payload.isEmpty ? nil : knownOriginal(digest)
        var records = WARCRecord.capture(exchange, duplicateOf: original, outlinks: outlinks, payloadDigest: digest)
        records += derived(records[1].recordID)
        try self.init(records: records, exchange: exchange, payloadDigest: exchange.payload.isEmpty ? nil : digest,
                      isRevisit: original != nil, compressionLevel: compressionLevel)
    }

    /// Records already built (request first, the response or revisit second).
    /// - Parameters:
    ///   - payloadDigest: the dedup key; nil when the records must never become a revisit.
    ///   - isRevisit: the second record is a revisit already (e.g. server-not-modified).
    public init(records: [WARCRecord], exchange: HTTPExchange, payloadDigest: String?, isRevisit: Bool = false,
                compressionLevel: Int32) throws(WARCError) {
        guard records.count >= 2 else { throw .invalidRecord(reason: "a capture needs a request and a response record") }
        let storeResponse = !isRevisit && Self.isContentEncoded(exchange)
        let prepared = try GzipDeflater.withPooled(level: compressionLevel) { deflater throws(WARCError) in
            var prepared: [PreparedRecord] = []
            prepared.reserveCapacity(records.count)
            for (index, record) in records.enumerated() {
                if (index == 0 && !deflater.learns) || (index == 1 && storeResponse) {
                    // The request (a few hundred bytes, where compressing saves ~250 bytes for a
                    // compressor's fixed cost, about as much CPU as a 2 KB record, unless the
                    // codes are learned: `LearnedHuffman`), or a response whose payload is
                    // compressed already: a stored (level 0) member.
                    prepared.append(try GzipDeflater.withPooled(level: 0) { stored throws(WARCError) in
                        try PreparedRecord(record, deflater: stored)
                    })
                } else {
                    prepared.append(try PreparedRecord(
                        record, deflater: deflater, learning: LearnedHuffman.forRecordType(record.headers["WARC-Type"])))
                }
            }
            return prepared
        }
        var heads = exchange
        heads.payload = []
        self.records = prepared
        self.payloadDigest = payloadDigest
        self.isRevisit = isRevisit
        self.heads = heads
        self.compressionLevel = compressionLevel
    }

    /// Whether the payload came content-encoded (gzip, br, deflate, zstd: anything but
    /// identity). Such a response record goes into its gzip member uncompressed (deflate's
    /// stored blocks, a valid member every reader inflates): compressing compressed bytes costs
    /// as much CPU as compressing a page and saves nothing.
    static func isContentEncoded(_ exchange: HTTPExchange) -> Bool {
        guard !exchange.payload.isEmpty, let coding = HTTPHead.header("Content-Encoding", in: exchange.responseHead) else {
            return false
        }
        return !coding.isEmpty && !coding.caseInsensitiveEquals("identity")
    }

    /// The response (or revisit) record.
    public var response: WARCRecord { records[responseIndex].record }

    /// Replaces the response by a revisit of `original` (same record ID, so the request,
    /// metadata and derived records still point at it). Does nothing for an empty payload.
    public mutating func revisit(of original: RevisitOriginal) throws(WARCError) {
        guard let payloadDigest, !isRevisit else { return }
        let record = WARCRecord.revisit(heads, of: original, id: response.recordID,
                                        concurrentTo: records[0].record.recordID, payloadDigest: payloadDigest)
        records[responseIndex] = try GzipDeflater.withPooled(level: compressionLevel) { deflater throws(WARCError) in
            try PreparedRecord(record, deflater: deflater)
        }
        isRevisit = true
    }
}
