// Shortcuts past the parser for links already in the form it would write.

extension CrawlURL {
    /// A reference of plain bytes resolved against an http(s) base without running the parser,
    /// when the standard's answer is the base's href up to some point followed by the reference
    /// as written:
    /// - a path-absolute reference (`/2019/03/story.html`): after the base's authority;
    /// - a path-relative one (`story.html`, `a/b/`): after the last `/` of the base's path;
    /// - a query (`?page=2`): after the base's path;
    /// - a fragment (`#comments`): after the base's query; the empty reference: the base
    ///   without its fragment.
    /// The path may be followed by a query and a fragment. "Plain" means nothing the parser
    /// would percent-encode, drop or re-interpret: path bytes as ``isPlainPath(_:relative:)``,
    /// query and fragment bytes outside their percent-encode sets, no control byte or space.
    /// Nil for any other reference (the parser resolves it). Most links on a page are such
    /// references; the parse was ~2% of a crawl's CPU.
    static func plainRelative(_ reference: String, base: CrawlURL) -> CrawlURL? {
        guard base.isHTTP, base.layout.hasHost, !base.layout.hasOpaquePath else { return nil }
        let result = reference.utf8.withContiguousStorageIfAvailable { ref -> CrawlURL? in
            guard let tail = PlainTail(ref, pathStart: 0) else { return nil }
            let path = UnsafeBufferPointer(rebasing: ref[..<tail.pathEnd])
            var layout = base.layout
            let keep: Int32  // base href bytes kept in front of the reference
            if path.isEmpty {
                if ref.first == 0x23 || ref.isEmpty {  // "#…" or "": the base up to its fragment
                    keep = base.layout.fragmentStart >= 0 ? base.layout.fragmentStart : base.totalLength
                } else {  // "?…": the base's path
                    keep = base.pathEnd
                    layout.queryStart = -1
                }
            } else if path[0] == 0x2F {
                guard isPlainPath(path, relative: false) else { return nil }
                keep = base.layout.pathStart
                layout.queryStart = -1
            } else {
                guard isPlainPath(path, relative: true) else { return nil }
                keep = base.lastPathSlash + 1
                layout.queryStart = -1
            }
            layout.fragmentStart = -1
            if tail.queryStart >= 0 { layout.queryStart = keep + Int32(tail.queryStart) }
            if tail.fragmentStart >= 0 { layout.fragmentStart = keep + Int32(tail.fragmentStart) }
            return CrawlURL(href: base.prefix(Int(keep), then: ref), layout: layout)
        }
        return result ?? nil
    }

