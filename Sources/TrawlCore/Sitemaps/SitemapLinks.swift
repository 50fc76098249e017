import TrawlSitemap
import TrawlURL

/// The frontier's view of a fetched sitemap: what a `urlset` lists, or the child sitemaps of a
/// `sitemapindex`, resolved, normalized, canonicalized and in scope.
///
/// A sitemap is an ordinary frontier URL: it is recognized by its content (a 200 answer that is
/// not HTML, whose first bytes show a `<urlset`/`<sitemapindex` root or a gzip stream from a URL
/// ending in `.gz`), so `/sitemap.xml`, robots.txt `Sitemap:` lines, index children and sitemaps
/// linked from pages all take the same path. Depth: a listed URL is one hop from the sitemap
/// (a robots.txt or `/sitemap.xml` sitemap is at depth 0, so its URLs are at depth 1, like a
/// seed's links); an index's children are one hop further, so recursion ends at `max_depth`, and
/// at most `maxChildSitemaps` children are taken per index. A `urlset`'s URLs are offered
/// freshest first (Google News `publication_date`, else `lastmod`; undated ones last, in
/// document order), so when the page budget runs out the newest pages are the ones queued. A
/// Google News entry (one with a `news:publication_date`) is a fresh article, queued with
/// priority 1 like a feed entry (``FeedLinks/hubPriority``); other entries with priority 0.
enum SitemapLinks {
    /// Child sitemaps taken from one sitemap index.
    static let maxChildSitemaps = 1000

    /// Whether a fetched body should be handed to the sitemap parser.
    static func isCandidate(url: String, contentType: String?, body: [UInt8]) -> Bool {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("text/html") || type.hasPrefix("application/xhtml") { return false }
        guard SitemapParser.looksLikeSitemap(body) else { return false }
        if body.first == 0x1f {  // gzip: only from a URL that says so, never any archive download
            let path = CrawlURL(url)?.pathname.lowercased() ?? ""
            return path.hasSuffix(".xml.gz") || (path.hasSuffix(".gz") && path.contains("sitemap"))
        }
        return true
    }

    /// The sitemap's links for the frontier, and every resolved http(s) location (up to
    /// `scope.maxOutlinks`) for the WARC metadata record. Nil when the body is not a sitemap.
    static func links(of body: [UInt8], entry: FrontierEntry, scope: Scope) -> (sitemap: Sitemap, discoveries: [Discovery], outlinks: [String])? {
        guard let sitemap = try? SitemapParser().parse(body, url: entry.url) else { return nil }
        let base = CrawlURL(entry.url)
        var ordered = sitemap.entries
        if sitemap.kind == .index {
            ordered = Array(ordered.prefix(maxChildSitemaps))
        } else {
            ordered = ordered.freshestFirst(by: \.freshness)
        }
        var collector = DiscoveryCollector(scope: scope, source: entry.url)
        for item in ordered {
            collector.offer(item.location, base: base, depth: entry.depth + 1,
                            priority: item.publicationDate == nil ? 0 : FeedLinks.hubPriority)
        }
        return (sitemap, collector.discoveries, collector.outlinks)
    }
}
