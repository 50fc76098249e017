import TrawlURL

/// Gathers the links one fetched document (page, sitemap or feed) offers the frontier: each
/// resolved http(s) URL is normalized and canonicalized (tracking parameters, session ids), taken
/// once, listed in `outlinks` for the WARC metadata record (up to `scope.maxOutlinks`), and
/// becomes a discovery when the scope admits it at the depth given.
struct DiscoveryCollector {
    let scope: Scope
    private var seen: Set<String>
    private(set) var discoveries: [Discovery] = []
    private(set) var outlinks: [String] = []
    /// Links the scope admits at any depth (up to `scope.maxOutlinks`): what a hub page's
    /// changes are judged on (``ContentFingerprint``).
    private(set) var inScope: [String] = []
    /// The origin of the last link offered: a page's links mostly share one, and reusing its
    /// String saves building a new one (an allocation) for every link.
    private var lastOrigin = ""

    /// `source` is the document's own URL: a link back to it is not a discovery. `expected`, the
    /// number of links the document has, sizes the lists once (growing them link by link was
    /// several allocations and rehashes a page).
    init(scope: Scope, source: String, expected: Int = 0) {
        self.scope = scope
        self.seen = [source]
        let capacity = min(expected, scope.maxOutlinks)
        guard capacity > 0 else { return }
        seen.reserveCapacity(capacity + 1)
        discoveries.reserveCapacity(capacity)
        outlinks.reserveCapacity(capacity)
        inScope.reserveCapacity(capacity)
    }

    /// Whether the document's link budget (`scope.maxOutlinks` discoveries) is used up.
    var isFull: Bool { discoveries.count >= scope.maxOutlinks }

    /// Offers `reference` written in the document, resolved against `base`, at `depth` and
    /// `priority` (``FrontierEntry/priority``).
    mutating func offer(_ reference: String, base: CrawlURL?, depth: Int, priority: Int = 0) {
        guard let resolved = CrawlURL(reference, relativeTo: base), resolved.isHTTP else { return }
        let url = scope.canonical(resolved.normalizedForCrawl())
        let href = url.href
        guard seen.insert(href).inserted else { return }
        if outlinks.count < scope.maxOutlinks { outlinks.append(href) }
        let origin = url.origin(reusing: lastOrigin)
        lastOrigin = origin
        guard scope.admits(url, origin: origin, depth: 0) else { return }
        if inScope.count < scope.maxOutlinks { inScope.append(href) }
        guard depth <= scope.maxDepth else { return }
        discoveries.append(Discovery(url: href, origin: origin, depth: depth, priority: priority))
    }
}
