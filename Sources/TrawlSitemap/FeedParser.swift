import CLibXML2

/// Streams an RSS 2.0, RSS 1.0 (RDF) or Atom feed through libxml2's `xmlTextReader` (no DOM)
/// and returns its entries' links and dates.
///
/// Lenient where real feeds need it: namespaces are not required on the RSS/Atom elements,
/// text before the XML is skipped when the server said it is a feed, invalid UTF-8 and control
/// characters are repaired before parsing, CDATA and entities in links are read as text, a
/// permalink `<guid>` or `rdf:about` stands in for a missing `<link>`, entries without any link
/// are skipped, and XML that breaks off keeps the entries read so far (`truncated`). Strict
/// where it matters for safety: no network access and no entity expansion by the reader, and
/// the entry count and the text kept per field are capped.
public struct FeedParser: Sendable {
    /// Entries kept per feed (feeds list tens; a hostile one could list millions).
    public var maxEntries: Int
    /// Longest link or date field read, in bytes; a longer one is dropped (a URL that long is
    /// not crawled anyway) and reading it stops growing memory.
    public var maxFieldBytes: Int

    public init(maxEntries: Int = 10_000, maxFieldBytes: Int = 8192) {
        self.maxEntries = maxEntries
        self.maxFieldBytes = maxFieldBytes
    }

    static let rdfNamespace = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    /// Whether a `Content-Type` names a feed (`application/rss+xml`, `application/atom+xml`,
    /// `application/rdf+xml`, and their `x-` variants).
    public static func isFeedType(_ contentType: String?) -> Bool {
        guard let first = contentType?.lowercased().split(separator: ";").first else { return false }
        let type = String(first).trimmingWhitespace
        return type.hasSuffix("rss+xml") || type.hasSuffix("atom+xml") || type.hasSuffix("rdf+xml")
    }

    /// Whether `body` is a feed, judged from its first bytes: its first element is `rss`,
    /// `rdf:RDF` or `feed`, whatever the `Content-Type` (feeds are served as text/xml,
    /// text/html, text/plain…); when the type is a feed type, junk before the XML is allowed.
    public static func looksLikeFeed(_ body: [UInt8], contentType: String?) -> Bool {
        FeedBytes.start(of: body, lenient: isFeedType(contentType)) != nil
    }

    /// Parses `body` fetched from `url` (used in error messages and as the reader's base URL)
    /// and served as `contentType`.
    public func parse(_ body: [UInt8], url: String, contentType: String? = nil) throws(FeedError) -> Feed {
        guard !body.isEmpty else { throw .malformed(url: url, reason: "empty body") }
        guard let start = FeedBytes.start(of: body, lenient: Self.isFeedType(contentType)) else {
            let root = FeedBytes.rootName(body, from: 0)
            throw root.map { .notFeed(url: url, root: $0) } ?? .malformed(url: url, reason: "no root element in the first \(FeedBytes.headLimit) bytes")
        }
        let bytes = FeedBytes.repaired(body, from: start)
        return try XMLStream.run(bytes, url: url, openFailure: FeedError.malformed(url: url, reason: "libxml2 could not open a reader")) {
            (reader) throws(FeedError) -> Feed in try walk(reader, url: url)
        }
    }

    private func walk(_ reader: xmlTextReaderPtr, url: String) throws(FeedError) -> Feed {
        var kind: Feed.Kind?
        var entries: [FeedEntry] = []
        var bases: [(depth: Int32, value: String)] = []  // xml:base in force, outermost first
        var entry: FeedEntryBuilder?
        var field: FeedEntryBuilder.Field?
        var fieldBases: [String] = []
        var text = ""
        var overflow = false  // the field's text passed maxFieldBytes: it is dropped, not cut
        let truncated = try XMLStream.walk(
            reader, beforeStart: FeedError.malformed(url: url, reason: "XML error before the root element"),
            started: { kind != nil }
        ) { (type, depth) throws(FeedError) -> XMLStream.Visit in
            switch type {
            case 1:  // element
                let name = XMLStream.string(xmlTextReaderConstLocalName(reader))
                let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
                while let last = bases.last, last.depth >= depth { bases.removeLast() }
                if xmlTextReaderHasAttributes(reader) == 1,
                   let base = XMLStream.attribute(reader, "base", namespace: Self.xmlNamespace) {
                    bases.append((depth, base.trimmingWhitespace))
                }
                guard kind != nil else {
                    switch name {
                    case "rss": kind = .rss
                    case "RDF": kind = .rdf
                    case "feed": kind = .atom
                    default: throw .notFeed(url: url, root: XMLStream.string(xmlTextReaderConstName(reader)))
                    }
                    return .next
                }
                if var current = entry {
                    guard depth == current.depth + 1, field == nil else { return .next }
                    if name == "link", let href = XMLStream.attribute(reader, "href") {  // Atom style, also atom:link in RSS
                        current.addLink(href: href, rel: XMLStream.attribute(reader, "rel"),
                                        type: XMLStream.attribute(reader, "type"), bases: bases.map(\.value))
                        entry = current
                    } else if !isEmpty, let wanted = FeedEntryBuilder.Field(element: name) {
                        field = wanted
                        overflow = false
                        fieldBases = bases.map(\.value)
                        text = ""
                        if wanted == .guid { current.guidIsPermalink = XMLStream.attribute(reader, "isPermaLink")?.lowercased() != "false" }
                        entry = current
                    }
                } else if name == "item" || name == "entry", depth <= 3 {
                    var started = FeedEntryBuilder(depth: depth)
                    if let about = XMLStream.attribute(reader, "about", namespace: Self.rdfNamespace) {
                        started.about = (about.trimmingWhitespace, bases.map(\.value))
                    }
                    if !isEmpty {
                        entry = started
                    } else if let done = started.entry {
                        guard entries.count < maxEntries else { return .stop }
                        entries.append(done)
                    }
                }
            case 3, 4:  // text, CDATA
                if field != nil, !overflow {
                    text += XMLStream.string(xmlTextReaderConstValue(reader))
                    overflow = text.utf8.count > maxFieldBytes
                }
            case 15:  // end of element
                guard var current = entry else { return .next }
                if let done = field, depth == current.depth + 1 {
                    if !overflow { current.set(done, to: text.trimmingWhitespace, bases: fieldBases) }
                    field = nil
                    entry = current
                } else if depth == current.depth {
                    entry = nil
                    field = nil
                    guard let done = current.entry else { return .next }
                    guard entries.count < maxEntries else { return .stop }
                    entries.append(done)
                }
            default:
                break
            }
            return .next
        }
        guard let kind else { throw .malformed(url: url, reason: "no root element") }
        return Feed(kind: kind, entries: entries, truncated: truncated)
    }
}
