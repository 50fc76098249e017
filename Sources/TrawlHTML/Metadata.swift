import Foundation

/// Resolved page metadata: each field from the strongest available evidence.
struct PageMetadata {
    var title: String?
    var byline: String?
    var published: String?
    var language: String?
    var siteName: String?
    var canonicalURL: String?
    var jsonLD: JSONLDArticle?
}

/// Resolves metadata with a fixed precedence per field:
/// - title: JSON-LD headline, then `og:title`/`twitter:title`/Dublin Core, then `<title>`
///   with its site-name part removed, then the only `<h1>`;
/// - byline: JSON-LD author, `author`/`dc.creator`/`article:author` meta, then a
///   `rel=author` / `itemprop=author` / byline-class element of the page;
/// - published: JSON-LD datePublished, `article:published_time` and friends,
///   `itemprop=datePublished`, the first `<time datetime>`, then a date in the URL;
/// - language: `<html lang>`, `content-language`, `og:locale`, JSON-LD inLanguage;
/// - site name: `og:site_name`, JSON-LD publisher, `application-name`;
/// - canonical URL: `<link rel=canonical>`, then `og:url` (resolved against the page URL).
enum MetadataResolver {
    static func resolve(tree: ArticleTree, url: String?) -> PageMetadata {
        let raw = tree.meta
        let m = raw.metas
        var out = PageMetadata()
        let ld = JSONLDArticle.parse(raw.jsonLD)
        out.jsonLD = ld

        func meta(_ keys: String...) -> String? {
            for k in keys {
                if let v = m[k] {
                    let t = TextUtil.collapse(v)
                    if !t.isEmpty { return t }
                }
            }
            return nil
        }

        // Site name first: it helps clean the title.
        out.siteName = meta("og:site_name") ?? ld?.publisherName.map(TextUtil.collapse)
            ?? meta("application-name", "al:ios:app_name")

        // Title.
        let h1s = headings(tree, .h1)
        let docTitle = raw.title.map { TitleCleaner.clean($0, headings: h1s + headings(tree, .h2), h1s: h1s) }
        var title: String? = nil
        if let ld, ld.isArticle {
            title = chooseJSONLDTitle(headline: ld.headline, name: ld.name, docTitle: docTitle)
        }
        if title == nil {
            title = meta("dc:title", "dcterm:title", "dcterms.title", "og:title", "weibo:article:title",
                         "weibo:webpage:title", "title", "twitter:title", "parsely-title", "sailthru.title")
        }
        if title == nil, let d = docTitle {
            title = TitleCleaner.stripSiteName(d, siteName: out.siteName, url: url)
        }
        if title == nil, h1s.count == 1 { title = h1s[0] }
        out.title = (title?.isEmpty ?? true) ? nil : title

        // Byline.
        var byline: String? = nil
        let ldAuthors = (ld?.authors ?? []).map(TextUtil.collapse).filter { !$0.isEmpty && !looksLikeURL($0) }
        if !ldAuthors.isEmpty {
            var unique: [String] = []
            for a in ldAuthors where !unique.contains(a) { unique.append(a) }
            byline = unique.joined(separator: ", ")
        }
        if byline == nil {
            for k in ["dc:creator", "dcterm:creator", "dcterms.creator", "dc.creator", "author", "article:author",
                      "parsely-author", "sailthru.author", "byl"] {
                if let v = meta(k), !looksLikeURL(v), !v.hasPrefix("@") { byline = v; break }
            }
        }
        if byline == nil { byline = bylineFromPage(tree) }
        out.byline = byline.map(cleanByline).flatMap { $0.isEmpty ? nil : $0 }

        // Published date.
        var published: String? = ld?.datePublished
        if published == nil {
            published = meta("article:published_time", "og:published_time", "article:published",
                             "datepublished", "parsely-pub-date", "sailthru.date", "pubdate", "publishdate",
                             "publish-date", "date", "dc.date", "dc.date.issued", "dcterms.date",
                             "dcterms.created", "article.published", "published-date", "cxenseparse:recs:publishtime")
        }
        if published == nil { published = raw.timeDatetimes.first }
        var iso = published.flatMap(DateNormalizer.iso8601)
        if iso == nil, let u = url ?? raw.canonical { iso = DateNormalizer.fromURL(u) }
        out.published = iso

        // Language.
        var lang = raw.htmlLang ?? meta("content-language", "dc.language", "language")
        if lang == nil, let loc = meta("og:locale") { lang = loc.replacingOccurrences(of: "_", with: "-") }
        if lang == nil { lang = ld?.inLanguage }
        out.language = lang.map { $0.trimmingASCIIWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }

        // Canonical URL.
        var canonical = raw.canonical ?? meta("og:url")
        if let c = canonical, let base = url, let u = URL(string: c, relativeTo: URL(string: base)) {
            canonical = u.absoluteString
        }
        out.canonicalURL = canonical.flatMap { $0.isEmpty ? nil : $0 }
        return out
    }

