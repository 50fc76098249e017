/// Where and how the crawl writes WARC files (`[warc]` in the config).
///
/// The fetcher always hands the crawler bodies as received (content-encoding kept) and the
/// crawler decodes them itself, whether or not WARC output is on, so a crawl behaves the same
/// either way. Exchanges are recorded with the protocol actually spoken: an HTTP/2 exchange is
/// written with `WARC-Protocol: h2` and its `HTTP/2` status line, never rewritten as HTTP/1.1.
public struct WARCSettings: Sendable, Equatable {
    /// The folder the WARC files go to (absolute). Created if missing; its parent must exist.
    public var directory: String
    /// Files are rotated before they pass this many bytes.
    public var maxBytes: UInt64
    /// File name prefix: `PREFIX-YYYYMMDDhhmmss-SERIAL-HOSTNAME.warc.gz`.
    public var prefix: String
    /// fsync each batch before its capture rows commit (turn off only in benchmarks).
    public var fsync: Bool
    /// Deflate level of the gzip members, 1 (fastest) … 9 (smallest): 1–3 are igzip's levels
    /// (ISA-L), 4–9 libdeflate's (``TrawlWARC``'s `GzipDeflater`). 1 by default: on news pages it
    /// takes under half the CPU of libdeflate's level 1 for files ~3% larger (issue 8), and a
    /// fraction of zlib's default 6 (issue 5's "WARC output costs < 15% of crawl throughput").
    public var compressionLevel: Int32

    public init(directory: String, maxBytes: UInt64 = 1_000_000_000, prefix: String = "trawl", fsync: Bool = true,
                compressionLevel: Int32 = 1) {
        self.directory = directory
        self.maxBytes = maxBytes
        self.prefix = prefix
        self.fsync = fsync
        self.compressionLevel = compressionLevel
    }
}
