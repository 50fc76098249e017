/// What to fetch and under which limits. One `FetchRequest` is one GET transfer.
public struct FetchRequest: Sendable {
    /// Absolute `http` or `https` URL. Other schemes fail with ``FetchError/invalidURL(_:)``.
    public var url: String
    /// Sent as the `User-Agent` header.
    public var userAgent: String
    /// Extra request headers, sent in order. An empty value sends the header with no value.
    public var headers: [HTTPHeader]
    /// Limit for establishing the connection (DNS, TCP and TLS). Default 10 s.
    public var connectTimeout: Duration
    /// Limit for the whole transfer, connection included. Default 30 s.
    public var timeout: Duration
    /// Largest body accepted, counted after content decoding. Default 10 MiB.
    /// A larger body aborts the transfer with ``FetchError/bodyTooLarge(limit:)``.
    public var maxBodyBytes: Int
    /// Ask for gzip/deflate/br/zstd and hand back the decoded body. Default true.
    /// When false curl neither sends `Accept-Encoding` nor decodes: the body is returned as
    /// received (content-encoding kept, transfer-encoding removed), which is what a WARC
    /// archives. The crawler then sends its own `Accept-Encoding` header and decodes itself.
    /// `maxBodyBytes` then caps the bytes received (still encoded).
    public var decodeContent: Bool
    /// Use HTTP/1.1 even where HTTP/2 could be negotiated (https). Default false.
    public var forceHTTP1: Bool
    /// Keep the first `maxBodyBytes` of a larger body instead of failing: the transfer stops at
    /// the cap and succeeds with the body cut there and ``FetchResponse/truncated`` set.
    /// For robots.txt, of which RFC 9309 asks crawlers to parse at least the first 500 KiB.
    /// Default false (a larger body fails with ``FetchError/bodyTooLarge(limit:)``).
    public var truncateAtMaxBody: Bool
    /// Start the transfer no sooner than this instant (nil: at once). The fetcher's thread holds
    /// the request until then, so a crawler can hand over a request shortly before a host's
    /// politeness slot opens and it still leaves on time, whatever the caller's own wake-up
    /// latency. A cancelled fetch that has not started fails with ``FetchError/cancelled``.
    public var startAt: ContinuousClock.Instant?

    /// Creates a request; see the properties for the defaults.
    public init(
        url: String,
        userAgent: String,
        headers: [HTTPHeader] = [],
        connectTimeout: Duration = .seconds(10),
        timeout: Duration = .seconds(30),
        maxBodyBytes: Int = 10 << 20,
        decodeContent: Bool = true,
        forceHTTP1: Bool = false,
        truncateAtMaxBody: Bool = false,
        startAt: ContinuousClock.Instant? = nil
    ) {
        self.url = url
        self.userAgent = userAgent
        self.headers = headers
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.maxBodyBytes = maxBodyBytes
        self.decodeContent = decodeContent
        self.forceHTTP1 = forceHTTP1
        self.truncateAtMaxBody = truncateAtMaxBody
        self.startAt = startAt
    }
}
