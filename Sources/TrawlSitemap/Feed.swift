/// A parsed syndication feed (RSS 2.0, RSS 1.0/RDF or Atom 1.0): the links of its entries, each
/// with the dates the feed gives, for the frontier to crawl as a hub's fresh pages.
public struct Feed: Sendable, Equatable {
    /// The feed format, from the root element.
    public enum Kind: String, Sendable, Equatable {
        /// `<rss>` (RSS 0.9x/2.0): `<channel><item>`.
        case rss
        /// `<rdf:RDF>` (RSS 1.0 and 0.90): `<item rdf:about>` beside the `<channel>`.
        case rdf
        /// `<feed>` (Atom 1.0, and Atom 0.3 read the same way): `<entry><link rel=alternate href>`.
        case atom
    }

    public var kind: Kind
    /// Entries with a usable link, in document order, at most the parser's `maxEntries`.
    public var entries: [FeedEntry]
    /// More entries were present than `maxEntries`, or the XML broke off (entries up to there are kept).
    public var truncated: Bool

    public init(kind: Kind, entries: [FeedEntry], truncated: Bool) {
        self.kind = kind
        self.entries = entries
        self.truncated = truncated
    }
}

/// One `<item>` or `<entry>`: where it links to, and when it was published or updated.
public struct FeedEntry: Sendable, Equatable {
    /// The entry's link, whitespace-trimmed, as written (possibly relative): FeedBurner's
    /// `origLink`, else RSS `<link>`, else Atom `<link rel=alternate>` (an HTML one first), else a
    /// permalink `<guid>`, else RSS 1.0's `rdf:about`.
    public var location: String
    /// The `xml:base` values in force where `location` was written, outermost first, unresolved:
    /// resolve each against the previous one (starting from the feed's URL), then `location`.
    public var bases: [String]
    /// `pubDate`, Atom `published` or `dc:date` as Unix time, when present and parseable.
    public var published: Double?
    /// Atom `updated` (or `dcterms:modified`) as Unix time, when present and parseable.
    public var updated: Double?

    public init(location: String, bases: [String] = [], published: Double? = nil, updated: Double? = nil) {
        self.location = location
        self.bases = bases
        self.published = published
        self.updated = updated
    }

    /// The freshest date the feed gives for the entry (updated, else published).
    public var freshness: Double? {
        switch (published, updated) {
        case let (p?, u?): max(p, u)
        case let (p, u): p ?? u
        }
    }
}