    /// Prefers the JSON-LD headline, unless `name` matches the document title better.
    static func chooseJSONLDTitle(headline: String?, name: String?, docTitle: String?) -> String? {
        let h = headline.map(TextUtil.collapse).flatMap { $0.isEmpty ? nil : $0 }
        let n = name.map(TextUtil.collapse).flatMap { $0.isEmpty ? nil : $0 }
        guard let h else { return n }
        guard let n, n != h, let d = docTitle else { return h }
        let dt = TextSimilarity.tokens(d)
        let hs = TextSimilarity.similarity(TextSimilarity.tokens(h), dt)
        let ns = TextSimilarity.similarity(TextSimilarity.tokens(n), dt)
        return ns > hs ? n : h
    }

    static func looksLikeURL(_ s: String) -> Bool {
        s.hasPrefix("http://") || s.hasPrefix("https://") || s.hasPrefix("/") || s.hasPrefix("www.")
    }

    /// Texts of all headings of one level, in order.
    static func headings(_ tree: ArticleTree, _ level: Tag) -> [String] {
        var r: [String] = []
        for i in 0..<tree.count where tree.tag[i] == level {
            let t = tree.innerText(i)
            if !t.isEmpty { r.append(t) }
            if r.count > 20 { break }
        }
        return r
    }

    /// Removes a leading "By" and trailing separators from a byline.
    static func cleanByline(_ raw: String) -> String {
        var t = TextUtil.collapse(raw)
        let l = t.lowercased()
        for prefix in ["written by ", "posted by ", "by ", "von ", "par ", "por "] where l.hasPrefix(prefix) {
            t = String(t.dropFirst(prefix.count))
            break
        }
        while let last = t.last, "—–-|·•,:".contains(last) || last == " " { t.removeLast() }
        return t
    }

    static func containsYear(_ s: String) -> Bool {
        var run = 0
        for u in s.utf8 {
            run = (u >= 0x30 && u <= 0x39) ? run + 1 : 0
            if run == 4 { return true }
        }
        return false
    }

    /// A short text from a `rel=author`, `itemprop=author` or byline-class element.
    static func bylineFromPage(_ tree: ArticleTree) -> String? {
        var candidates: [Int] = tree.relAuthor.map { Int($0) }
        for (i, p) in tree.itemprop where p.contains("author") || p.contains("creator") { candidates.append(Int(i)) }
        candidates.sort()
        if candidates.isEmpty {
            for i in 0..<tree.count where tree.tag[i] != .text && tree.signals[i].contains(.byline) {
                candidates.append(i)
                if candidates.count > 5 { break }
            }
        }
        for i in candidates {
            var t = tree.innerText(i)
            if t.isEmpty || t.count > 100 { continue }
            // Dates and "Published/Updated" lines often share the byline's class names.
            let lower = t.lowercased()
            if lower.contains("published") || lower.contains("updated") || containsYear(t) { continue }
            for prefix in ["written by", "posted by", "by", "von", "par", "por", "door", "di", "av"] {
                let l = t.lowercased()
                if l == prefix { t = ""; break }
                if l.hasPrefix(prefix + " ") || l.hasPrefix(prefix + ":") {
                    t = String(t.dropFirst(prefix.count + 1)).trimmingCharacters(in: .whitespaces)
                    break
                }
            }
            if !t.isEmpty { return t }
        }
        return nil
    }
}

/// Cleans a document `<title>` (Readability's rules): removes the site-name part after a
/// separator (` | `, ` - `, ` » ` ...) or before a colon unless that leaves too few words.
enum TitleCleaner {
    static let separators: Set<Character> = ["|", "-", "–", "—", "\\", "/", ">", "»", "·", "•"]

    static func clean(_ original: String, headings: [String], h1s: [String]) -> String {
        let orig = TextUtil.collapse(original)
        var cur = orig
        var hierarchical = false
        let words = wordCount
        let parts = splitOnSeparators(orig)
        if parts.count > 1 {
            hierarchical = parts.contains { ["\\", "/", ">", "»"].contains($0.sep) }
            // Drop the last part; if too little is left, drop the first instead.
            cur = reassemble(Array(parts.dropLast()))
            if words(cur) < 3 { cur = reassemble(Array(parts.dropFirst())) }
        } else if cur.contains(": ") {
            if !headings.contains(cur) {
                if let r = orig.range(of: ":", options: .backwards) {
                    cur = String(orig[r.upperBound...]).trimmingWhitespaces()
                }
                if words(cur) < 3, let r = orig.range(of: ":") {
                    cur = String(orig[r.upperBound...]).trimmingWhitespaces()
                }
            }
        } else if cur.count > 150 || cur.count < 15 {
            if h1s.count == 1 { cur = h1s[0] }
        }
        cur = cur.trimmingWhitespaces()
        let cw = words(cur)
        if cw <= 4 && (!hierarchical || cw != words(orig.filter { !separators.contains($0) }) - 1) {
            cur = orig
        }
        return cur
    }

