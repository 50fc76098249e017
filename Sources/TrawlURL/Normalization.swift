// Crawl canonicalization: one key per resource for deduplication in the frontier.

extension CrawlURL {
    /// The crawler's canonical form of this URL, used as the deduplication key.
    ///
    /// On top of WHATWG parsing (which already lowercases scheme and host, drops the default
    /// port, removes dot segments and percent-encodes consistently) this:
    /// - removes the fragment (never sent to the server);
    /// - uppercases the hex digits of percent-escapes ("%3a" -> "%3A");
    /// - decodes percent-escapes of RFC 3986 unreserved characters (ALPHA DIGIT - . _ ~),
    ///   which RFC 3986 §6.2.2.2 defines as equivalent ("%7Euser" -> "~user").
    /// The result re-parses to itself and normalizing it again changes nothing (idempotent).
    public func normalizedForCrawl() -> CrawlURL {
        let utf8 = href.utf8
        let end = layout.fragmentStart >= 0 ? Int(layout.fragmentStart) : utf8.count
        let needsRewrite =
            utf8.withContiguousStorageIfAvailable { Self.percentEscapesNeedRewrite($0, end: end) }
            ?? Self.percentEscapesNeedRewrite(Array(utf8), end: end)

        if !needsRewrite {
            guard layout.fragmentStart >= 0 else { return self }
            var l = layout
            l.fragmentStart = -1
            let s = utf8.startIndex
            return CrawlURL(href: String(Substring(utf8[s..<utf8.index(s, offsetBy: end)])), layout: l)
        }
        var out: [UInt8] = []
        out.reserveCapacity(end)
        let bytes = Array(utf8[..<utf8.index(utf8.startIndex, offsetBy: end)])
        var i = 0
        while i < end {
            let b = bytes[i]
            if b == 0x25, i + 2 < end, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                let decoded = hi << 4 | lo
                if Self.isUnreserved(decoded) && !Self.wouldFormEscape(decoded, after: out) {
                    out.append(decoded)
                } else {
                    out.append(0x25)
                    out.append(upperHexDigit(hi))
                    out.append(upperHexDigit(lo))
                }
                i += 3
            } else {
                out.append(b)
                i += 1
            }
        }
        let rewritten = String(decoding: out, as: UTF8.self)
        if let reparsed = CrawlURL(rewritten) { return reparsed }
        // Not expected (a WHATWG serialization re-parses), but never lose the URL.
        var l = layout
        l.fragmentStart = -1
        return CrawlURL(href: String(decoding: bytes, as: UTF8.self), layout: l)
    }

    /// Whether appending `decoded` to `out` would complete a new "%XX" with an earlier stray "%"
    /// ("%%41" must not become "%A"), which would make the result not idempotent.
    @inline(__always)
    static func wouldFormEscape(_ decoded: UInt8, after out: [UInt8]) -> Bool {
        guard hexValue(decoded) != nil, let last = out.last else { return false }
        if last == 0x25 { return true }
        return out.count >= 2 && out[out.count - 2] == 0x25 && hexValue(last) != nil
    }

    /// RFC 3986 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~".
    @inline(__always)
    static func isUnreserved(_ b: UInt8) -> Bool {
        isASCIIAlpha(b) || isASCIIDigit(b) || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
    }

    /// Whether some "%XX" in bytes[0..<end] has lowercase hex or encodes an unreserved byte.
    static func percentEscapesNeedRewrite<C: RandomAccessCollection>(_ bytes: C, end: Int) -> Bool
    where C.Element == UInt8, C.Index == Int {
        var i = bytes.startIndex
        let stop = bytes.startIndex + end
        while i < stop {
            if bytes[i] == 0x25, i + 2 < stop, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                // Conservative: an unreserved escape that will be kept (see wouldFormEscape) still
                // triggers a rewrite, which then returns an identical href.
                if bytes[i + 1] >= 0x61 || bytes[i + 2] >= 0x61 || isUnreserved(hi << 4 | lo) { return true }
                i += 3
            } else {
                i += 1
            }
        }
        return false
    }
}
