// The public URL value type used throughout the crawler.

/// A parsed URL, per the WHATWG URL Standard (the algorithm browsers use to resolve links).
///
/// Stored as its serialization (`href`) plus component offsets, so it is compact, cheap to copy
/// and hash, and every accessor is a slice. Equality and hashing are on `href`: two links that
/// serialize identically are the same URL.
public struct CrawlURL: Sendable, Hashable, CustomStringConvertible {
    /// WHATWG serialization of the URL (always ASCII: non-ASCII is punycoded or percent-encoded).
    public let href: String
    let layout: URLLayout

    /// WHATWG "basic URL parser": parse `string`, resolving against `base` when given.
    ///
    /// Returns nil when parsing fails (a link that a browser would not follow).
    public init?(_ string: String, relativeTo base: CrawlURL? = nil) {
        if let resolved = base.flatMap({ Self.pathAbsolute(string, base: $0) }) ?? Self.plainAbsolute(string) {
            self = resolved
            return
        }
        let record: URLRecord?
        if let base {
            let layout = base.layout
            let utf8 = base.href.utf8
            record =
                utf8.withContiguousStorageIfAvailable { URLParser.parse(string, base: BaseURL(bytes: $0, layout: layout)) }
                ?? Array(utf8).withUnsafeBufferPointer { URLParser.parse(string, base: BaseURL(bytes: $0, layout: layout)) }
        } else {
            record = URLParser.parse(string, base: nil)
        }
        guard let record else { return nil }
        self.init(record: record)
    }

    /// A path-absolute reference of plain bytes (`/2019/03/story.html`: no `//` start, no dot
    /// segment, nothing the parser would percent-encode, drop or re-interpret) resolved against
    /// an http(s) base without running the parser: the standard keeps the base's scheme,
    /// credentials, host and port, and takes the path as written, so the result is the base's
    /// href up to its path followed by the reference. Nil for any other reference (the parser
    /// resolves it). Most links on a page are such paths; the parse was ~2% of a crawl's CPU.
    static func pathAbsolute(_ reference: String, base: CrawlURL) -> CrawlURL? {
        guard base.isHTTP, base.layout.hasHost, !base.layout.hasOpaquePath else { return nil }
        let plain = reference.utf8.withContiguousStorageIfAvailable(isPlainPathAbsolute) ?? false
        guard plain else { return nil }
        var layout = base.layout
        layout.queryStart = -1
        layout.fragmentStart = -1
        return CrawlURL(href: base.slice(0, layout.pathStart) + reference, layout: layout)
    }

    /// An absolute http(s) URL already in the form the parser writes (`http://host:8080/a/b.html`):
    /// lower-case scheme, a host of lower-case ASCII letters, digits, `-` and `.` (no empty or
    /// `xn--` label; a host ending in a number only as a canonical dotted quad), an optional
    /// non-default port without leading zeros, then a plain path (``isPlainPathAbsolute(_:)``),
    /// no query or fragment. Its serialization is the string itself, so only the component
    /// offsets are computed. Nil for anything else (the parser takes it).
    static func plainAbsolute(_ string: String) -> CrawlURL? {
        let layout = string.utf8.withContiguousStorageIfAvailable(plainAbsoluteLayout) ?? nil
        return layout.map { CrawlURL(href: string, layout: $0) }
    }

