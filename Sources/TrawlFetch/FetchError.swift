/// Why a fetch produced no response.
///
/// The associated strings are details for people: for ``invalidURL(_:)`` the URL itself, for
/// the network cases the URL followed by curl's own explanation.
public enum FetchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL is malformed or its scheme is not http/https.
    case invalidURL(String)
    /// DNS resolution of the host failed.
    case couldNotResolveHost(String)
    /// The TCP connection was refused or could not be established.
    case couldNotConnect(String)
    /// The connect timeout or the whole-transfer timeout expired.
    case timedOut(String)
    /// The transfer stayed below the fetcher's ``LowSpeedLimit`` for its whole time.
    case tooSlow(String)
    /// The SSRF guard (``AddressPolicy``) refused every address the host resolved to;
    /// `address` is the (last) one refused, `reason` the range or rule.
    case blockedAddress(url: String, address: String, reason: String)
    /// The body (after decoding) would exceed the request's `maxBodyBytes`.
    case bodyTooLarge(limit: Int)
    /// TLS handshake or certificate verification failed.
    case tls(String)
    /// The fetch was cancelled (task cancellation or fetcher shutdown).
    case cancelled
    /// Any other curl failure: the CURLcode and curl's error text.
    case transport(code: Int, message: String)

    /// A short stable token for storage and stats: "invalid_url", "dns", "connect", "timeout",
    /// "too_slow", "blocked_address", "too_large", "tls", "cancelled", "transport".
    public var kind: String {
        switch self {
        case .invalidURL: "invalid_url"
        case .couldNotResolveHost: "dns"
        case .couldNotConnect: "connect"
        case .timedOut: "timeout"
        case .tooSlow: "too_slow"
        case .blockedAddress: "blocked_address"
        case .bodyTooLarge: "too_large"
        case .tls: "tls"
        case .cancelled: "cancelled"
        case .transport: "transport"
        }
    }

    /// A message a user can act on, naming the URL where known.
    public var description: String {
        switch self {
        case .invalidURL(let url):
            "invalid URL \(url.debugDescription): only absolute http:// and https:// URLs can be fetched"
        case .couldNotResolveHost(let detail):
            "could not resolve host: \(detail) (check the host name and DNS)"
        case .couldNotConnect(let detail):
            "could not connect: \(detail) (is the server up and the port right?)"
        case .timedOut(let detail):
            "timed out: \(detail) (the server is slow or unreachable; raise the timeout if this is expected)"
        case .tooSlow(let detail):
            "too slow: \(detail) (a trickling or stalled server; see [limits] low_speed_bytes_per_second and low_speed_time_ms)"
        case .blockedAddress(let url, let address, let reason):
            "refused to connect to \(address) for \(url): \(reason), not the public internet (SSRF guard; set [network] allow_private = true, or list the address in [network] allow_cidrs, to allow it)"
        case .bodyTooLarge(let limit):
            "response body larger than the limit of \(limit) bytes; transfer aborted (raise maxBodyBytes to accept it)"
        case .tls(let detail):
            "TLS failure: \(detail) (certificate or handshake problem on the server's side)"
        case .cancelled:
            "fetch cancelled"
        case .transport(let code, let message):
            "transfer failed (curl error \(code)): \(message)"
        }
    }
}
