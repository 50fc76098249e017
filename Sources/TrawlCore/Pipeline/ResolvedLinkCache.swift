import Synchronization
import TrawlURL

/// What ``DiscoveryCollector`` makes of one link reference: the URL resolved, normalized and
/// canonicalized, its origin, and whether the scope admits it (depth aside, which is checked
/// per offer).
struct ResolvedLink: Sendable {
    let href: String
    let origin: String
    let inScope: Bool
}

/// The crawl's memo of links whose resolution does not depend on the page they are on: a
/// root-relative reference (`/section/world/`) depends only on the base's scheme, user info,
/// host and port, and an absolute `http://`/`https://` one on nothing. Site navigation and
/// "related" boxes repeat the same references on every page, so most links of a page were
/// resolved before; a hit skips the URL parser, normalization, canonicalization and the scope
/// check (about a twentieth of a crawl's CPU went there).
///
/// Shared by the pool's threads (a `Mutex` around the tables; the work on a miss runs outside
/// it). Bounded: two generations of at most `limit` entries each (the default holds about
/// 3 MB); when the newer one fills up it becomes the older and the oldest is dropped, and a hit
/// in the older one moves the entry forward, so the links a site repeats on every page stay.
/// Owned by a ``PageProcessor``, so a new scope (reload, new seeds) starts with an empty memo.
final class ResolvedLinkCache: Sendable {
    /// A reference and the part of the base it depends on ("" for an absolute http(s) URL).
    struct Key: Hashable, Sendable {
        let authority: String
        let reference: String
    }

    /// Two generations of resolutions; nil values: references that resolve to no http(s) URL.
    private struct Tables {
        var current: [Key: ResolvedLink?] = [:]
        var previous: [Key: ResolvedLink?] = [:]
    }

    /// Entries per generation.
    let limit: Int
    private let tables = Mutex(Tables())

    init(limit: Int = 4_096) {
        self.limit = max(1, limit)
    }

    /// The key of `reference` on a page whose base is `base` (`authority` is the base's href
    /// up to its path, computed once per page by the caller), or nil when the resolution
    /// depends on more than the key holds (relative paths, `//host`, `?query`, other schemes).
    static func key(_ reference: String, authority: String?) -> Key? {
        var utf8 = reference.utf8.makeIterator()
        guard let first = utf8.next() else { return nil }
        if first == UInt8(ascii: "/") {
            // Root-relative: not "//" or "/\" (both name a host for http URLs).
            guard let authority, let second = utf8.next(), second != UInt8(ascii: "/"), second != UInt8(ascii: "\\")
            else { return nil }
            return Key(authority: authority, reference: reference)
        }
        if first == UInt8(ascii: "h"), reference.utf8.starts(with: "http://".utf8) || reference.utf8.starts(with: "https://".utf8) {
            return Key(authority: "", reference: reference)
        }
        return nil
    }

    /// The authority part of a base URL for ``key(_:authority:)``: its href up to the path,
    /// for an http(s) base; nil otherwise (nothing root-relative is cached then).
    static func authority(of base: CrawlURL?) -> String? {
        guard let base, base.isHTTP else { return nil }
        return base.beforePath
    }

    /// The cached resolution of `key`, or `resolve()`'s, remembered.
    func link(_ key: Key, _ resolve: () -> ResolvedLink?) -> ResolvedLink? {
        let limit = self.limit
        let cached: ResolvedLink?? = tables.withLock { tables in
            if let hit = tables.current[key] { return hit }
            guard let hit = tables.previous[key] else { return nil }
            Self.insert(key, hit, into: &tables, limit: limit)  // still in use: keep it
            return hit
        }
        if let cached { return cached }
        let link = resolve()
        tables.withLock { Self.insert(key, link, into: &$0, limit: limit) }
        return link
    }

    private static func insert(_ key: Key, _ link: ResolvedLink?, into tables: inout Tables, limit: Int) {
        if tables.current.count >= limit {
            tables.previous = tables.current
            tables.current.removeAll(keepingCapacity: true)
        }
        tables.current[key] = .some(link)
    }

    /// Entries held, both generations (for tests; an entry moved forward may count twice).
    var count: Int { tables.withLock { $0.current.count + $0.previous.count } }
}