    static func plainAbsoluteLayout(_ bytes: UnsafeBufferPointer<UInt8>) -> URLLayout? {
        let https: Bool
        if bytes.starts(with: "https://".utf8) { https = true } else if bytes.starts(with: "http://".utf8) { https = false } else { return nil }
        let hostStart = https ? 8 : 7
        var index = hostStart
        var labelStart = index
        var lastLabelNumeric = false
        var allQuadParts = true
        var labels = 0
        // The host: labels of [a-z0-9-], none empty, none punycode.
        while index <= bytes.count {
            let byte = index < bytes.count ? bytes[index] : 0x2F
            if byte == 0x2E || byte == 0x2F || byte == 0x3A {
                let length = index - labelStart
                guard length > 0, length <= 63 else { return nil }
                if length >= 4, bytes[labelStart] == 0x78, bytes[labelStart + 1] == 0x6E,
                   bytes[labelStart + 2] == 0x2D, bytes[labelStart + 3] == 0x2D { return nil }
                labels += 1
                // A dotted-quad part: 0…255 without a leading zero.
                var value = 0
                var quadPart = length <= 3 && (length == 1 || bytes[labelStart] != 0x30)
                for k in labelStart..<index where quadPart {
                    quadPart = bytes[k] &- 0x30 < 10
                    value = value * 10 + Int(bytes[k] &- 0x30)
                }
                quadPart = quadPart && value <= 255
                allQuadParts = allQuadParts && quadPart
                // The last label decides between domain and IPv4: starting with a digit, only a quad part.
                lastLabelNumeric = bytes[labelStart] &- 0x30 < 10
                if byte != 0x2E {
                    if lastLabelNumeric && !quadPart { return nil }
                    break
                }
                labelStart = index + 1
            } else if !(byte &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x2D) {
                return nil
            }
            index += 1
        }
        let hostEnd = index
        guard index < bytes.count, hostEnd - hostStart <= 253 else { return nil }
        if lastLabelNumeric { guard labels == 4, allQuadParts else { return nil } }
        var port: Int32 = -1
        if bytes[index] == 0x3A {  // 1…65535, no leading zero, not the scheme's default
            index += 1
            let digitsStart = index
            var value = 0
            while index < bytes.count, bytes[index] &- 0x30 < 10, index - digitsStart < 5 {
                value = value * 10 + Int(bytes[index] &- 0x30)
                index += 1
            }
            guard index > digitsStart, bytes[digitsStart] != 0x30, value <= 65535, value != (https ? 443 : 80) else { return nil }
            port = Int32(value)
        }
        guard index < bytes.count, isPlainPathAbsolute(UnsafeBufferPointer(rebasing: bytes[index...])) else { return nil }
        var layout = URLLayout()
        layout.schemeEnd = https ? 5 : 4
        layout.usernameStart = Int32(hostStart)
        layout.usernameEnd = Int32(hostStart)
        layout.passwordEnd = Int32(hostStart)
        layout.hostStart = Int32(hostStart)
        layout.hostEnd = Int32(hostEnd)
        layout.port = port
        layout.pathStart = Int32(index)
        layout.kind = https ? .https : .http
        layout.hasHost = true
        return layout
    }

    /// Whether `bytes` is `/` followed by path bytes the parser copies unchanged: ASCII letters,
    /// digits and `-._~!$&()*+,;=:@/`, not starting with `//`, with no `.` or `..` segment.
    static func isPlainPathAbsolute(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.first == 0x2F, bytes.count < 2 || bytes[1] != 0x2F else { return false }
        var segmentStart = 1
        for index in 1...bytes.count {
            if index < bytes.count {
                let byte = bytes[index]
                let mask = byte < 0x40 ? plainPathBytesLow : (byte < 0x80 ? plainPathBytesHigh : 0)
                guard (mask >> UInt64(byte & 0x3F)) & 1 != 0 else { return false }
                guard byte == 0x2F else { continue }
            }
            let length = index - segmentStart
            if length == 1 && bytes[segmentStart] == 0x2E { return false }
            if length == 2 && bytes[segmentStart] == 0x2E && bytes[segmentStart + 1] == 0x2E { return false }
            segmentStart = index + 1
        }
        return true
    }

    /// Bytes 0x00–0x3F that a path keeps as written: `!$&()*+,-./0-9:;=` (bit b for byte b).
    static let plainPathBytesLow: UInt64 = 0x2FFF_FF52_0000_0000
    /// Bytes 0x40–0x7F that a path keeps as written: `@A-Z_a-z~` (bit b for byte 0x40 + b).
    static let plainPathBytesHigh: UInt64 = 0x47FF_FFFE_87FF_FFFF

    init(record: URLRecord) {
        let (bytes, layout) = record.serialize()
        self.href = String(decoding: bytes, as: UTF8.self)
        self.layout = layout
    }

    init(href: String, layout: URLLayout) {
        self.href = href
        self.layout = layout
    }

    public static func == (lhs: CrawlURL, rhs: CrawlURL) -> Bool { lhs.href == rhs.href }
    public func hash(into hasher: inout Hasher) { hasher.combine(href) }

