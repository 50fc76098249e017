/// The record types Trawl writes and reads (WARC 1.1 §6).
public enum WARCRecordType: String, Sendable, CaseIterable {
    case warcinfo, request, response, revisit, metadata, resource, conversion, continuation
}

/// One WARC record: named header fields and a content block.
///
/// Built by the `WARCRecord.request/response/revisit/metadata/warcinfo` factories
/// (which fill in IDs, dates and digests) and returned by `WARCReader`. A value
/// type, `Sendable`, so records can be built on any task and handed to the
/// writer's owning actor.
public struct WARCRecord: Sendable, Equatable {
    /// Header fields except `Content-Length`, which is derived from `block`.
    public var headers: WARCHeaders
    /// The content block, exactly as written (for `application/http` records:
    /// the HTTP head followed by the payload).
    public var block: [UInt8]

    public init(headers: WARCHeaders, block: [UInt8]) {
        self.headers = headers
        self.block = block
    }

    /// `WARC-Type`, if it names a known type.
    public var type: WARCRecordType? { headers["WARC-Type"].flatMap(WARCRecordType.init(rawValue:)) }
    /// `WARC-Record-ID`, e.g. `<urn:uuid:…>`.
    public var recordID: String { headers["WARC-Record-ID"] ?? "" }
    /// `WARC-Target-URI`, if any.
    public var targetURI: String? { headers["WARC-Target-URI"] }
    /// `WARC-Date` as written.
    public var date: String { headers["WARC-Date"] ?? "" }

    /// True when the block is an HTTP message (`Content-Type: application/http…`).
    public var isHTTP: Bool {
        guard let ct = headers["Content-Type"] else { return false }
        return ct.lowercased().hasPrefix("application/http")
    }

    /// Where the payload starts in `block`: after the HTTP head's blank line for
    /// HTTP records, 0 otherwise; nil for an HTTP block with no complete head.
    public var payloadOffset: Int? {
        isHTTP ? HTTPHead.endOfHead(block) : 0
    }

    /// The payload (the HTTP entity body for HTTP records, the whole block otherwise).
    public var payload: ArraySlice<UInt8> {
        block[(payloadOffset ?? block.count)...]
    }

    /// The HTTP head (status or request line and headers) of an HTTP record.
    public var httpHead: ArraySlice<UInt8>? {
        guard isHTTP, let end = HTTPHead.endOfHead(block) else { return nil }
        return block[..<end]
    }
}
