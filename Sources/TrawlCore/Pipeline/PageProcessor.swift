import Foundation
import TrawlFetch
import TrawlHTML
import TrawlURL
import TrawlWARC

/// Turns one fetch result into what the archive stores and the frontier receives:
/// capture row, hashed (and, without WARC output, compressed) body, and the page's in-scope
/// links and redirect target.
///
/// A pure function of its inputs (plus the clock for retry times), run on the blocking pool.
struct PageProcessor: Sendable {
    var scope: Scope
    var maxRedirects: Int
    var retry: RetryPolicy
    /// Cap on the decoded body (the fetcher caps the bytes received).
    var maxBodyBytes: Int = 10 << 20
    /// Which pages are hubs whose announced feeds are taken at the page's own depth.
    var revisit = RevisitPolicy()
    /// WARC output is on: the WARC response record is the body's copy, so a body that goes
    /// into a WARC record is only hashed for the contents table, not compressed and stored
    /// again (schema v11). A body with no exchange to archive is stored in SQLite as ever.
    var bodiesInWARC = false

    func process(_ entry: FrontierEntry, _ result: Result<FetchResponse, FetchError>, attempt: Int) -> PageOutcome {
        switch result {
        case .success(let response): processResponse(entry, response, attempt: attempt)
        case .failure(let error): processFailure(entry, error, attempt: attempt)
        }
    }

    private func processFailure(_ entry: FrontierEntry, _ error: FetchError, attempt: Int) -> PageOutcome {
        if error == .cancelled {
            return PageOutcome(entry: entry, disposition: .requeue, capture: nil, content: nil, discoveries: [])
        }
        let capture = Capture(fetchedAt: Date(), errorKind: error.kind, error: error.description)
        let disposition = retryDisposition(transient: RetryPolicy.isTransient(errorKind: error.kind), attempt: attempt)
        return PageOutcome(entry: entry, disposition: disposition, capture: capture, content: nil, discoveries: [])
    }

    private func processResponse(_ entry: FrontierEntry, _ response: FetchResponse, attempt: Int) -> PageOutcome {
        let coding = response.header("Content-Encoding")
        let decoding = ContentDecoder.decode(response.body, contentEncoding: coding, limit: maxBodyBytes)
        // The body hashed, parsed and stored is the decoded one; the archive keeps the raw one.
        var body = response.body
        var parseable = true
        var note: (kind: String?, message: String)?
        switch decoding {
        case .decoded(let decoded):
            body = decoded
        case .tooLarge(let limit):
            body = []
            parseable = false
            note = ("too_large", "decoded body (Content-Encoding \(coding ?? "")) exceeds \(limit) bytes; archived as received, not parsed")
        case .unsupported(let name):
            parseable = false
            note = (nil, "Content-Encoding \(name) is not decoded by Trawl; body stored as received, not parsed")
        case .corrupt(let name, let reason):
            parseable = false
            note = ("content_decoding", "Content-Encoding \(name) could not be decoded (\(reason)); body stored as received, not parsed")
        }
        var capture = Capture(
            fetchedAt: response.startedAt, status: response.status, httpVersion: response.httpVersion,
            finalURL: response.redirectLocation ?? entry.url, remoteIP: response.remoteIP,
            headers: response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\r\n"),
            contentType: response.contentType, length: body.count,
            durationMilliseconds: response.duration.milliseconds,
            errorKind: note?.kind, error: note?.message)
        let exchange = Self.exchange(entry.url, response)
        let content = body.isEmpty ? nil : bodiesInWARC && exchange != nil ? BodyCodec.reference(body) : BodyCodec.store(body)
        var discoveries: [Discovery] = []
        var outlinks: [String] = []
        var hubLinks: [String] = []
        var article: ExtractedArticle?
        var feedEntries: [String]?

        if (300..<400).contains(response.status), let location = response.redirectLocation {
            outlinks = [location]
            hubLinks = [location]
            if entry.redirects + 1 > maxRedirects {
                capture.errorKind = "too_many_redirects"
                capture.error = "redirect to \(location) not followed: more than \(maxRedirects) redirects in a row"
            } else if let target = CrawlURL(location, relativeTo: CrawlURL(entry.url)), target.isHTTP {
                let normalized = target.normalizedForCrawl()
                if scope.admits(normalized, depth: entry.depth) {
                    discoveries.append(Discovery(
                        url: normalized.href, origin: normalized.origin, depth: entry.depth, redirects: entry.redirects + 1))
                }
            } else {
                capture.errorKind = "redirect_refused"
                capture.error = "redirect to \(location) not followed: only http and https URLs are crawled"
            }
        } else if parseable, response.status == 200, scope.feeds,
                  FeedLinks.isCandidate(contentType: response.contentType, body: body),
                  let feed = FeedLinks.links(of: body, contentType: response.contentType, entry: entry, scope: scope) {
            // Before HTML: feeds are often served as text/html; a body whose root is <rss> is no page.
            (discoveries, outlinks) = (feed.discoveries, feed.outlinks)
            feedEntries = feed.outlinks
        } else if parseable, response.status == 200, isHTML(response.contentType),
                  let document = try? HTMLDocument(bytes: body, contentType: response.contentType) {
            // One parse serves both the links and the article.
            (discoveries, outlinks, hubLinks) = links(of: document, entry: entry)
            let extracted = document.article(url: entry.url)
            if !extracted.text.isEmpty {
                article = ExtractedArticle(article: extracted, simhash: SimHash.hash(extracted.text))
            }
        } else if parseable, response.status == 200, scope.sitemaps,
                  SitemapLinks.isCandidate(url: entry.url, contentType: response.contentType, body: body),
                  let sitemap = SitemapLinks.links(of: body, entry: entry, scope: scope) {
            (discoveries, outlinks, hubLinks) = (sitemap.discoveries, sitemap.outlinks, sitemap.outlinks)
        }

        var disposition: PageOutcome.Disposition =
            RetryPolicy.isTransient(status: response.status)
            ? retryDisposition(transient: true, attempt: attempt) : .done
        if case .tooLarge = decoding { disposition = .failed }  // as a too-large transfer: not retried
        return PageOutcome(
            entry: entry, disposition: disposition, capture: capture, content: content,
            discoveries: discoveries, article: article,
            exchange: exchange, outlinks: outlinks, hubLinks: hubLinks, feedEntries: feedEntries)
    }