    /// The number of space-separated words of `s`: `s.split(whereSeparator: { $0 == " " }).count`,
    /// bytewise for ASCII text (there a space is always a Character of its own); counting
    /// Characters was half of the title cleaning's time.
    static func wordCount(_ s: String) -> Int {
        var s = s
        s.makeContiguousUTF8()  // no-op for native strings
        let ascii = s.utf8.withContiguousStorageIfAvailable { b -> Int? in
            var words = 0
            var inWord = false
            for byte in b {
                if byte >= 0x80 { return nil }
                if byte != 0x20 && !inWord { words += 1 }
                inWord = byte != 0x20
            }
            return words
        }
        return (ascii ?? nil) ?? s.split(whereSeparator: { $0 == " " }).count
    }

    /// Splits "A | B - C" into parts with the separator that follows each part.
    static func splitOnSeparators(_ s: String) -> [(text: String, sep: Character?)] {
        asciiSplitOnSeparators(s) ?? characterSplitOnSeparators(s)
    }

    /// ``splitOnSeparators(_:)`` Character by Character: the definition, for any text.
    static func characterSplitOnSeparators(_ s: String) -> [(text: String, sep: Character?)] {
        var parts: [(String, Character?)] = []
        let chars = Array(s)
        var current = ""
        var i = 0
        while i < chars.count {
            if i > 0, i + 2 < chars.count, chars[i] == " ", separators.contains(chars[i + 1]), chars[i + 2] == " " {
                parts.append((current, chars[i + 1]))
                current = ""
                i += 3
                continue
            }
            current.append(chars[i])
            i += 1
        }
        parts.append((current, nil))
        return parts.map { (text: $0.0, sep: $0.1) }
    }

    /// ``splitOnSeparators(_:)`` of an ASCII text without a CR, where every byte is one
    /// Character, bytewise; nil for any other text. Titles are split on every page: building an
    /// array of Characters and appending them one by one was half of the title cleaning's time.
    static func asciiSplitOnSeparators(_ s: String) -> [(text: String, sep: Character?)]? {
        var s = s
        s.makeContiguousUTF8()  // no-op for native strings
        return s.utf8.withContiguousStorageIfAvailable { b -> [(text: String, sep: Character?)]? in
            guard b.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
            var parts: [(text: String, sep: Character?)] = []
            var start = 0
            var i = 0
            while i < b.count {
                if i > 0, i + 2 < b.count, b[i] == 0x20, b[i + 2] == 0x20, asciiSeparators.contains(b[i + 1]) {
                    parts.append((String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self),
                                  Character(Unicode.Scalar(b[i + 1]))))
                    i += 3
                    start = i
                    continue
                }
                i += 1
            }
            parts.append((String(decoding: UnsafeBufferPointer(rebasing: b[start..<b.count]), as: UTF8.self), nil))
            return parts
        } ?? nil
    }

    /// The ASCII ``separators``.
    static let asciiSeparators: [UInt8] = separators.compactMap { $0.asciiValue }

    static func reassemble(_ parts: [(text: String, sep: Character?)]) -> String {
        var s = ""
        for (k, p) in parts.enumerated() {
            s += p.text
            if k < parts.count - 1, let sep = p.sep { s += " \(sep) " }
        }
        return s.trimmingWhitespaces()
    }

    /// Removes a trailing or leading " | Site Name" when it matches the site name or host.
    static func stripSiteName(_ title: String, siteName: String?, url: String?) -> String {
        let parts = splitOnSeparators(title)
        guard parts.count > 1 else { return title }
        func isSite(_ s: String) -> Bool {
            let n = normalizeKey(s)
            if n.isEmpty { return false }
            if let site = siteName, normalizeKey(site) == n { return true }
            if let u = url, let host = URL(string: u)?.host?.lowercased() {
                let h = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
                let first = normalizeKey(String(h.split(separator: ".").first ?? ""))
                if first == n || normalizeKey(h) == n { return true }
            }
            return false
        }
        if let last = parts.last, isSite(last.text) { return reassemble(Array(parts.dropLast())) }
        if let first = parts.first, isSite(first.text) { return reassemble(Array(parts.dropFirst())) }
        return title
    }

    static func normalizeKey(_ s: String) -> String {
        String(s.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }
}

