internal import CLibXML2

/// The raw link references of one page, in document order, plus its `<base href>`.
public struct PageLinks: Sendable, Equatable {
    /// The first `<base href>` of the document, trimmed, unresolved.
    public var baseHref: String?
    /// Every link reference in document order (duplicates kept).
    public var links: [RawLink]
    /// The page's announced feeds: `<link rel=alternate type=application/rss+xml|atom+xml href>`,
    /// in document order, as written. They are in `links` too (as `.alternate`); listed here so
    /// the crawler can treat them as hubs whose entries are the site's newest pages.
    public var feeds: [String]

    public init(baseHref: String? = nil, links: [RawLink] = [], feeds: [String] = []) {
        self.baseHref = baseHref
        self.links = links
        self.feeds = feeds
    }
}

/// One link reference as written in the page: trimmed, entities decoded, not resolved.
public struct RawLink: Sendable, Hashable {
    public var href: String
    public var kind: LinkKind

    public init(href: String, kind: LinkKind) {
        self.href = href
        self.kind = kind
    }
}

/// Where a link reference came from.
public enum LinkKind: String, Sendable, Hashable, CaseIterable {
    /// `<a href>`
    case anchor
    /// `<area href>`
    case area
    /// `<link rel=canonical>`
    case canonical
    /// `<link rel=alternate>`
    case alternate
    /// `<link rel=next>`
    case next
    /// `<link rel=prev>` (also `rel=previous`)
    case prev
    /// `<frame src>`
    case frame
    /// `<iframe src>`
    case iframe
    /// `<meta http-equiv=refresh content="N; url=...">`
    case refresh
}

extension HTMLDocument {
    /// Raw link references in document order, plus the document's first `<base href>`.
    ///
    /// Extracts `a[href]`, `area[href]`, `link[rel~=canonical|alternate|next|prev]`,
    /// `iframe[src]`, `frame[src]` and `meta[http-equiv=refresh]`. Empty references are
    /// dropped. The walk is iterative, so arbitrarily deep documents are safe.
    public func links() -> PageLinks {
        var result = PageLinks()
        guard let root = root else { return result }
        var node: NodePtr? = root
        while let n = node {
            if n.isElement { collect(n, into: &result) }
            node = nextInDocumentOrder(n, root: root)
        }
        return result
    }

    private func collect(_ n: NodePtr, into result: inout PageLinks) {
        func add(_ value: String?, _ kind: LinkKind) {
            guard let v = value?.trimmingASCIIWhitespace(), !v.isEmpty else { return }
            result.links.append(RawLink(href: v, kind: kind))
        }
        if n.hasName("a") {
            add(n.attribute("href"), .anchor)
        } else if n.hasName("area") {
            add(n.attribute("href"), .area)
        } else if n.hasName("link") {
            guard let rel = n.attribute("rel"), let href = n.attribute("href") else { return }
            let kinds = LinkRel.kinds(in: rel)
            for kind in kinds { add(href, kind) }
            if kinds.contains(.alternate), LinkRel.isFeedType(n.attribute("type")),
               case let v = href.trimmingASCIIWhitespace(), !v.isEmpty {
                result.feeds.append(v)
            }
        } else if n.hasName("iframe") {
            add(n.attribute("src"), .iframe)
        } else if n.hasName("frame") {
            add(n.attribute("src"), .frame)
        } else if n.hasName("meta") {
            guard let equiv = n.attribute("http-equiv"),
                  equiv.trimmingASCIIWhitespace().lowercased() == "refresh",
                  let content = n.attribute("content") else { return }
            add(RefreshParser.url(in: content), .refresh)
        } else if n.hasName("base") {
            if result.baseHref == nil, let href = n.attribute("href")?.trimmingASCIIWhitespace(),
               !href.isEmpty {
                result.baseHref = href
            }
        }
    }
}

/// `rel` attribute tokens of interest.
enum LinkRel {
    /// The link kinds named by a `rel` token list (space-separated, case-insensitive),
    /// in a fixed order, each once.
    static func kinds(in rel: String) -> [LinkKind] {
        var found: [LinkKind] = []
        for token in rel.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0C}" }) {
            let kind: LinkKind?
            switch token {
            case "canonical": kind = .canonical
            case "alternate": kind = .alternate
            case "next": kind = .next
            case "prev", "previous": kind = .prev
            default: kind = nil
            }
            if let k = kind, !found.contains(k) { found.append(k) }
        }
        return found
    }
}

extension LinkRel {
    /// Whether a `<link type>` names an RSS or Atom feed (`application/rss+xml`,
    /// `application/atom+xml`, with or without parameters or an `x-` prefix). Narrower than
    /// `FeedParser.isFeedType` (TrawlSitemap, which this module does not depend on) on purpose:
    /// an announced `application/rdf+xml` alternate is usually FOAF/DOAP metadata, not a feed,
    /// while a response served as rdf+xml is parsed and kept only if its root is a feed.
    static func isFeedType(_ type: String?) -> Bool {
        guard let first = type?.lowercased().split(separator: ";").first else { return false }
        let mime = String(first).trimmingASCIIWhitespace()
        return mime.hasSuffix("rss+xml") || mime.hasSuffix("atom+xml")
    }
}

/// Parses the `content` of `<meta http-equiv=refresh>` (WHATWG "shared declarative refresh").
enum RefreshParser {
    /// The URL in `content` ("5; url=/x", "0;URL='x'", "0, x", "url=x"), or nil when there is none.
    static func url(in content: String) -> String? {
        let s = Array(content.utf8)
        var i = 0
        func skipSpace() { while i < s.count, Charset.isSpace(s[i]) { i += 1 } }
        skipSpace()
        let digitsStart = i
        while i < s.count, (s[i] >= 0x30 && s[i] <= 0x39) || s[i] == UInt8(ascii: ".") { i += 1 }
        let hadDelay = i > digitsStart
        skipSpace()
        if i < s.count, s[i] == UInt8(ascii: ";") || s[i] == UInt8(ascii: ",") {
            i += 1
            skipSpace()
        } else if hadDelay && i < s.count {
            // "5 url=..." without separator: tolerate.
        }
        guard i < s.count else { return nil }
        // Optional "url" "=".
        if i + 3 <= s.count,
           Charset.lowerASCII(s[i]) == UInt8(ascii: "u"), Charset.lowerASCII(s[i + 1]) == UInt8(ascii: "r"),
           Charset.lowerASCII(s[i + 2]) == UInt8(ascii: "l") {
            var j = i + 3
            while j < s.count, Charset.isSpace(s[j]) { j += 1 }
            if j < s.count, s[j] == UInt8(ascii: "=") {
                i = j + 1
                skipSpace()
            }
        }
        guard i < s.count else { return nil }
        var end = s.count
        if s[i] == UInt8(ascii: "\"") || s[i] == UInt8(ascii: "'") {
            let q = s[i]
            i += 1
            end = i
            while end < s.count, s[end] != q { end += 1 }
        }
        let url = String(decoding: s[i..<end], as: UTF8.self).trimmingASCIIWhitespace()
        return url.isEmpty ? nil : url
    }
}