    /// The exchange as it went over the wire, for the archive: raw heads, payload as received.
    static func exchange(_ url: String, _ response: FetchResponse) -> HTTPExchange? {
        guard !response.responseHead.isEmpty else { return nil }  // a fake response: nothing to archive
        return HTTPExchange(
            targetURI: url, date: response.startedAt, ipAddress: response.remoteIP,
            httpProtocol: warcProtocol(response.httpVersion),
            requestHead: response.requestHead, responseHead: response.responseHead, payload: response.body)
    }

    /// `WARC-Protocol` value of an HTTP version (`HTTP/2` → `h2`), as registered by ALPN.
    static func warcProtocol(_ version: String) -> String {
        switch version {
        case "HTTP/2": "h2"
        case "HTTP/3": "h3"
        case "HTTP/1.0": "http/1.0"
        default: "http/1.1"
        }
    }

    private func retryDisposition(transient: Bool, attempt: Int) -> PageOutcome.Disposition {
        guard transient, let wait = retry.delay(afterAttempt: attempt) else { return .failed }
        return .retry(at: Date().timeIntervalSince1970 + wait)
    }

    /// The page's links, resolved against its base, normalized and canonicalized (session ids
    /// and tracking parameters stripped), in scope, each once; and every
    /// resolved http(s) link (in scope or not, up to `maxOutlinks`) for the WARC metadata record;
    /// and the links in scope at any depth (``PageOutcome/hubLinks``).
    /// The feeds the page announces come first: at the page's own depth when it is a hub (depth
    /// 0, or picked out by a `[[revisit]]` rule), else one hop on like any link, so a comments
    /// feed announced on every post costs no request beyond `max_depth` (``FeedLinks``).
    private func links(of document: HTMLDocument, entry: FrontierEntry) -> ([Discovery], [String], [String]) {
        guard let pageURL = CrawlURL(entry.url) else { return ([], [], []) }
        let page = document.links()
        let base = page.baseHref.flatMap { CrawlURL($0, relativeTo: pageURL) } ?? pageURL
        var collector = DiscoveryCollector(scope: scope, source: entry.url, expected: page.links.count + page.feeds.count)
        if scope.feeds {
            let hub = entry.depth == 0 || revisit.picksOut(entry.url)
            for feed in page.feeds { collector.offer(feed, base: base, depth: hub ? entry.depth : entry.depth + 1) }
        }
        for link in page.links {
            guard !collector.isFull else { break }
            collector.offer(link.href, base: base, depth: entry.depth + 1)
        }
        return (collector.discoveries, collector.outlinks, collector.inScope)
    }

    private func isHTML(_ contentType: String?) -> Bool {
        guard let contentType = contentType?.lowercased() else { return false }
        return contentType.hasPrefix("text/html") || contentType.hasPrefix("application/xhtml")
    }
}

extension Duration {
    /// The duration in (fractional) milliseconds.
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}
