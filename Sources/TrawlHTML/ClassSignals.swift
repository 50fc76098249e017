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
        "popular", "trending", "breadcrumb", "post-tags", "tag-list", "tags-list",
    ])
    static let captionWords: [[UInt8]] = bytes(["caption", "credit"])

    /// Keyword bits used by the single-pass scanner (signals plus weight lists).
    private static let negativeBit: UInt32 = 1 << 16
    private static let positiveBit: UInt32 = 1 << 17

    /// For each first byte, the keywords starting with it and the bits they set.
    private static let table: [[([UInt8], UInt32)]] = {
        var t = [[([UInt8], UInt32)]](repeating: [], count: 256)
        func add(_ words: [[UInt8]], _ bits: UInt32) {
            for w in words {
                if let k = t[Int(w[0])].firstIndex(where: { $0.0 == w }) { t[Int(w[0])][k].1 |= bits }
                else { t[Int(w[0])].append((w, bits)) }
            }
        }
        add(unlikelyWords, UInt32(unlikely.rawValue))
        add(maybeWords, UInt32(maybe.rawValue))
        add(shareWords, UInt32(share.rawValue))
        add(commentWords, UInt32(comments.rawValue))
        add(bylineWords, UInt32(byline.rawValue))
        add(boilerplateWords, UInt32(boilerplate.rawValue))
        add(captionWords, UInt32(caption.rawValue))
        add(negativeWords, negativeBit)
        add(positiveWords, positiveBit)
        return t
    }()

    /// ``table`` flattened for ``scan(_:)``: the keywords' bytes end to end, one packed entry per
    /// keyword (bits << 32 | length << 16 | offset in `bytes`), and per first byte c the entries
    /// `first[c] ..< first[c + 1]`. Reading `table` itself retained and released an array per
    /// byte scanned, and a keyword per comparison.
    private struct FlatTable {
        var bytes: [UInt8] = []
        var entries: [UInt64] = []
        var first: [UInt16] = [0]

        init(_ table: [[([UInt8], UInt32)]]) {
            for list in table {
                for (word, bits) in list {
                    entries.append(UInt64(bits) << 32 | UInt64(word.count) << 16 | UInt64(bytes.count))
                    bytes += word
                }
                first.append(UInt16(entries.count))
            }
        }
    }

    private static let flat = FlatTable(table)

    /// All keyword bits present in `s` (one pass, substring semantics).
    static func scan(_ s: [UInt8]) -> UInt32 {
        var bits: UInt32 = 0
        let n = s.count
        let flat = Self.flat
        s.withUnsafeBufferPointer { buf in
            flat.bytes.withUnsafeBufferPointer { words in
                flat.entries.withUnsafeBufferPointer { entries in
                    flat.first.withUnsafeBufferPointer { first in
                        for i in 0..<n {
                            let c = Int(buf[i])
                            var e = Int(first[c])
                            let end = Int(first[c + 1])
                            while e < end {
                                let entry = entries[e]
                                e += 1
                                let b = UInt32(truncatingIfNeeded: entry >> 32)
                                let count = Int(truncatingIfNeeded: (entry >> 16) & 0xFFFF)
                                guard bits & b != b, i + count <= n else { continue }
                                let offset = Int(truncatingIfNeeded: entry & 0xFFFF)
                                var k = 1
                                while k < count && buf[i + k] == words[offset + k] { k += 1 }
                                if k == count { bits |= b }
                            }
                        }
                    }
                }
            }
        }
        return bits
    }

    /// Signals and Readability class weight (±25) of one `class` or `id` value (lowercased).
    static func evaluate(_ value: [UInt8]) -> (ClassSignals, Int16) {
        if value.isEmpty { return ([], 0) }
        let bits = scan(value)
        var w = 0
        if bits & negativeBit != 0 || hasToken(value, "hid") { w -= 25 }
        if bits & positiveBit != 0 { w += 25 }
        var signals = ClassSignals(rawValue: UInt16(truncatingIfNeeded: bits & 0xFFFF))
        if hasAdToken(value) { signals.insert(.boilerplate) }
        return (signals, Int16(w))
    }

    /// Class tokens naming ad slots: "ad", "ads", "ad-…", "ads_…", "…-ad", "…-ads".
    static func hasAdToken(_ s: [UInt8]) -> Bool {
        let n = s.count
        var i = 0
        while i < n {
            while i < n && (s[i] == 0x20 || s[i] == 0x09) { i += 1 }
            let start = i
            while i < n && s[i] != 0x20 && s[i] != 0x09 { i += 1 }
            if i > start && isAdToken(s, start, i) { return true }
        }
        return false
    }

    @inline(__always)
    private static func isAdPart(_ s: [UInt8], _ a: Int, _ b: Int) -> Bool {
        (b - a == 2 && s[a] == 0x61 && s[a + 1] == 0x64) || (b - a == 3 && s[a] == 0x61 && s[a + 1] == 0x64 && s[a + 2] == 0x73)
    }

    private static func isAdToken(_ s: [UInt8], _ start: Int, _ end: Int) -> Bool {
        func isSep(_ c: UInt8) -> Bool { c == UInt8(ascii: "-") || c == UInt8(ascii: "_") }
        // First part.
        var k = start
        while k < end && !isSep(s[k]) { k += 1 }
        if isAdPart(s, start, k) { return true }
        if k == end { return false }
        // Last part.
        var j = end
        while j > start && !isSep(s[j - 1]) { j -= 1 }
        return isAdPart(s, j, end)
    }

    static func bytes(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }

    /// True when the space-separated value contains exactly `token` as one of its tokens.
    static func hasToken(_ s: [UInt8], _ token: StaticString) -> Bool {
        let t = token.utf8Start
        let len = token.utf8CodeUnitCount
        let n = s.count
        var i = 0
        while i < n {
            while i < n && s[i] == 0x20 { i += 1 }
            let start = i
            while i < n && s[i] != 0x20 { i += 1 }
            if i - start == len {
                var k = 0
                while k < len && s[start + k] == t[k] { k += 1 }
                if k == len { return true }
            }
        }
        return false
    }
}

