import Foundation
import TrawlFetch
import TrawlURL

/// Fetches one origin's robots.txt, following up to 5 redirects (to other hosts too), and
/// classifies the result the way RFC 9309 2.3.1 does.
struct RobotsFetch: Sendable {
    /// Redirects followed before robots.txt counts as unavailable (RFC 9309 2.3.1.2).
    static let maxRedirects = 5
    /// The part of a robots.txt that is read: RFC 9309 2.5 asks for at least 500 KiB. A larger
    /// file is cut there (not refused): its first 500 KiB apply, whatever `max_body_bytes` is.
    static let maxBytes = 500 * 1024

    let fetcher: Fetcher
    let settings: CrawlSettings
    /// Called with every response received (each redirect hop too), before it is classified:
    /// the crawl archives robots.txt in its WARC files through it (`WARCArchive.archiveRobots`).
    var onResponse: (@Sendable (FetchResponse) async -> Void)? = nil

    /// What one robots.txt fetch produced: the outcome for ``HostRobots`` and what the first
    /// request (the one to the host itself) says about the host's politeness.
    struct Result: Sendable {
        var outcome: HostRobots.FetchOutcome
        var signal: HostPoliteness.Signal?
        /// When the fetcher saw that first request end (the host's delay runs from there).
        var endedAt: ContinuousClock.Instant?
    }

    func run(origin: String) async -> Result {
        var endedAt: ContinuousClock.Instant?
        var result = await run(origin: origin, endedAt: &endedAt)
        result.endedAt = endedAt
        return result
    }

    private func run(origin: String, endedAt: inout ContinuousClock.Instant?) async -> Result {
        var url = origin + "/robots.txt"
        var signal: HostPoliteness.Signal?
        for hop in 0...Self.maxRedirects {
            let request = FetchRequest(
                url: url, userAgent: settings.userAgent, connectTimeout: settings.connectTimeout,
                timeout: settings.timeout, maxBodyBytes: Self.maxBytes, truncateAtMaxBody: true)
            let result = await fetcher.result(for: request)
            if hop == 0 {
                signal = HostPoliteness.Signal.classify(result)
                endedAt = (try? result.get())?.endedAt
            }
            switch result {
            case .failure(.cancelled):
                return Result(outcome: .cancelled, signal: signal)
            case .failure(let error) where error.kind == "blocked_address":
                // The SSRF guard refused the host's address: robots.txt can never be read, so
                // it is "unavailable" (allow all), and each page fetch is then refused and
                // recorded as failed with the same reason, instead of waiting forever.
                return Result(outcome: .unavailable("\(error.kind): \(error)"), signal: signal)
            case .failure(let error):
                return Result(outcome: .unreachable("\(error.kind): \(error)"), signal: signal)
            case .success(let response):
                await onResponse?(response)
                switch response.status {
                case 200..<300:
                    return Result(outcome: .body(response.body), signal: signal)
                case 300..<400:
                    guard let location = response.redirectLocation,
                          let target = CrawlURL(location, relativeTo: CrawlURL(url)), target.isHTTP
                    else { return Result(outcome: .unavailable("HTTP \(response.status) without a usable Location"), signal: signal) }
                    url = target.href
                case 429, 500..<600:
                    return Result(outcome: .unreachable("HTTP \(response.status)"), signal: signal)
                default:
                    return Result(outcome: .unavailable("HTTP \(response.status)"), signal: signal)
                }
            }
        }
        return Result(outcome: .unavailable("more than \(Self.maxRedirects) redirects"), signal: signal)
    }
}
