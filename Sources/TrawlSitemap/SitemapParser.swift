import CLibXML2

/// Streams a sitemap through libxml2's `xmlTextReader` (no DOM: memory is the body plus the
/// entries kept), accepting gzip-compressed bodies (`.xml.gz` served as-is).
///
/// Lenient where crawlers must be: namespaces are not checked for the sitemap elements (many
/// sitemaps omit or misspell them), entries without a `<loc>` are skipped, and XML that breaks
/// off mid-document keeps the entries read so far (`truncated`). Strict where it matters for
/// safety: no network access and no entity expansion by the reader, the entry count and the
/// inflated size are capped.
public struct SitemapParser: Sendable {
    /// The Google News sitemap namespace, for `<news:publication_date>`.
    public static let newsNamespace = "http://www.google.com/schemas/sitemap-news/0.9"

    /// Entries kept per sitemap (the protocol's own limit is 50,000).
    public var maxEntries: Int
    /// Cap on a gzip body once inflated (the protocol allows 50 MB uncompressed).
    public var maxInflatedBytes: Int

    public init(maxEntries: Int = 50_000, maxInflatedBytes: Int = 64 << 20) {
        self.maxEntries = maxEntries
        self.maxInflatedBytes = maxInflatedBytes
    }

    /// Parses `body` (plain or gzip XML) fetched from `url` (used in error messages and as the
    /// reader's base URL).
    public func parse(_ body: [UInt8], url: String) throws(SitemapError) -> Sitemap {
        var bytes = body
        if Gunzip.isGzip(body) {
            switch Gunzip.inflate(body, limit: maxInflatedBytes) {
            case .success(let inflated): bytes = inflated
            case .failure(.tooLarge): throw .tooLarge(url: url, limit: maxInflatedBytes)
            case .failure(.corrupt(let reason)): throw .corruptGzip(url: url, reason: reason)
            }
        }
        guard !bytes.isEmpty else { throw .malformed(url: url, reason: "empty body") }
        return try read(bytes, url: url)
    }

    /// Whether `body` looks like the start of a sitemap (gzip, or XML whose first element is
    /// `urlset`/`sitemapindex`), judged from its first bytes only: a cheap check before parsing.
    public static func looksLikeSitemap(_ body: [UInt8]) -> Bool {
        if Gunzip.isGzip(body) { return true }
        let head = String(decoding: body.prefix(2048), as: UTF8.self)
        return head.contains("<urlset") || head.contains("<sitemapindex")
    }

    private func read(_ bytes: [UInt8], url: String) throws(SitemapError) -> Sitemap {
        try XMLStream.run(bytes, url: url, openFailure: SitemapError.malformed(url: url, reason: "libxml2 could not open a reader")) {
            (reader) throws(SitemapError) -> Sitemap in try walk(reader, url: url)
        }
    }

    /// Where the walk is inside the current entry.
    private enum Field { case none, loc, lastmod, publicationDate }

    private func walk(_ reader: xmlTextReaderPtr, url: String) throws(SitemapError) -> Sitemap {
        var kind: Sitemap.Kind?
        var entries: [SitemapEntry] = []
        var inEntry = false
        var field = Field.none
        var text = ""
        var loc = "", lastmod = "", published = ""
        let truncated = try XMLStream.walk(
            reader, beforeStart: SitemapError.malformed(url: url, reason: "XML error before the root element"),
            started: { kind != nil }
        ) { (type, depth) throws(SitemapError) -> XMLStream.Visit in
            switch type {
            case 1:  // element
                let name = Self.string(xmlTextReaderConstLocalName(reader))
                let isEmpty = xmlTextReaderIsEmptyElement(reader) == 1
                guard let known = kind else {
                    switch name {
                    case "urlset": kind = .urlset
                    case "sitemapindex": kind = .index
                    default: throw .notSitemap(url: url, root: name)
                    }
                    return .next
                }
                if depth == 1 {
                    inEntry = (known == .urlset && name == "url") || (known == .index && name == "sitemap")
                    loc = ""; lastmod = ""; published = ""
                    if isEmpty { inEntry = false }
                } else if inEntry {
                    text = ""
                    switch name {
                    case "loc" where depth == 2: field = .loc
                    case "lastmod" where depth == 2: field = .lastmod
                    case "publication_date" where Self.string(xmlTextReaderConstNamespaceUri(reader)) == Self.newsNamespace:
                        field = .publicationDate
                    default: field = .none
                    }
                    if isEmpty { field = .none }
                }
            case 3, 4:  // text, CDATA
                if field != .none { text += Self.string(xmlTextReaderConstValue(reader)) }
            case 15:  // end of element
                if field != .none {
                    let value = text.trimmingWhitespace
                    switch field {
                    case .loc: loc = value
                    case .lastmod: lastmod = value
                    case .publicationDate: published = value
                    case .none: break
                    }
                    field = .none
                } else if depth == 1, inEntry {
                    inEntry = false
                    guard !loc.isEmpty else { return .next }
                    guard entries.count < maxEntries else { return .stop }
                    entries.append(SitemapEntry(
                        location: loc, lastModified: W3CDate.parse(lastmod), publicationDate: W3CDate.parse(published)))
                }
            default:
                break
            }
            return .next
        }
        guard let kind else { throw .malformed(url: url, reason: "no root element") }
        return Sitemap(kind: kind, entries: entries, truncated: truncated)
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String { XMLStream.string(pointer) }
}

extension String {
    /// Without leading and trailing XML whitespace (space, tab, CR, LF).
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
