import TrawlSitemap
import TrawlURL

/// The frontier's view of a fetched RSS/Atom feed: its entries' links, resolved (against the
/// `xml:base` in force, then the feed's URL), normalized, canonicalized and in scope.
///
/// A feed is an ordinary frontier URL, recognized by its content: a 200 answer whose first
/// element is `rss`, `rdf:RDF` or `feed`, whatever its `Content-Type` (feeds are served as
/// text/xml, text/html, text/plain…); when the type is a feed type, junk before the XML is
/// skipped. Feeds are hubs: their entries are a site's newest pages, so they are offered at the
/// feed's depth + 1 with priority 1 (dispatched before the host's older URLs of that depth, see
/// ``FrontierEntry/priority``; a URL already known keeps its row), freshest first (`updated`/`published`; undated ones last, in document
/// order). A feed announced by a page (`<link rel=alternate>`) is queued at that page's own depth
/// (it is the same page in another format), and the probed `/feed`-style paths at depth 0, so a
/// home page's feed entries are at depth 1 beside its links, ahead of everything deeper.
enum FeedLinks {
    /// The frontier priority of a hub's entries (feed entries, Google News sitemap entries).
    static let hubPriority = 1

    /// Whether a fetched 200 body should be handed to the feed parser.
    static func isCandidate(contentType: String?, body: [UInt8]) -> Bool {
        FeedParser.looksLikeFeed(body, contentType: contentType)
    }

    /// The feed's entries for the frontier, and every resolved http(s) entry link (up to
    /// `scope.maxOutlinks`) for the WARC metadata record. Nil when the body is not a feed.
    static func links(of body: [UInt8], contentType: String?, entry: FrontierEntry, scope: Scope)
        -> (feed: Feed, discoveries: [Discovery], outlinks: [String])? {
        guard let feed = try? FeedParser().parse(body, url: entry.url, contentType: contentType) else { return nil }
        let feedURL = CrawlURL(entry.url)
        var collector = DiscoveryCollector(scope: scope, source: entry.url)
        for item in feed.entries.freshestFirst(by: \.freshness) {
            guard !collector.isFull else { break }
            collector.offer(item.location, base: base(feedURL, item.bases), depth: entry.depth + 1,
                           priority: hubPriority)
        }
        return (feed, collector.discoveries, collector.outlinks)
    }

    /// The base URL of an entry: each `xml:base` resolved against the one before, starting from
    /// the feed's URL (an unparseable one is ignored).
    static func base(_ feedURL: CrawlURL?, _ bases: [String]) -> CrawlURL? {
        bases.reduce(feedURL) { base, next in CrawlURL(next, relativeTo: base) ?? base }
    }
}
