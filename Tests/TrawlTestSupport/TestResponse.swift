/// One request as a ``TestHTTPServer`` saw it.
public struct RecordedRequest: Sendable {
    /// The request method as sent, e.g. `"GET"`.
    public var method: String
    /// The request-target as sent: path plus query, e.g. `"/a?b=1"`.
    public var target: String
    /// The request header fields in the order they were sent.
    public var headers: [(name: String, value: String)]
    /// When the request head arrived (for measuring politeness gaps).
    public var arrival: ContinuousClock.Instant
    /// `"http://127.0.0.1:PORT"` of the server that got the request.
    public var serverOrigin: String

    /// Creates a recorded request (normally only the server does this).
    public init(
        method: String,
        target: String,
        headers: [(name: String, value: String)],
        arrival: ContinuousClock.Instant,
        serverOrigin: String
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.arrival = arrival
        self.serverOrigin = serverOrigin
    }

    /// The request's path: ``target`` up to the first `?`.
    public var path: String {
        if let q = target.firstIndex(of: "?") { return String(target[..<q]) }
        return target
    }

    /// The absolute URL of the request: ``serverOrigin`` followed by ``target``.
    public var url: String { serverOrigin + target }

    /// The first value of the header field `name`, compared case-insensitively; `nil` when absent.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

/// The answer a ``TestHTTPServer`` handler gives to one request.
///
/// The server adds `Content-Length` unless the headers already carry `Content-Length` or
/// `Transfer-Encoding`, and honours `Connection: close`. With `Transfer-Encoding: chunked` the
/// server frames ``body`` itself, in chunks of 4 KiB: give the plain body, not chunk syntax.
/// Other headers (`Content-Encoding`, …) go out as given, with ``body`` sent verbatim.
public struct TestResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// Response header fields, sent in this order.
    public var headers: [(name: String, value: String)]
    /// The response body (not sent for `HEAD` requests).
    public var body: [UInt8]
    /// Wait this long after the request arrives before answering (slow hosts).
    public var delay: Duration

    /// Creates a response.
    public init(
        status: Int = 200,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        delay: Duration = .zero
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
    }

    /// An HTML response, `Content-Type: text/html; charset=utf-8`.
    public static func html(_ html: String, status: Int = 200) -> TestResponse {
        TestResponse(
            status: status,
            headers: [(name: "Content-Type", value: "text/html; charset=utf-8")],
            body: Array(html.utf8))
    }

    /// A plain-text response, `Content-Type: text/plain; charset=utf-8`.
    public static func text(_ text: String, status: Int = 200) -> TestResponse {
        TestResponse(
            status: status,
            headers: [(name: "Content-Type", value: "text/plain; charset=utf-8")],
            body: Array(text.utf8))
    }

    /// A redirect to `location` (sent verbatim in the `Location` header) with an empty body.
    public static func redirect(to location: String, status: Int = 301) -> TestResponse {
        TestResponse(status: status, headers: [(name: "Location", value: location)])
    }

    /// A plain-text `404 Not Found`.
    public static let notFound = TestResponse.text("Not Found\n", status: 404)

    /// A copy of this response with ``delay`` replaced.
    public func delayed(by delay: Duration) -> TestResponse {
        var copy = self
        copy.delay = delay
        return copy
    }

    /// The first value of the header field `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}
