/// What an element's `class` and `id` attributes say about it: keyword evidence in the
/// Readability tradition (navigation, comments, sharing and promos vs. article bodies).
struct ClassSignals: OptionSet {
    let rawValue: UInt16

    /// Names that usually mean page chrome (menus, comments, sidebars, footers...).
    static let unlikely = ClassSignals(rawValue: 1 << 0)
    /// Names that rescue an `unlikely` match ("article", "main", "content"...).
    static let maybe = ClassSignals(rawValue: 1 << 1)
    /// Social/share widgets.
    static let share = ClassSignals(rawValue: 1 << 2)
    /// Comment sections.
    static let comments = ClassSignals(rawValue: 1 << 3)
    /// Bylines and author boxes.
    static let byline = ClassSignals(rawValue: 1 << 4)
    /// Strong boilerplate: related posts, newsletters, ads, promos, tags.
    static let boilerplate = ClassSignals(rawValue: 1 << 5)
    /// Captions.
    static let caption = ClassSignals(rawValue: 1 << 6)

    static let unlikelyWords: [[UInt8]] = bytes([
        "-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community", "cover-wrap",
        "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
        "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
        "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote",
    ])
    static let maybeWords: [[UInt8]] = bytes(["and", "article", "body", "column", "content", "main", "mathjax", "shadow"])
    static let positiveWords: [[UInt8]] = bytes([
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination",
        "post", "text", "blog", "story",
    ])
    static let negativeWords: [[UInt8]] = bytes([
        "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
        "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
        "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget",
    ])
    static let shareWords: [[UInt8]] = bytes(["share", "sharedaddy", "social", "sharing"])
    static let commentWords: [[UInt8]] = bytes(["comment", "disqus", "replies", "respond"])
    static let bylineWords: [[UInt8]] = bytes(["byline", "author", "dateline", "writtenby", "p-author"])
    static let boilerplateWords: [[UInt8]] = bytes([
        "related", "newsletter", "subscribe", "signup", "sign-up", "promo", "advert", "sponsor",
        "also-read", "read-more", "readmore", "more-stories", "recommend", "outbrain", "taboola",
        "popular", "trending", "paywall", "breadcrumb", "post-tags", "tag-list", "tags-list",
    ])
    static let captionWords: [[UInt8]] = bytes(["caption", "credit"])

    /// Computes the signals of one element from its lowercased class and id.
    static func of(classAndId str: String) -> ClassSignals {
        if str.isEmpty { return [] }
        let s = Array(str.utf8)
        var r: ClassSignals = []
        if containsAny(s, unlikelyWords) { r.insert(.unlikely) }
        if containsAny(s, maybeWords) { r.insert(.maybe) }
        if containsAny(s, shareWords) { r.insert(.share) }
        if containsAny(s, commentWords) { r.insert(.comments) }
        if containsAny(s, bylineWords) { r.insert(.byline) }
        if containsAny(s, boilerplateWords) { r.insert(.boilerplate) }
        if containsAny(s, captionWords) { r.insert(.caption) }
        return r
    }

    /// Readability-style class weight of one attribute value: -25 for negative names,
    /// +25 for positive ones (both can apply).
    static func weight(of str: String) -> Int {
        if str.isEmpty { return 0 }
        let value = Array(str.utf8)
        var w = 0
        if containsAny(value, negativeWords) || hasToken(value, "hid") { w -= 25 }
        if containsAny(value, positiveWords) { w += 25 }
        return w
    }

    static func bytes(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }

    static func containsAny(_ s: [UInt8], _ words: [[UInt8]]) -> Bool {
        for w in words where Charset.find(w, in: s, from: 0) != nil { return true }
        return false
    }

    static func hasToken(_ s: [UInt8], _ token: String) -> Bool {
        let t = Array(token.utf8)
        return s.split(separator: 0x20).contains { $0.elementsEqual(t) }
    }
}
