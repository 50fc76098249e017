import Foundation

/// SURT ("Sort-friendly URI Reordering Transform") keys for CDXJ indexes, as
/// pywb and the Internet Archive compute them: canonicalize the URL (Google
/// safe-browsing rules + IA rules: lower case, no `www`, no default port, no
/// session ids, sorted query, no fragment), then write the host reversed:
/// `http://www.Example.com/A/?b=1&a=2` → `com,example)/a?a=2&b=1`.
///
/// Pure string functions, `Sendable`, safe from any thread. IDNA is not done
/// here: the crawler hands in URLs whose hosts are already punycode.
public enum SURT {
    /// Formatting options for `string(_:options:)`.
    public struct Options: Sendable {
        /// Apply IA canonicalization first (what CDXJ keys need).
        public var canonicalize = true
        /// Keep `scheme://(` in front (`http://(com,example,)/`).
        public var includeScheme = false
        /// End the reversed host with a comma (`com,example,`).
        public var trailingComma = false
        public init(canonicalize: Bool = true, includeScheme: Bool = false, trailingComma: Bool = false) {
            self.canonicalize = canonicalize
            self.includeScheme = includeScheme
            self.trailingComma = trailingComma
        }
    }

    /// The CDXJ key of `url` (`com,example)/path?query`), as pywb computes it.
    public static func key(_ url: String) -> String { plainKey(url) ?? string(url, options: Options()) }

    /// The SURT of `url` under `options`.
    public static func string(_ url: String, options: Options) -> String {
        if url.isEmpty { return "-" }
        for p in ["filedesc:", "warcinfo:", "dns:"] where url.hasPrefix(p) { return url }
        guard var u = ParsedURL(url, defaultHTTP: options.canonicalize) else { return url }
        if options.canonicalize { u = iaCanonical(googleCanonical(u)) }
        guard u.hasAuthority else { return u.string }
        var host = isIPv4(u.host) || u.host.hasPrefix("[") ? u.host : reverseHost(u.host, trailingComma: options.trailingComma)
        if let port = u.port { host += ":" + port }
        var s = options.includeScheme ? u.scheme + "://(" : ""
        s += host + ")" + u.path
        if let q = u.query { s += "?" + q }
        if let f = u.fragment { s += "#" + f }
        return s
    }

    /// The IA-canonical form of `url` as a URL (what `Canonicalizer.DefaultIA` yields).
    public static func canonicalize(_ url: String) -> String {
        guard let u = ParsedURL(url, defaultHTTP: true) else { return url }
        return iaCanonical(googleCanonical(u)).string
    }

    /// `x.y.z` → `z,y,x,` (commas inside labels become dots, so the key stays parseable).
    public static func reverseHost(_ host: String, trailingComma: Bool = true) -> String {
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
            .map { $0.replacingOccurrences(of: ",", with: ".") }
        let s = labels.reversed().joined(separator: ",")
        return trailingComma ? s + "," : s
    }

    // MARK: - Google safe-browsing canonicalization (the first half of IA's)

    static func googleCanonical(_ input: ParsedURL) -> ParsedURL {
        var u = input
        u.fragment = nil
        guard u.hasAuthority else { return u }
        var host = unescapeRepeatedly(Array(u.host.utf8))
        while host.first == UInt8(ascii: ".") { host.removeFirst() }
        while host.last == UInt8(ascii: ".") { host.removeLast() }
        var collapsed: [UInt8] = []
        for b in host where !(b == UInt8(ascii: ".") && collapsed.last == UInt8(ascii: ".")) { collapsed.append(b) }
        host = collapsed.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        var hostString = escapeOnce(host)
        if let v = UInt32(hostString), !hostString.isEmpty {
            hostString = "\(v >> 24).\((v >> 16) & 255).\((v >> 8) & 255).\(v & 255)"
        }
        u.host = hostString
        u.path = escapeOnce(Array(normalizePath(String(decoding: unescapeRepeatedly(Array(u.path.utf8)), as: UTF8.self)).utf8))
        if let q = u.query { u.query = escapeOnce(unescapeRepeatedly(Array(q.utf8))) }
        return u
    }

    // MARK: - IA canonicalization (the second half)

    static func iaCanonical(_ input: ParsedURL) -> ParsedURL {
        var u = input
        u.fragment = nil
        guard u.hasAuthority else { return u }
        u.host = massageHost(u.host.lowercased())
        u.userinfo = nil
        if let p = u.port, (u.scheme == "http" && p == "80") || (u.scheme == "https" && p == "443") { u.port = nil }
        var path = stripPathSessionID(u.path.lowercased())
        if path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        u.path = path
        if let q = u.query {
            let stripped = stripQuerySessionID(q.lowercased())
            u.query = stripped.isEmpty ? nil : alphaReorderQuery(stripped)
        }
        return u
    }

