import Foundation

/// Article facts found in JSON-LD (`<script type="application/ld+json">`), from the first
/// object whose `@type` is an article-like schema.org type (searching `@graph` arrays and
/// nested lists).
struct JSONLDArticle: Equatable {
    var headline: String?
    var name: String?
    var authors: [String] = []
    var datePublished: String?
    var articleBody: String?
    var inLanguage: String?
    var publisherName: String?
    var url: String?
    /// False for generic WebPage/CreativeWork objects (their names are page titles).
    var isArticle = true

    static let articleTypes: Set<String> = [
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "report",
        "scholarlyarticle", "medicalscholarlyarticle", "techarticle", "apireference", "satiricalarticle",
        "socialmediaposting", "liveblogposting", "discussionforumposting", "advertisercontentarticle",
        "askpublicnewsarticle", "webpage", "medicalwebpage", "creativework",
    ]

    /// Parses every script text and returns the best article object, if any. Objects of a
    /// genuine article type beat generic `WebPage`/`CreativeWork` ones.
    static func parse(_ scripts: [String]) -> JSONLDArticle? {
        var best: (rank: Int, value: [String: Any])? = nil
        for script in scripts {
            // `Data(utf8)`: the same bytes as `data(using: .utf8)`, without Foundation's encoding path.
            let data = Data(stripCDATA(script).utf8)
            guard let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            else { continue }
            var queue: [Any] = [json]
            var seen = 0
            while let item = queue.popLast(), seen < 200 {
                seen += 1
                if let arr = item as? [Any] { queue.append(contentsOf: arr.reversed()); continue }
                guard let obj = item as? [String: Any] else { continue }
                if let graph = obj["@graph"] { queue.append(graph) }
                let types = typeNames(obj["@type"])
                if let rank = types.compactMap(typeRank).max(), best == nil || rank > best!.rank {
                    best = (rank, obj)
                }
            }
        }
        guard let (rank, obj) = best else { return nil }
        var r = JSONLDArticle()
        r.isArticle = rank >= 2
        r.headline = string(obj["headline"])
        r.name = string(obj["name"])
        r.authors = names(obj["author"]) + names(obj["creator"])
        r.datePublished = string(obj["datePublished"]) ?? string(obj["dateCreated"])
        r.articleBody = string(obj["articleBody"]) ?? string(obj["text"])
        r.inLanguage = string(obj["inLanguage"])
        r.publisherName = names(obj["publisher"]).first
        r.url = string(obj["url"]) ?? string(obj["mainEntityOfPage"])
        return r
    }

    /// Removes a `<![CDATA[ ... ]]>` wrapper (optionally commented out with `//`).
    /// A script that neither starts nor ends with a space or a CDATA mark is returned as it is
    /// (the usual case), without copying its bytes twice.
    static func stripCDATA(_ script: String) -> String {
        if let first = script.utf8.first, let last = script.utf8.last, !Charset.isSpace(first), !Charset.isSpace(last),
           first != UInt8(ascii: "/"), first != UInt8(ascii: "<"), last != UInt8(ascii: ">") {
            return script
        }
        return trimmedCDATA(script)
    }

    /// ``stripCDATA(_:)`` by its definition: the script trimmed of spaces, then of a leading
    /// `//<![CDATA[` or `<![CDATA[` and a trailing `//]]>` or `]]>`.
    static func trimmedCDATA(_ script: String) -> String {
        let b = Array(script.utf8)
        var s = 0, e = b.count
        while s < e, Charset.isSpace(b[s]) { s += 1 }
        while e > s, Charset.isSpace(b[e - 1]) { e -= 1 }
        func hasPrefix(_ p: String) -> Bool { let u = Array(p.utf8); return e - s >= u.count && Array(b[s..<(s + u.count)]) == u }
        func hasSuffix(_ p: String) -> Bool { let u = Array(p.utf8); return e - s >= u.count && Array(b[(e - u.count)..<e]) == u }
        if hasPrefix("//<![CDATA[") { s += 11 } else if hasPrefix("<![CDATA[") { s += 9 }
        if hasSuffix("//]]>") { e -= 5 } else if hasSuffix("]]>") { e -= 3 }
        if s >= e { return "" }
        return String(decoding: b[s..<e], as: UTF8.self)
    }

    private static func typeNames(_ v: Any?) -> [String] {
        if let s = v as? String { return [s.lowercased()] }
        if let a = v as? [Any] { return a.compactMap { ($0 as? String)?.lowercased() } }
        return []
    }

    private static func typeRank(_ t: String) -> Int? {
        let t = t.hasPrefix("http") ? String(t.split(separator: "/").last ?? "") : t
        guard articleTypes.contains(t) else { return nil }
        switch t {
        case "webpage", "medicalwebpage", "creativework": return 1
        default: return 2
        }
    }

    private static func string(_ v: Any?) -> String? {
        if let s = v as? String {
            let t = s.trimmingASCIIWhitespace()
            return t.isEmpty ? nil : t
        }
        if let a = v as? [Any], let first = a.first { return string(first) }
        if let o = v as? [String: Any] { return string(o["@id"]) ?? string(o["url"]) }
        return nil
    }

    /// Names of a Person/Organization value, a list of them, or a plain string.
    private static func names(_ v: Any?) -> [String] {
        if let s = v as? String {
            let t = s.trimmingWhitespacesAndNewlines()
            return t.isEmpty ? [] : [t]
        }
        if let o = v as? [String: Any] {
            if let n = o["name"] as? String {
                let t = n.trimmingWhitespacesAndNewlines()
                return t.isEmpty ? [] : [t]
            }
            return []
        }
        if let a = v as? [Any] { return a.flatMap { names($0) } }
        return []
    }
}
