import TrawlRobots
import TrawlURL

/// Where a host's sitemaps are looked for: `/sitemap.xml` and the robots.txt `Sitemap:` lines.
///
/// They enter the frontier as ordinary URLs at depth 0, through the same door and scope rules
/// as any link (a `Sitemap:` line naming another host is taken only if that host is in scope),
/// and are fetched under the host's politeness like any page (they count toward its delay and
/// its page budget). Queued when the host's robots.txt has been fetched (so the order is
/// robots.txt, then the host's pages and sitemaps breadth-first), or, when robots.txt is
/// ignored, when a seed's host first enters the crawl.
enum SitemapSeeds {
    /// Sitemap URLs for `origin`, given its robots.txt body (nil when there was none).
    static func discoveries(origin: String, robotsBody: [UInt8]?, scope: Scope) -> [Discovery] {
        guard scope.sitemaps else { return [] }
        var candidates = [origin + "/sitemap.xml"]
        if let robotsBody { candidates += RobotsTxt(robotsBody).sitemaps }
        let base = CrawlURL(origin + "/robots.txt")
        var seen: Set<String> = []
        var result: [Discovery] = []
        for candidate in candidates {
            guard let url = CrawlURL(candidate, relativeTo: base)?.normalizedForCrawl(), url.isHTTP,
                  seen.insert(url.href).inserted, scope.admits(url, depth: 0) else { continue }
            result.append(Discovery(url: url.href, origin: url.origin, depth: 0))
        }
        return result
    }
}