    /// `www.foo.com`, `www12.foo.com` → `foo.com` (IA "massage host").
    static func massageHost(_ host: String) -> String {
        let b = Array(host.utf8)
        let start = b.withUnsafeBufferPointer(massagedHostStart)
        return start == 0 ? host : String(decoding: b[start...], as: UTF8.self)
    }

    /// Where a host's name starts once ``massageHost(_:)`` drops its `www` (plus digits) and
    /// dot, when more follows; 0 when it keeps the host.
    static func massagedHostStart(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        guard b.count > 4, b[0] == 0x77, b[1] == 0x77, b[2] == 0x77 else { return 0 }
        var i = 3
        while i < b.count, b[i] &- 0x30 < 10 { i += 1 }
        return i < b.count && b[i] == 0x2E ? i + 1 : 0
    }

    /// Sorts `a=1&b=2` pairs by key, then value (a pair without `=` sorts before `k=…`).
    static func alphaReorderQuery(_ q: String) -> String {
        guard q.count > 1 else { return q }
        let pairs = q.split(separator: "&", omittingEmptySubsequences: false).map { arg -> (String, String?) in
            if let eq = arg.firstIndex(of: "=") { return (String(arg[..<eq]), String(arg[arg.index(after: eq)...])) }
            return (String(arg), nil)
        }
        let sorted = pairs.sorted { a, b in
            if a.0 != b.0 { return bytesLess(a.0, b.0) }
            switch (a.1, b.1) {
            case (nil, nil), (_, nil): return false
            case (nil, _): return true
            case let (x?, y?): return bytesLess(x, y)
            }
        }
        return sorted.map { pair in pair.1.map { "\(pair.0)=\($0)" } ?? pair.0 }.joined(separator: "&")
    }

    private static let pathSessionRegexes: [NSRegularExpression] = [
        #"^(.*/)(\((?:[a-z]\([0-9a-z]{24}\))+\)/)([^\?]+\.aspx.*)$"#,
        #"^(.*/)(\([0-9a-z]{24}\)/)([^\?]+\.aspx.*)$"#,
    ].map { try! NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }

    private static let querySessionRegexes: [NSRegularExpression] = [
        #"^(.*)(?:jsessionid=[0-9a-zA-Z]{32})(?:&(.*))?$"#,
        #"^(.*)(?:phpsessid=[0-9a-zA-Z]{32})(?:&(.*))?$"#,
        #"^(.*)(?:sid=[0-9a-zA-Z]{32})(?:&(.*))?$"#,
        #"^(.*)(?:aspsessionid[a-zA-Z]{8}=[a-zA-Z]{24})(?:&(.*))?$"#,
        #"^(.*)(?:cfid=[^&]+&cftoken=[^&]+)(?:&(.*))?$"#,
    ].map { try! NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }

    /// Removes ASP.NET cookieless session segments (`/(S(…))/x.aspx` → `/x.aspx`).
    static func stripPathSessionID(_ path: String) -> String {
        guard path.contains("(") else { return path }
        var p = path
        for re in pathSessionRegexes {
            let ns = p as NSString
            if let m = re.firstMatch(in: p, range: NSRange(location: 0, length: ns.length)) {
                p = ns.substring(with: m.range(at: 1)) + ns.substring(with: m.range(at: 3))
            }
        }
        return p
    }

    /// What a lower-cased query holds when ``stripQuerySessionID(_:)`` may remove something
    /// (and ``plainKey(_:)`` leaves the URL to the general path).
    static let querySessionMarkers = ["sessionid", "sessid", "sid=", "cfid="]

    /// Removes `jsessionid=`, `phpsessid=`, `sid=`, `aspsessionid…=`, `cfid=…&cftoken=…` parameters.
    static func stripQuerySessionID(_ query: String) -> String {
        let lower = query.lowercased()
        guard querySessionMarkers.contains(where: lower.contains) else { return query }
        var q = query
        for re in querySessionRegexes {
            let ns = q as NSString
            if let m = re.firstMatch(in: q, range: NSRange(location: 0, length: ns.length)) {
                let head = m.range(at: 1).location == NSNotFound ? "" : ns.substring(with: m.range(at: 1))
                let tail = m.range(at: 2).location == NSNotFound ? "" : ns.substring(with: m.range(at: 2))
                q = head + tail
            }
        }
        return q
    }

