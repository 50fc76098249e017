/// What the feed reader has seen of one `<item>`/`<entry>` so far, and which link wins.
struct FeedEntryBuilder {
    /// The element fields whose text is read.
    enum Field: Equatable {
        case origLink, link, guid, published, updated

        /// The field an entry's child element holds (by local name: namespaces vary in the wild).
        init?(element: String) {
            switch element {
            case "origLink": self = .origLink  // FeedBurner's original article URL
            case "link": self = .link
            case "guid": self = .guid
            case "pubDate", "published", "issued", "date", "created": self = .published  // date: dc:date
            case "updated", "modified": self = .updated
            default: return nil
            }
        }
    }

    typealias Located = (value: String, bases: [String])

    /// Depth of the entry element in the document.
    let depth: Int32
    var origLink: Located?
    var link: Located?
    var guid: Located?
    var guidIsPermalink = true
    /// RSS 1.0 `rdf:about` of the item.
    var about: Located?
    /// Atom `<link>` elements that are alternates (no rel, or rel=alternate), with their type.
    var alternates: [(href: Located, type: String?)] = []
    var published: Double?
    var updated: Double?

    init(depth: Int32) { self.depth = depth }

    /// Records an Atom-style `<link href rel type>`; only alternates are entry links.
    mutating func addLink(href: String, rel: String?, type: String?, bases: [String]) {
        var relation = rel?.trimmingWhitespace.lowercased() ?? "alternate"
        if relation.isEmpty { relation = "alternate" }
        let iana = "http://www.iana.org/assignments/relation/"
        if relation.hasPrefix(iana) { relation.removeFirst(iana.count) }
        let value = href.trimmingWhitespace
        guard relation == "alternate", !value.isEmpty else { return }
        alternates.append(((value, bases), type?.lowercased()))
    }

    /// Stores a finished field's text.
    mutating func set(_ field: Field, to value: String, bases: [String]) {
        guard !value.isEmpty else { return }
        switch field {
        case .origLink: origLink = (value, bases)
        case .link: link = (value, bases)
        case .guid: guid = (value, bases)
        case .published: published = published ?? Self.date(value)
        case .updated: updated = updated ?? Self.date(value)
        }
    }

    /// The entry, when it has a link: FeedBurner `origLink`, RSS `<link>`, an HTML (or untyped)
    /// Atom alternate, any Atom alternate, an http(s) permalink `<guid>`, `rdf:about`.
    var entry: FeedEntry? {
        let htmlAlternate = alternates.first { $0.type == nil || $0.type!.contains("html") } ?? alternates.first
        let permalink = guidIsPermalink ? guid.flatMap { Self.isHTTP($0.value) ? $0 : nil } : nil
        guard let chosen = origLink ?? link ?? htmlAlternate?.href ?? permalink ?? about else { return nil }
        return FeedEntry(location: chosen.value, bases: chosen.bases, published: published, updated: updated)
    }

    /// Feeds write dates in either format whatever their spec says.
    static func date(_ text: String) -> Double? { W3CDate.parse(text) ?? RFC822Date.parse(text) }

    private static func isHTTP(_ value: String) -> Bool {
        let lower = value.prefix(8).lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }
}
