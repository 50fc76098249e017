import Foundation
import TrawlURL

/// Which URLs belong to the crawl.
///
/// In scope: an http(s) URL, at most `maxDepth` hops from a seed, not matching any `exclude`
/// pattern, and either on a seed's host (scheme + host + port) or matching an `include` pattern;
/// and not looking like a spider trap: at most `maxURLLength` bytes, `maxPathSegments` path
/// segments, and no run of segments repeated back to back more than `maxSegmentRepeats` times
/// (`/a/b/a/b` passes, `/a/b/a/b/a/b` does not).
///
/// Also the crawl's other bounds on what enters the frontier: the per-host page budget
/// (`maxPagesPerHost`, enforced by the crawler with ``HostBudget``), the link canonicalizer
/// applied to discovered links, and whether sitemaps and feeds are read.
public struct Scope: Sendable {
    public var seedOrigins: Set<String>
    public var maxDepth: Int
    public var include: [Pattern]
    public var exclude: [Pattern]
    /// Longest URL (bytes of the normalized href) taken.
    public var maxURLLength: Int
    /// Most path segments taken.
    public var maxPathSegments: Int
    /// How many times a run of path segments may occur back to back.
    public var maxSegmentRepeats: Int
    /// Links taken from one page (the first ones in document order).
    public var maxOutlinks: Int
    /// URLs of one origin admitted to the frontier, ever (seeds included): the per-host budget.
    public var maxPagesPerHost: Int
    /// Session-id and tracking-parameter stripping for links found on pages and in sitemaps.
    public var canonicalizer: LinkCanonicalizer
    /// Read sitemaps: `/sitemap.xml` and robots.txt `Sitemap:` lines are queued per host, and
    /// fetched XML that is a `urlset`/`sitemapindex` gives its URLs to the frontier. Off in
    /// `Scope()` so an embedded crawl fetches only what it is given; `[scope] sitemaps` defaults on.
    public var sitemaps: Bool
    /// Read RSS/Atom feeds: fetched XML whose root is `rss`/`rdf:RDF`/`feed` gives its entries
    /// to the frontier, and feeds announced by pages are queued at the page's depth. Off in
    /// `Scope()` like `sitemaps`; `[scope] feeds` defaults on.
    public var feeds: Bool
    /// Also queue the common feed paths (``FeedSeeds``) of each seed's host. Off by default.
    public var probeFeeds: Bool

    public init(
        seedOrigins: Set<String> = [], maxDepth: Int = 10, include: [Pattern] = [], exclude: [Pattern] = [],
        maxURLLength: Int = 2048, maxPathSegments: Int = 64, maxSegmentRepeats: Int = 2, maxOutlinks: Int = 5000,
        maxPagesPerHost: Int = 100_000, canonicalizer: LinkCanonicalizer = LinkCanonicalizer(), sitemaps: Bool = false,
        feeds: Bool = false, probeFeeds: Bool = false
    ) {
        self.seedOrigins = seedOrigins
        self.maxDepth = maxDepth
        self.include = include
        self.exclude = exclude
        self.maxURLLength = maxURLLength
        self.maxPathSegments = maxPathSegments
        self.maxSegmentRepeats = max(1, maxSegmentRepeats)
        self.maxOutlinks = maxOutlinks
        self.maxPagesPerHost = max(1, maxPagesPerHost)
        self.canonicalizer = canonicalizer
        self.sitemaps = sitemaps
        self.feeds = feeds
        self.probeFeeds = probeFeeds
    }

    /// A discovered link (already resolved and normalized) as the frontier should know it:
    /// session ids and tracking parameters stripped.
    public func canonical(_ url: CrawlURL) -> CrawlURL { canonicalizer.canonical(url) }

    /// Whether `url`, reached at `depth`, should be crawled.
    public func admits(_ url: CrawlURL, depth: Int) -> Bool {
        admits(url, origin: url.origin, depth: depth)
    }

