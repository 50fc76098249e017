import TrawlURL

/// Strips session ids and tracking parameters from discovered links before they meet the
/// frontier, so `/a?utm_source=x`, `/a;jsessionid=1` and `/a` are one URL to the crawl.
///
/// Only links found on pages and in sitemaps are rewritten: the URL fetched is what is archived,
/// seeds are taken as given, and redirect targets are followed as the server sent them (stripping
/// a session id a server insists on would loop). Removed:
/// - query parameters whose name (case-insensitive) is in `parameters`, where a trailing `*`
///   matches any suffix (`utm_*`); the other parameters keep their order and spelling;
/// - `;name=value` path parameters with such a name (`/a;jsessionid=E85F`);
/// - ASP.NET cookieless session segments, `(S(24 chars))` or `(24 chars)` (`stripPathSessions`).
public struct LinkCanonicalizer: Sendable, Equatable {
    /// `[scope] strip_params` when not set.
    public static let defaultParameters = [
        "utm_*", "fbclid", "gclid", "jsessionid", "phpsessid", "sid", "aspsessionid*", "cfid", "cftoken",
    ]

    /// Lowercased names; a trailing `*` makes a prefix.
    public private(set) var parameters: [String]
    public var stripPathSessions: Bool
    private var exact: Set<String>
    private var prefixes: [String]

    public init(parameters: [String] = Self.defaultParameters, stripPathSessions: Bool = true) {
        self.parameters = parameters.map { $0.lowercased() }
        self.stripPathSessions = stripPathSessions
        exact = Set(self.parameters.filter { !$0.hasSuffix("*") })
        prefixes = self.parameters.filter { $0.hasSuffix("*") }.map { String($0.dropLast()) }
    }

    /// Whether a parameter called `name` is removed.
    public func strips(_ name: Substring) -> Bool {
        guard !name.isEmpty else { return false }
        let lower = name.lowercased()
        return exact.contains(lower) || prefixes.contains { lower.hasPrefix($0) }
    }

    /// `url` without its session ids and tracking parameters, normalized again; `url` itself
    /// when nothing matched.
    public func canonical(_ url: CrawlURL) -> CrawlURL {
        guard url.isHTTP, !parameters.isEmpty || stripPathSessions else { return url }
        // Most links have neither a query nor path parameters: one scan of the href's bytes
        // decides, before the components are sliced out as Strings (a '?' or ';' in the
        // fragment only sends the link down the full path, which finds nothing to strip).
        // Over the contiguous bytes: the UTF8View's indexed iteration cost ~5 ns a byte.
        let special: (UInt8) -> Bool = { $0 == UInt8(ascii: "?") || self.marksPathParameters($0) }
        let href = url.href
        guard href.utf8.withContiguousStorageIfAvailable({ $0.contains(where: special) }) ?? href.utf8.contains(where: special)
        else { return url }
        if !hasPathParameters(href), !queryHasStrippedName(href) { return url }
        return rewritten(url)
    }

    /// ``canonical(_:)`` without its shortcuts: the components sliced out and rebuilt.
    func rewritten(_ url: CrawlURL) -> CrawlURL {
        let href = url.href
        let path = url.pathname
        let search = url.search
        let hash = url.hash
        let newPath = canonicalPath(path)
        let newSearch = search.isEmpty ? search : canonicalQuery(search)
        guard newPath != path || newSearch != search else { return url }
        let prefixLength = href.utf8.count - path.utf8.count - search.utf8.count - hash.utf8.count
        let prefix = String(Substring(href.utf8.prefix(prefixLength)))
        return CrawlURL(prefix + newPath + newSearch + hash)?.normalizedForCrawl() ?? url
    }

    /// Whether the href has a byte that may change the path (``marksPathParameters(_:)``), anywhere.
    private func hasPathParameters(_ href: String) -> Bool {
        href.utf8.contains(where: marksPathParameters)
    }

    /// `;` (path parameters) and, when session segments are stripped, `(`: the bytes without
    /// which ``canonicalPath(_:)`` leaves a path as it is.
    private func marksPathParameters(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ";") || (stripPathSessions && byte == UInt8(ascii: "("))
    }

    /// Whether a parameter of the query (from the first `?` to the first `#`) has a name that is
    /// stripped. A link with a query and nothing else to strip (`?page=2`, share links) is then
    /// decided on Substrings of the href, without slicing its components out as Strings.
    private func queryHasStrippedName(_ href: String) -> Bool {
        let utf8 = href.utf8
        guard let mark = utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }),
              utf8[mark] == UInt8(ascii: "?") else { return false }
        let end = utf8[mark...].firstIndex(of: UInt8(ascii: "#")) ?? utf8.endIndex
        return utf8[utf8.index(after: mark)..<end].split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false)
            .contains { strips(Substring($0.prefix { $0 != UInt8(ascii: "=") })) }
    }

    private func canonicalPath(_ path: String) -> String {
        // Byte checks: `String.contains(String)` goes through Foundation's NSString search
        // (~1% of a crawl's CPU, for every link of every page).
        guard path.utf8.contains(where: marksPathParameters) else { return path }
        var segments: [Substring] = []
        var changed = false
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            if stripPathSessions, Self.isASPNETSession(segment) {
                changed = true
                continue
            }
            guard segment.utf8.contains(UInt8(ascii: ";")) else {
                segments.append(segment)
                continue
            }
            let parts = segment.split(separator: ";", omittingEmptySubsequences: false)
            let kept = [parts[0]] + parts.dropFirst().filter { !strips($0.prefix { $0 != "=" }) }
            if kept.count != parts.count { changed = true }
            segments.append(Substring(kept.joined(separator: ";")))
        }
        guard changed else { return path }
        let joined = segments.joined(separator: "/")
        return joined.isEmpty ? "/" : joined
    }

    private func canonicalQuery(_ search: String) -> String {
        // Split bytewise (an href is ASCII, so the pieces are the Characters' pieces): the
        // Character split was most of this function's cost.
        let items = search.utf8.dropFirst().split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false)
            .map { Substring($0) }
        let kept = items.filter { !strips($0.prefix { $0 != "=" }) }
        guard kept.count != items.count else { return search }
        let nonEmpty = kept.filter { !$0.isEmpty }
        return nonEmpty.isEmpty ? "" : "?" + nonEmpty.joined(separator: "&")
    }

    /// `(S(4hqa0555fwsecu455xqckv45))`, `(a(…)S(…)f(…))` or `(4hqa0555fwsecu455xqckv45)`:
    /// ASP.NET's cookieless session, a 24-character id in a path segment of its own.
    static func isASPNETSession(_ segment: Substring) -> Bool {
        let bytes = Array(segment.utf8)
        guard bytes.count >= 26, bytes.first == 0x28, bytes.last == 0x29 else { return false }
        let inner = bytes[1..<(bytes.count - 1)]
        func isID(_ id: ArraySlice<UInt8>) -> Bool {
            id.count == 24 && id.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x7a).contains($0 | 0x20) }
        }
        if isID(inner) { return true }
        // One or more letter(id) groups.
        var i = inner.startIndex
        var groups = 0
        while i < inner.endIndex {
            guard i + 27 <= inner.endIndex, (0x61...0x7a).contains(inner[i] | 0x20), inner[i + 1] == 0x28,
                  isID(inner[(i + 2)..<(i + 26)]), inner[i + 26] == 0x29 else { return false }
            i += 27
            groups += 1
        }
        return groups > 0
    }
}
