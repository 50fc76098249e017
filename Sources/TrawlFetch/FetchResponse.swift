import Foundation

/// The final response of one transfer. Redirects are not followed, so a 3xx is a response too.
public struct FetchResponse: Sendable {
    /// The URL as requested.
    public var url: String
    /// HTTP status code of the final response.
    public var status: Int
    /// `"HTTP/1.0"`, `"HTTP/1.1"`, `"HTTP/2"` or `"HTTP/3"`.
    public var httpVersion: String
    /// Headers of the final response in the order received; interim 1xx responses and
    /// trailers are left out.
    public var headers: [HTTPHeader]
    /// The body, decoded when the request asked for `decodeContent`; otherwise as received
    /// (content-encoding kept, transfer-encoding removed): the WARC payload.
    public var body: [UInt8]
    /// The request line and header lines exactly as curl sent them, ending with the blank line
    /// (for HTTP/2, curl's HTTP/1-style rendering of the request's header frame). Empty for fakes.
    public var requestHead: [UInt8]
    /// The final response's status line and header lines exactly as received, ending with the
    /// blank line (interim 1xx blocks and trailers left out). Empty for fakes.
    public var responseHead: [UInt8]
    /// Absolute target of a 3xx response's `Location`, resolved against ``url``.
    public var redirectLocation: String?
    /// IP address of the server the transfer talked to.
    public var remoteIP: String?
    /// Wall-clock time at which the transfer was handed to curl.
    public var startedAt: Date
    /// Total transfer time as measured by curl.
    public var duration: Duration
    /// When the fetcher's thread saw the transfer end (nil for fakes): a host's politeness
    /// delay can run from here rather than from when the caller resumed.
    public var endedAt: ContinuousClock.Instant?
    /// True when the transfer ran on a connection kept open from an earlier fetch
    /// (curl opened no new connection for it).
    public var reusedConnection: Bool
    /// True when the body was cut at the request's `maxBodyBytes` (only with
    /// ``FetchRequest/truncateAtMaxBody``): the server sent, or announced, more.
    public var truncated: Bool

    /// Creates a response (for tests and fakes; the fetcher builds real ones).
    public init(
        url: String, status: Int, httpVersion: String, headers: [HTTPHeader], body: [UInt8],
        requestHead: [UInt8] = [], responseHead: [UInt8] = [],
        redirectLocation: String? = nil, remoteIP: String? = nil,
        startedAt: Date = Date(), duration: Duration = .zero, reusedConnection: Bool = false,
        truncated: Bool = false, endedAt: ContinuousClock.Instant? = nil
    ) {
        self.url = url
        self.status = status
        self.httpVersion = httpVersion
        self.headers = headers
        self.body = body
        self.requestHead = requestHead
        self.responseHead = responseHead
        self.redirectLocation = redirectLocation
        self.remoteIP = remoteIP
        self.startedAt = startedAt
        self.duration = duration
        self.reusedConnection = reusedConnection
        self.truncated = truncated
        self.endedAt = endedAt
    }

    /// The first value of the header named `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.firstValue(named: name)
    }

    /// The `Content-Type` header, if any.
    public var contentType: String? { header("Content-Type") }
}
