import Foundation
import TrawlFetch

extension HostPoliteness.Signal {
    /// What a fetch result tells the host's politeness; nil for a cancelled fetch (it tells nothing).
    ///
    /// 429 and 503 are throttling (with `Retry-After` when given); other 5xx, timeouts and
    /// connection-level errors are failures; any other answer (2xx, 3xx, 4xx) is a success.
    /// Errors that are the request's own fault (invalid URL, body too large) count as answers.
    static func classify(_ result: Result<FetchResponse, FetchError>, now: Date = Date()) -> Self? {
        switch result {
        case .success(let response):
            switch response.status {
            case 429, 503:
                return .throttled(retryAfter: response.header("Retry-After").flatMap { RetryAfter.parse($0, now: now) })
            case 500..<600:
                return .failed
            default:
                return .answered(duration: response.duration)
            }
        case .failure(let error):
            switch error {
            case .cancelled: return nil
            // A refused address (SSRF guard) never reached the host: nothing to back off from.
            case .invalidURL, .bodyTooLarge, .blockedAddress: return .answered(duration: .zero)
            case .couldNotResolveHost, .couldNotConnect, .timedOut, .tooSlow, .tls, .transport: return .failed
            }
        }
    }
}
