// The public URL value type used throughout the crawler.

/// A parsed URL, per the WHATWG URL Standard (the algorithm browsers use to resolve links).
///
/// Stored as its serialization (`href`) plus component offsets, so it is compact, cheap to copy
/// and hash, and every accessor is a slice. Equality and hashing are on `href`: two links that
/// serialize identically are the same URL.
public struct CrawlURL: Sendable, Hashable, CustomStringConvertible {
    /// WHATWG serialization of the URL (always ASCII: non-ASCII is punycoded or percent-encoded).
    public let href: String
    let layout: URLLayout

    /// WHATWG "basic URL parser": parse `string`, resolving against `base` when given.
    ///
    /// Returns nil when parsing fails (a link that a browser would not follow).
    public init?(_ string: String, relativeTo base: CrawlURL? = nil) {
        if let resolved = base.flatMap({ Self.plainRelative(string, base: $0) }) ?? Self.plainAbsolute(string) {
            self = resolved
            return
        }
        let record: URLRecord?
        if let base {
            let layout = base.layout
            let utf8 = base.href.utf8
            record =
                utf8.withContiguousStorageIfAvailable { URLParser.parse(string, base: BaseURL(bytes: $0, layout: layout)) }
                ?? Array(utf8).withUnsafeBufferPointer { URLParser.parse(string, base: BaseURL(bytes: $0, layout: layout)) }
        } else {
            record = URLParser.parse(string, base: nil)
        }
        guard let record else { return nil }
        self.init(record: record)
    }

    init(record: URLRecord) {
        let (bytes, layout) = record.serialize()
        self.href = String(decoding: bytes, as: UTF8.self)
        self.layout = layout
    }

    init(href: String, layout: URLLayout) {
        self.href = href
        self.layout = layout
    }

    public static func == (lhs: CrawlURL, rhs: CrawlURL) -> Bool { lhs.href == rhs.href }
    public func hash(into hasher: inout Hasher) { hasher.combine(href) }

    /// Same as `href`.
    public var description: String { href }

    /// The scheme, lowercase, without the colon: "http".
    public var scheme: String { slice(0, layout.schemeEnd) }

    /// Percent-encoded username ("" if none).
    public var username: String { slice(layout.usernameStart, layout.usernameEnd) }

    /// Percent-encoded password ("" if none).
    public var password: String {
        layout.passwordEnd > layout.usernameEnd ? slice(layout.usernameEnd + 1, layout.passwordEnd) : ""
    }

    /// The serialized host: lowercase ASCII/punycode domain, dotted IPv4, or bracketed IPv6
    /// ("" when the URL has no host or an empty one, e.g. "file:///x").
    public var hostname: String { slice(layout.hostStart, layout.hostEnd) }

    /// The port, nil when absent or equal to the scheme's default (so "http://a:80/" has nil).
    public var port: Int? { layout.port >= 0 ? Int(layout.port) : nil }

    /// `hostname` plus ":port" when a non-default port is present (WHATWG `host` getter).
    public var host: String {
        guard let port else { return hostname }
        return hostname + ":" + String(port)
    }

    /// The path: "/a/b" for hierarchical URLs, the opaque path for e.g. "mailto:x" ("x").
    public var pathname: String { slice(layout.pathStart, pathEnd) }

    /// "" or "?query" (an empty query also gives "", like the WHATWG getter).
    public var search: String {
        guard layout.queryStart >= 0 else { return "" }
        let end = layout.fragmentStart >= 0 ? layout.fragmentStart : totalLength
        return end - layout.queryStart > 1 ? slice(layout.queryStart, end) : ""
    }

    /// "" or "#fragment" (an empty fragment also gives "").
    public var hash: String {
        guard layout.fragmentStart >= 0, totalLength - layout.fragmentStart > 1 else { return "" }
        return slice(layout.fragmentStart, totalLength)
    }

    /// Whether the scheme is http or https: the only URLs the crawler fetches.
    public var isHTTP: Bool { layout.kind == .http || layout.kind == .https }

    /// Whether the scheme is special (http, https, ws, wss, ftp, file).
    public var isSpecial: Bool { layout.kind.isSpecial }

    /// Whether the URL has an opaque path (e.g. "mailto:", "javascript:", "data:"): such URLs
    /// cannot be a base for relative references.
    public var hasOpaquePath: Bool { layout.hasOpaquePath }

    /// The politeness key: "scheme://hostname[:port]" (default port omitted), so two ports are
    /// two hosts. "null" for URLs without a host or with an empty one (e.g. "mailto:", "data:",
    /// "file:///x"), like WHATWG's opaque origin.
    public var origin: String {
        guard layout.hasHost, layout.hostEnd > layout.hostStart else { return "null" }
        // One slice makes it when it can: the crawl takes the origin of every link of every page.
        if originIsHrefPrefix { return slice(0, layout.pathStart) }
        return slice(0, layout.schemeEnd) + "://" + host
    }

    /// Whether ``origin`` is the href up to the path: a non-empty host and no credentials, so the
    /// href begins with exactly "scheme://host[:port]" (the port serialized as `host` writes it).
    private var originIsHrefPrefix: Bool {
        layout.hasHost && layout.hostEnd > layout.hostStart && layout.hostStart == layout.schemeEnd + 3
    }

    /// Path + query as sent in an HTTP request line ("/" if the path is empty); this is what
    /// robots.txt rules are matched against. An empty query keeps its "?".
    public var pathAndQuery: String {
        let end = layout.fragmentStart >= 0 ? layout.fragmentStart : totalLength
        if layout.pathStart == pathEnd {
            return "/" + slice(layout.pathStart, end)
        }
        return slice(layout.pathStart, end)
    }

    /// ``origin``, as `candidate` itself when that is the same text (no new String): a page's
    /// links mostly share one origin, and the crawl takes the origin of each.
    public func origin(reusing candidate: String) -> String {
        guard originIsHrefPrefix else { return origin }
        var href = href, candidate = candidate
        let length = Int(layout.pathStart)
        let same = candidate.withUTF8 { c in
            c.count == length && href.withUTF8 { c.elementsEqual(UnsafeBufferPointer(rebasing: $0[..<length])) }
        }
        return same ? candidate : origin
    }

    /// Where the path lies in `href.utf8` (offsets; the path is ASCII): what a byte-wise look at
    /// the path needs, without slicing it out as a String.
    public var pathUTF8Range: Range<Int> { Int(layout.pathStart)..<Int(pathEnd) }

    // MARK: Internals

    var totalLength: Int32 { Int32(href.utf8.count) }

    var pathEnd: Int32 {
        layout.queryStart >= 0 ? layout.queryStart : (layout.fragmentStart >= 0 ? layout.fragmentStart : totalLength)
    }

    /// The href bytes in [start, end) as a String (offsets are always on ASCII boundaries).
    func slice(_ start: Int32, _ end: Int32) -> String {
        guard end > start else { return "" }
        let utf8 = href.utf8
        let s = utf8.index(utf8.startIndex, offsetBy: Int(start))
        let e = utf8.index(s, offsetBy: Int(end - start))
        return String(Substring(utf8[s..<e]))
    }
}
