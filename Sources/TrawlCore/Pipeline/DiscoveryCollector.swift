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

    /// Resolutions that do not depend on the document's own path, shared across pages.
    private let cache: ResolvedLinkCache?
    /// The base the cache key was last computed for, and its authority part.
    private var keyedBase: (href: String, authority: String?)?

    /// `source` is the document's own URL: a link back to it is not a discovery. `cache`
    /// memoizes root-relative and absolute links across documents (same scope only).
    init(scope: Scope, source: String, cache: ResolvedLinkCache? = nil) {
        self.scope = scope
        self.seen = [source]
        self.cache = cache
    }

    /// Whether the document's link budget (`scope.maxOutlinks` discoveries) is used up.
    var isFull: Bool { discoveries.count >= scope.maxOutlinks }

    /// Offers `reference` written in the document, resolved against `base`, at `depth` and
    /// `priority` (``FrontierEntry/priority``).
    mutating func offer(_ reference: String, base: CrawlURL?, depth: Int, priority: Int = 0) {
        guard let link = resolve(reference, base: base) else { return }
        let href = link.href
        guard seen.insert(href).inserted else { return }
        if outlinks.count < scope.maxOutlinks { outlinks.append(href) }
        guard link.inScope else { return }
        if inScope.count < scope.maxOutlinks { inScope.append(href) }
        guard depth <= scope.maxDepth else { return }
        discoveries.append(Discovery(url: href, origin: link.origin, depth: depth, priority: priority))
    }

    /// `reference` resolved, normalized, canonicalized and scoped: from the cache when its
    /// resolution does not depend on the document's path, else computed.
    private mutating func resolve(_ reference: String, base: CrawlURL?) -> ResolvedLink? {
        guard let cache else { return Self.resolve(reference, base: base, scope: scope) }
        if keyedBase?.href != base?.href {
            keyedBase = (base?.href ?? "", ResolvedLinkCache.authority(of: base))
        }
        guard let key = ResolvedLinkCache.key(reference, authority: keyedBase?.authority) else {
            return Self.resolve(reference, base: base, scope: scope)
        }
        let scope = self.scope
        return cache.link(key) { Self.resolve(reference, base: base, scope: scope) }
    }

    /// What `offer` needs of a reference: nil unless it resolves to an http(s) URL.
    private static func resolve(_ reference: String, base: CrawlURL?, scope: Scope) -> ResolvedLink? {
        guard let resolved = CrawlURL(reference, relativeTo: base), resolved.isHTTP else { return nil }
        let url = scope.canonical(resolved.normalizedForCrawl())
        let origin = url.origin
        return ResolvedLink(href: url.href, origin: origin, inScope: scope.admits(url, origin: origin, depth: 0))
    }
}
