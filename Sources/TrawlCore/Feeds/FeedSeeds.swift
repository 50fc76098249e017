import TrawlURL

/// The common feed paths probed on a seed's host when `[scope] probe_feeds` is on: `/feed`,
/// `/rss.xml`, `/atom.xml`, `/feed.xml`, `/index.xml`, `/rss` (WordPress, Jekyll, Hugo, Drupal,
/// Ghost and static-site defaults), for sites that do not announce their feeds with
/// `<link rel=alternate>`.
///
/// Like a host's sitemaps they enter the frontier as ordinary URLs at depth 0, through the same
/// door and scope rules, queued when the host's robots.txt has been fetched (or when its seed
/// enters the crawl when robots.txt is ignored), and are fetched under the host's politeness and
/// page budget. A probe that finds nothing is an ordinary 404 capture: 4xx answers are not host
/// failures (`HostPoliteness.Signal.classify`), so misses never make the host back off.
enum FeedSeeds {
    static let paths = ["/feed", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml", "/rss"]

    /// The probe URLs for `origin`: none unless probing is on and `origin` is a seed's host.
    static func discoveries(origin: String, scope: Scope) -> [Discovery] {
        guard scope.probeFeeds, scope.feeds, scope.seedOrigins.contains(origin) else { return [] }
        return paths.compactMap { path in
            guard let url = CrawlURL(origin + path)?.normalizedForCrawl(), scope.admits(url, depth: 0) else { return nil }
            return Discovery(url: url.href, origin: url.origin, depth: 0)
        }
    }
}