    /// ``admits(_:depth:)`` with `url.origin` already built (a link's origin is needed again
    /// for its ``Discovery``: building the String once saves allocations on every link).
    func admits(_ url: CrawlURL, origin: String, depth: Int) -> Bool {
        guard url.isHTTP, depth <= maxDepth else { return false }
        let href = url.href
        guard href.utf8.count <= maxURLLength, !looksLikeTrap(url) else { return false }
        if exclude.contains(where: { $0.matches(href) }) { return false }
        return seedOrigins.contains(origin) || include.contains(where: { $0.matches(href) })
    }

    /// Too many path segments, or a run of segments repeated back to back too often.
    ///
    /// Works on the path's bytes inside the href (a parsed URL's path is ASCII), with the
    /// segment boundaries in a stack buffer: splitting the path into `Substring`s and comparing
    /// them as Characters was ~3% of a crawl's CPU, and slicing the path out as a String plus
    /// two boundary arrays still cost three allocations for every link of every page.
    func looksLikeTrap(_ url: CrawlURL) -> Bool {
        let range = url.pathUTF8Range
        // An empty path is "/": one empty segment.
        guard !range.isEmpty else { return 1 > maxPathSegments }
        var href = url.href
        return href.withUTF8 { all in
            let bytes = UnsafeBufferPointer(rebasing: all[range])
            // Segments are the pieces between "/" after the first one ("/a/b/" gives a, b, "").
            var slashes = 0
            for byte in bytes where byte == UInt8(ascii: "/") { slashes += 1 }
            let count = slashes  // pieces = slashes + 1, minus the first
            guard count <= maxPathSegments else { return true }
            // A run repeated more than maxSegmentRepeats times needs that many segments at least.
            guard count > maxSegmentRepeats else { return false }
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: count + 1) { bounds in
                // bounds[k] is the "/" before segment k; bounds[count] the path's end.
                var k = 0
                for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "/") {
                    bounds[k] = index
                    k += 1
                }
                bounds[count] = bytes.count
                return Self.longestRepeat(count: count) { a, b in
                    let length = bounds[a + 1] - bounds[a]
                    guard length == bounds[b + 1] - bounds[b] else { return false }
                    return length == 1 || memcmp(bytes.baseAddress! + bounds[a] + 1, bytes.baseAddress! + bounds[b] + 1, length - 1) == 0
                } > maxSegmentRepeats
            }
        }
    }

    /// The most times any run of segments occurs back to back (1 when nothing repeats).
    static func longestRepeat(_ segments: [Substring]) -> Int {
        longestRepeat(count: segments.count) { segments[$0] == segments[$1] }
    }

    /// ``longestRepeat(_:)`` over `count` segments compared by index with `equal`.
    static func longestRepeat(count: Int, equal: (Int, Int) -> Bool) -> Int {
        var best = 1
        guard count > 1 else { return best }
        for length in 1...(count / 2) {
            var start = 0
            while start + 2 * length <= count {
                var repeats = 1
                var next = start + length
                while next + length <= count, (0..<length).allSatisfy({ equal(start + $0, next + $0) }) {
                    repeats += 1
                    next += length
                }
                best = max(best, repeats)
                start += 1
            }
        }
        return best
    }

    /// A compiled regular expression from the config (searched anywhere in the URL).
    public struct Pattern: Sendable {
        public let source: String
        private let regex: RegexBox

        /// Compiles `source`; throws with the compiler's reason when it is not a valid pattern.
        public init(_ source: String) throws {
            self.source = source
            self.regex = RegexBox(try NSRegularExpression(pattern: source))
        }

        public func matches(_ text: String) -> Bool {
            regex.value.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }
}

/// NSRegularExpression is immutable after creation and documented as safe to use from any
/// thread, which is what makes this wrapper Sendable.
private final class RegexBox: @unchecked Sendable {
    let value: NSRegularExpression
    init(_ value: NSRegularExpression) { self.value = value }
}
