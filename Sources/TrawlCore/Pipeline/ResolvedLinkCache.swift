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
/// Shared by the pool's threads (a `Mutex` around the table; the work on a miss runs outside
/// it). Bounded: the table is emptied when it reaches `limit` entries. Owned by a
/// ``PageProcessor``, so a new scope (reload, new seeds) starts with an empty memo.
final class ResolvedLinkCache: Sendable {
    /// A reference and the part of the base it depends on ("" for an absolute http(s) URL).
    struct Key: Hashable, Sendable {
        let authority: String
        let reference: String
    }

    let limit: Int
    /// nil values: references that resolve to no http(s) URL.
    private let table = Mutex<[Key: ResolvedLink?]>([:])

    init(limit: Int = 32_768) {
        self.limit = limit
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
        if let cached = table.withLock({ $0[key] }) { return cached }
        let link = resolve()
        table.withLock { table in
            if table.count >= limit { table.removeAll(keepingCapacity: true) }
            table[key] = .some(link)
        }
        return link
    }

    /// Entries held (for tests).
    var count: Int { table.withLock { $0.count } }
}