/// Date parsing to ISO 8601.
enum DateNormalizer {
    /// Returns an ISO 8601 date or date-time for common published-date formats, or nil.
    static func iso8601(_ raw: String) -> String? {
        let s = raw.trimmingWhitespacesAndNewlines()
        if s.isEmpty { return nil }
        let b = Array(s.utf8)
        func digits(_ from: Int, _ n: Int) -> Int? {
            guard from + n <= b.count else { return nil }
            var v = 0
            for k in from..<(from + n) {
                guard b[k] >= 0x30 && b[k] <= 0x39 else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            return v
        }
        // YYYY-MM-DD[ T]HH:MM[:SS][.fff][Z|±HH:MM]
        if let y = digits(0, 4), b.count >= 10, b[4] == UInt8(ascii: "-") || b[4] == UInt8(ascii: "/"),
           let mo = digits(5, 2), let d = digits(8, 2), (1...12).contains(mo), (1...31).contains(d), y > 1900 {
            var out = isoDate(y, mo, d)
            if b.count >= 16, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "),
               let h = digits(11, 2), let mi = digits(14, 2) {
                var sec = 0
                var k = 16
                if b.count >= 19, b[16] == UInt8(ascii: ":"), let ss = digits(17, 2) { sec = ss; k = 19 }
                if k < b.count, b[k] == UInt8(ascii: ".") { k += 1; while k < b.count, b[k] >= 0x30 && b[k] <= 0x39 { k += 1 } }
                out += "T" + padded(h, 2) + ":" + padded(mi, 2) + ":" + padded(sec, 2)
                let rest = String(decoding: b[k...], as: UTF8.self).trimmingWhitespaces()
                if rest == "Z" || rest == "z" { out += "Z" }
                else if rest.count == 6, rest.hasPrefix("+") || rest.hasPrefix("-") { out += rest }
                else if rest.count == 5, rest.hasPrefix("+") || rest.hasPrefix("-") {
                    out += String(rest.prefix(3)) + ":" + String(rest.suffix(2))
                }
            }
            return out
        }
        // RFC 822/1123 and similar ("Tue, 19 May 2015 12:00:00 GMT", "May 19, 2015"): only
        // worth trying (DateFormatter is slow) for text with letters and a 4-digit year.
        let hasLetter = b.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }
        var hasYear = false
        var run = 0
        for c in b { run = (c >= 0x30 && c <= 0x39) ? run + 1 : 0; if run == 4 { hasYear = true } }
        guard hasLetter && hasYear && b.count <= 40 else { return nil }
        let formats = ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEE, dd MMM yyyy HH:mm:ss Z", "dd MMM yyyy HH:mm:ss Z",
                       "MMMM d, yyyy", "MMM d, yyyy", "d MMMM yyyy", "yyyyMMdd"]
        for f in formats {
            let df = DateFormatter()
            df.locale = Locale(identifier: "en_US_POSIX")
            df.timeZone = TimeZone(identifier: "UTC")
            df.dateFormat = f
            if let date = df.date(from: s) {
                let iso = ISO8601DateFormatter()
                iso.formatOptions = f.contains("HH") ? [.withInternetDateTime] : [.withFullDate]
                return iso.string(from: date)
            }
        }
        return nil
    }

    /// `YYYY-MM-DD`.
    static func isoDate(_ year: Int, _ month: Int, _ day: Int) -> String {
        padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    /// `value` (0 or more) in decimal, zero-padded to `width` digits: `String(format: "%0Nd")`
    /// without Foundation's format parsing (that was most of the date normalization's cost).
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
    }

    /// A date in a URL path: /2015/05/19/ or /2015-05-19 or /20150519/.
    static func fromURL(_ url: String) -> String? {
        let parts = url.split(separator: "/").map(String.init)
        for (k, p) in parts.enumerated() {
            if p.count == 4, let y = Int(p), (1990...2100).contains(y), k + 2 < parts.count,
               let mo = Int(parts[k + 1]), (1...12).contains(mo), parts[k + 1].count == 2 {
                let dPart = parts[k + 2].prefix(2)
                if let d = Int(dPart), (1...31).contains(d) {
                    return isoDate(y, mo, d)
                }
            }
            let u = Array(p.utf8)
            if u.count >= 10, u[0...3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), u[4] == UInt8(ascii: "-"),
               u[7] == UInt8(ascii: "-"), let iso = iso8601(String(decoding: u[0..<10], as: UTF8.self)) {
                return iso
            }
        }
        return nil
    }
}