    /// An absolute http(s) URL already in the form the parser writes (`http://host:8080/a/b.html`):
    /// lower-case scheme, a host of lower-case ASCII letters, digits, `-` and `.` (no empty or
    /// `xn--` label; a host ending in a number only as a canonical dotted quad), an optional
    /// non-default port without leading zeros, then a plain path (``isPlainPath(_:relative:)``),
    /// optionally a plain query and fragment (``PlainTail``). Its serialization is the string
    /// itself, so only the component offsets are computed. Nil for anything else (the parser
    /// takes it).
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
        // The host: labels of [a-z0-9-], none empty, none punycode.
        while index <= bytes.count {
            let byte = index < bytes.count ? bytes[index] : 0x2F
            if byte == 0x2E || byte == 0x2F || byte == 0x3A {
                let length = index - labelStart
                guard length > 0, length <= 63 else { return nil }
                if length >= 4, bytes[labelStart] == 0x78, bytes[labelStart + 1] == 0x6E,
                   bytes[labelStart + 2] == 0x2D, bytes[labelStart + 3] == 0x2D { return nil }
                // The last label decides between domain and IPv4.
                lastLabelNumeric = bytes[labelStart] &- 0x30 < 10
                if byte != 0x2E { break }
                labelStart = index + 1
            } else if !(byte &- 0x61 < 26 || byte &- 0x30 < 10 || byte == 0x2D) {
                return nil
            }
            index += 1
        }
        let hostEnd = index
        guard index < bytes.count, hostEnd - hostStart <= 253 else { return nil }
        // An IPv4 address, plain only as the parser writes it back (a dotted quad).
        if lastLabelNumeric, !HostParser.isSerializedIPv4(UnsafeBufferPointer(rebasing: bytes[hostStart..<hostEnd])) { return nil }
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
        guard index < bytes.count, let tail = PlainTail(bytes, pathStart: index),
              isPlainPath(UnsafeBufferPointer(rebasing: bytes[index..<tail.pathEnd]), relative: false) else { return nil }
        var layout = URLLayout()
        layout.schemeEnd = https ? 5 : 4
        layout.usernameStart = Int32(hostStart)
        layout.usernameEnd = Int32(hostStart)
        layout.passwordEnd = Int32(hostStart)
        layout.hostStart = Int32(hostStart)
        layout.hostEnd = Int32(hostEnd)
        layout.port = port
        layout.pathStart = Int32(index)
        layout.queryStart = Int32(tail.queryStart)
        layout.fragmentStart = Int32(tail.fragmentStart)
        layout.kind = https ? .https : .http
        layout.hasHost = true
        return layout
    }

    /// Whether `bytes` is a path the parser copies unchanged into a special URL: ASCII letters,
    /// digits and `-._~!$&()*+,;=:@/`, with no `.` or `..` segment. An absolute path starts with
    /// `/` but not `//` (which would be an authority); a relative one starts with neither and has
    /// no `:` before its first `/` (`mailto:x` is a scheme, not a path).
    static func isPlainPath(_ bytes: UnsafeBufferPointer<UInt8>, relative: Bool) -> Bool {
        var segmentStart: Int
        if relative {
            guard let first = bytes.first, first != 0x2F else { return false }
            segmentStart = 0
        } else {
            guard bytes.first == 0x2F, bytes.count < 2 || bytes[1] != 0x2F else { return false }
            segmentStart = 1
        }
        var firstSegment = relative
        for index in segmentStart...bytes.count {
            if index < bytes.count {
                let byte = bytes[index]
                guard !PercentEncodeSet.notPlainPath.contains(byte) else { return false }
                if firstSegment && byte == 0x3A { return false }
                guard byte == 0x2F else { continue }
            }
            firstSegment = false
            let length = index - segmentStart
            if length == 1 && bytes[segmentStart] == 0x2E { return false }
            if length == 2 && bytes[segmentStart] == 0x2E && bytes[segmentStart + 1] == 0x2E { return false }
            segmentStart = index + 1
        }
        return true
    }

    /// The base's href up to byte `count`, followed by `reference`: one String, one allocation.
    func prefix(_ count: Int, then reference: UnsafeBufferPointer<UInt8>) -> String {
        var href = href
        return href.withUTF8 { base in
            String(unsafeUninitializedCapacity: count + reference.count) { out in
                let kept = UnsafeMutableBufferPointer(rebasing: out[..<count]).initialize(fromContentsOf: base[..<count])
                let added = UnsafeMutableBufferPointer(rebasing: out[kept...]).initialize(fromContentsOf: reference)
                return kept + added
            }
        }
    }

    /// Offset of the last `/` of the path (a special URL's path always starts with one).
    var lastPathSlash: Int32 {
        var href = href
        let start = Int(layout.pathStart)
        let end = Int(pathEnd)
        return href.withUTF8 { bytes in
            var index = end - 1
            while index > start, bytes[index] != 0x2F { index -= 1 }
            return Int32(index)
        }
    }
}

/// Where the path of a reference ends and its query and fragment start (offsets in the
/// reference, -1 when absent), when both are plain: query bytes outside the special-query
/// percent-encode set, fragment bytes outside the fragment set (so no space, control byte or
/// non-ASCII byte anywhere past the path). Nil otherwise.
struct PlainTail {
    let pathEnd: Int
    let queryStart: Int
    let fragmentStart: Int

    init?(_ bytes: UnsafeBufferPointer<UInt8>, pathStart: Int) {
        var index = pathStart
        while index < bytes.count, bytes[index] != 0x3F, bytes[index] != 0x23 { index += 1 }
        pathEnd = index
        var queryStart = -1
        if index < bytes.count, bytes[index] == 0x3F {
            queryStart = index
            index += 1
            let query = PercentEncodeSet.specialQuery  // holds '#', which ends the query
            while index < bytes.count, !query.contains(bytes[index]) { index += 1 }
            if index < bytes.count, bytes[index] != 0x23 { return nil }
        }
        var fragmentStart = -1
        if index < bytes.count {  // '#'
            fragmentStart = index
            index += 1
            let fragment = PercentEncodeSet.fragment
            while index < bytes.count {
                if fragment.contains(bytes[index]) { return nil }
                index += 1
            }
        }
        self.queryStart = queryStart
        self.fragmentStart = fragmentStart
    }
}
