/// A parsed sitemap (sitemaps.org 0.9): the URLs of a `<urlset>` or the child sitemaps of a
/// `<sitemapindex>`, each with its `lastmod` (and a Google News `publication_date`).
public struct Sitemap: Sendable, Equatable {
    /// Which of the two sitemap documents this was.
    public enum Kind: Sendable, Equatable {
        /// `<urlset>`: pages to crawl.
        case urlset
        /// `<sitemapindex>`: further sitemaps.
        case index
    }

    public var kind: Kind
    /// `<url>` or `<sitemap>` entries in document order, at most the parser's `maxEntries`.
    public var entries: [SitemapEntry]
    /// More entries were present than `maxEntries`, or the XML broke off (entries up to there are kept).
    public var truncated: Bool

    public init(kind: Kind, entries: [SitemapEntry], truncated: Bool) {
        self.kind = kind
        self.entries = entries
        self.truncated = truncated
    }
}

/// One `<url>` or `<sitemap>` entry.
public struct SitemapEntry: Sendable, Equatable {
    /// `<loc>`, whitespace-trimmed, as written (resolving and normalizing is the caller's job).
    public var location: String
    /// `<lastmod>` as Unix time, when present and a valid W3C datetime.
    public var lastModified: Double?
    /// Google News `<news:publication_date>` as Unix time, when present and valid.
    public var publicationDate: Double?

    public init(location: String, lastModified: Double? = nil, publicationDate: Double? = nil) {
        self.location = location
        self.lastModified = lastModified
        self.publicationDate = publicationDate
    }

    /// The freshest date the sitemap gives for the entry (news publication date, else lastmod).
    public var freshness: Double? { publicationDate ?? lastModified }
}