/// ``ClassSignals/evaluate(_:)`` remembered for the class values of one document: they repeat
/// a lot within a page. A direct-mapped table of 128 slots keyed by a multiplicative hash of the
/// value's bytes, eight at a time (a value pushed out by a collision is evaluated again). A
/// `Dictionary` keyed by the `[UInt8]` hashed each value byte by byte with SipHash and grew from
/// empty on every page: more than the evaluations it saved (half a percent of a crawl's CPU).
struct ClassSignalsMemo {
    private static let slotBits = 7
    private var keys = [[UInt8]?](repeating: nil, count: 1 << slotBits)
    private var values = [(ClassSignals, Int16)](repeating: ([], 0), count: 1 << slotBits)

    /// `ClassSignals.evaluate(value)`.
    mutating func evaluate(_ value: [UInt8]) -> (ClassSignals, Int16) {
        let slot = Self.slot(value)
        if let key = keys[slot], key == value { return values[slot] }
        let result = ClassSignals.evaluate(value)
        keys[slot] = value
        values[slot] = result
        return result
    }

    /// The top bits of a multiply-xorshift hash of the bytes (eight at a time) and the count.
    static func slot(_ value: [UInt8]) -> Int {
        value.withUnsafeBufferPointer { b -> Int in
            var h = UInt64(b.count) &* 0x9E37_79B9_7F4A_7C15
            var i = 0
            while i + 8 <= b.count {
                h = (h ^ UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)) &* 0xC2B2_AE3D_27D4_EB4F
                h ^= h >> 29
                i += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < b.count { tail |= UInt64(b[i]) << shift; shift += 8; i += 1 }
            h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
            return Int(truncatingIfNeeded: h >> UInt64(64 - slotBits))
        }
    }
}