    /// Decodes `%XX` escapes until nothing changes (`%2525` → `%`).
    static func unescapeRepeatedly(_ input: [UInt8]) -> [UInt8] {
        var cur = input
        while true {
            var out: [UInt8] = []
            out.reserveCapacity(cur.count)
            var i = 0
            var changed = false
            while i < cur.count {
                if cur[i] == UInt8(ascii: "%"), i + 2 < cur.count + 0, let h = hex(cur[i + 1]), let l = hex(cur[i + 2]) {
                    out.append(h << 4 | l)
                    i += 3
                    changed = true
                } else {
                    out.append(cur[i])
                    i += 1
                }
            }
            if !changed { return out }
            cur = out
        }
    }

    /// Percent-encodes bytes ≤ 0x20, ≥ 0x7F, `#` and `%` (upper-case hex).
    static func escapeOnce(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes {
            if b <= 0x20 || b >= 0x7F || b == UInt8(ascii: "#") || b == UInt8(ascii: "%") {
                out += [UInt8(ascii: "%"), digits[Int(b >> 4)], digits[Int(b & 15)]]
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Resolves `.`/`..`, drops empty segments, keeps a trailing slash; `""` → `/`.
    static func normalizePath(_ path: String) -> String {
        var kept: [Substring] = []
        for seg in path.split(separator: "/", omittingEmptySubsequences: true) {
            if seg == "." { continue }
            if seg == ".." { if !kept.isEmpty { kept.removeLast() }; continue }
            kept.append(seg)
        }
        var s = "/" + kept.joined(separator: "/")
        let trailing = path.hasSuffix("/") || path.hasSuffix("/.") || path.hasSuffix("/..")
        if trailing && !kept.isEmpty { s += "/" }
        return s
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }

    static func isIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }
    }

    static func bytesLess(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

/// A URL split just enough for SURT: `scheme://userinfo@host:port/path?query#fragment`,
/// or an opaque `scheme:rest` (mailto:, screenshot:…).
struct ParsedURL {
    var scheme: String
    var hasAuthority: Bool
    var userinfo: String?
    var host: String = ""
    var port: String?
    var path: String = ""
    var query: String?
    var fragment: String?
    var opaque: String = ""

    /// - Parameter defaultHTTP: treat a scheme-less string (`www.x.com/`) as `http://`,
    ///   trimming surrounding whitespace and dropping tabs/CR/LF (Google canonicalization).
    init?(_ raw: String, defaultHTTP: Bool) {
        var s = raw
        if defaultHTTP { s = Self.withoutControlBytes(raw) }
        var scheme = ""
        if let colon = s.firstIndex(of: ":") {
            let candidate = s[..<colon]
            let rest = s[s.index(after: colon)...]
            let valid = candidate.first.map { $0.isASCII && $0.isLetter } == true
                && candidate.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
            if valid && (rest.hasPrefix("//") || !candidate.contains(".")) { scheme = candidate.lowercased() }
        }
        if scheme.isEmpty {
            guard defaultHTTP else { return nil }
            s = "http://" + s
            scheme = "http"
        }
        self.scheme = scheme
        var rest = Substring(s).dropFirst(scheme.count + 1)
        guard rest.hasPrefix("//") else {
            hasAuthority = false
            opaque = String(rest)
            return
        }
        hasAuthority = true
        rest = rest.dropFirst(2)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        let authEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<authEnd]
        path = String(rest[authEnd...])
        if let at = authority.lastIndex(of: "@") {
            userinfo = String(authority[..<at])
            authority = authority[authority.index(after: at)...]
        }
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            port = String(authority[authority.index(after: colon)...])
            authority = authority[..<colon]
        }
        host = String(authority)
    }

    /// `raw` trimmed of U+0000…U+0020 at both ends, with tabs, CRs and LFs removed inside
    /// (Google canonicalization). Bytewise: those scalars are the UTF-8 bytes 0x00…0x20, and a
    /// URL that has none (every URL the crawler hands in) is returned as it is, with no
    /// Foundation `CharacterSet` built per call (that was half of the CDXJ key's cost).
    static func withoutControlBytes(_ raw: String) -> String {
        let bytes = raw.utf8
        guard let first = bytes.first, let last = bytes.last else { return raw }
        if first > 0x20, last > 0x20, !bytes.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { return raw }
        var kept = Array(bytes.drop(while: { $0 <= 0x20 }))
        while let end = kept.last, end <= 0x20 { kept.removeLast() }
        kept.removeAll { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        return String(decoding: kept, as: UTF8.self)
    }

    var string: String {
        guard hasAuthority else { return scheme + ":" + opaque }
        var s = scheme + "://"
        if let userinfo { s += userinfo + "@" }
        s += host
        if let port { s += ":" + port }
        s += path
        if let query { s += "?" + query }
        if let fragment { s += "#" + fragment }
        return s
    }
}