    /// Same as `href`.
    public var description: String { href }

    /// The scheme, lowercase, without the colon: "http".
    public var scheme: String { slice(0, layout.schemeEnd) }

    /// Percent-encoded username ("" if none).
    public var username: String { slice(layout.usernameStart, layout.usernameEnd) }

    /// Percent-encoded password ("" if none).
    public var password: String {
        layout.passwordEnd > layout.usernameEnd ? slice(layout.usernameEnd + 1, layout.passwordEnd) : ""
    }

    /// The serialized host: lowercase ASCII/punycode domain, dotted IPv4, or bracketed IPv6
    /// ("" when the URL has no host or an empty one, e.g. "file:///x").
    public var hostname: String { slice(layout.hostStart, layout.hostEnd) }

    /// The port, nil when absent or equal to the scheme's default (so "http://a:80/" has nil).
    public var port: Int? { layout.port >= 0 ? Int(layout.port) : nil }

    /// `hostname` plus ":port" when a non-default port is present (WHATWG `host` getter).
    public var host: String {
        guard let port else { return hostname }
        return hostname + ":" + String(port)
    }

    /// The path: "/a/b" for hierarchical URLs, the opaque path for e.g. "mailto:x" ("x").
    public var pathname: String { slice(layout.pathStart, pathEnd) }

    /// "" or "?query" (an empty query also gives "", like the WHATWG getter).
    public var search: String {
        guard layout.queryStart >= 0 else { return "" }
        let end = layout.fragmentStart >= 0 ? layout.fragmentStart : totalLength
        return end - layout.queryStart > 1 ? slice(layout.queryStart, end) : ""
    }

    /// "" or "#fragment" (an empty fragment also gives "").
    public var hash: String {
        guard layout.fragmentStart >= 0, totalLength - layout.fragmentStart > 1 else { return "" }
        return slice(layout.fragmentStart, totalLength)
    }

    /// Whether the scheme is http or https: the only URLs the crawler fetches.
    public var isHTTP: Bool { layout.kind == .http || layout.kind == .https }

    /// Whether the scheme is special (http, https, ws, wss, ftp, file).
    public var isSpecial: Bool { layout.kind.isSpecial }

    /// Whether the URL has an opaque path (e.g. "mailto:", "javascript:", "data:"): such URLs
    /// cannot be a base for relative references.
    public var hasOpaquePath: Bool { layout.hasOpaquePath }

    /// The politeness key: "scheme://hostname[:port]" (default port omitted), so two ports are
    /// two hosts. "null" for URLs without a host or with an empty one (e.g. "mailto:", "data:",
    /// "file:///x"), like WHATWG's opaque origin.
    public var origin: String {
        guard layout.hasHost, layout.hostEnd > layout.hostStart else { return "null" }
        // Without credentials the href begins with exactly that text ("scheme://host[:port]",
        // the port serialized as `host` writes it), so one slice makes it: the crawl takes the
        // origin of every link of every page.
        if layout.hostStart == layout.schemeEnd + 3 { return slice(0, layout.pathStart) }
        return slice(0, layout.schemeEnd) + "://" + host
    }

    /// Path + query as sent in an HTTP request line ("/" if the path is empty); this is what
    /// robots.txt rules are matched against. An empty query keeps its "?".
    public var pathAndQuery: String {
        let end = layout.fragmentStart >= 0 ? layout.fragmentStart : totalLength
        if layout.pathStart == pathEnd {
            return "/" + slice(layout.pathStart, end)
        }
        return slice(layout.pathStart, end)
    }

    // MARK: Internals

    var totalLength: Int32 { Int32(href.utf8.count) }

    var pathEnd: Int32 {
        layout.queryStart >= 0 ? layout.queryStart : (layout.fragmentStart >= 0 ? layout.fragmentStart : totalLength)
    }

    /// The href bytes in [start, end) as a String (offsets are always on ASCII boundaries).
    func slice(_ start: Int32, _ end: Int32) -> String {
        guard end > start else { return "" }
        let utf8 = href.utf8
        let s = utf8.index(utf8.startIndex, offsetBy: Int(start))
        let e = utf8.index(s, offsetBy: Int(end - start))
        return String(Substring(utf8[s..<e]))
    }
}
