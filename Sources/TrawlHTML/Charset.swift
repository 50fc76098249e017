#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Character-set detection and conversion to UTF-8.
///
/// libxml2's own encoding handling is fragile on real pages: an invalid UTF-8 byte makes the
/// 2.9 HTML parser switch the *rest* of the document to Latin-1, and an iconv error stops
/// the parse. So every page is converted to valid UTF-8 here first (invalid bytes become
/// U+FFFD) and libxml2 is always told "UTF-8".
enum Charset {
    /// The outcome of sniffing: a normalized encoding label and how many BOM bytes to skip.
    struct Detection: Equatable {
        var encoding: String
        var bomLength: Int
        /// Where the label came from: "bom", "header", "meta" or "default".
        var source: String
    }

    /// How many leading bytes the `<meta charset>` prescan looks at.
    static let prescanLimit = 4096

    /// Picks the encoding: BOM, then the Content-Type charset, then `<meta>` in the first
    /// bytes, else UTF-8.
    static func detect(_ bytes: [UInt8], contentType: String?) -> Detection {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return Detection(encoding: "utf-8", bomLength: 3, source: "bom")
        }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            return Detection(encoding: "utf-16be", bomLength: 2, source: "bom")
        }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            return Detection(encoding: "utf-16le", bomLength: 2, source: "bom")
        }
        if let header = contentType, let label = charsetParameter(in: header),
           let enc = normalize(label) {
            return Detection(encoding: enc, bomLength: 0, source: "header")
        }
        if let label = prescanMeta(bytes), var enc = normalize(label) {
            // A document that could be read as ASCII can't really be UTF-16 (WHATWG rule).
            if enc.hasPrefix("utf-16") { enc = "utf-8" }
            return Detection(encoding: enc, bomLength: 0, source: "meta")
        }
        return Detection(encoding: "utf-8", bomLength: 0, source: "default")
    }

    /// Converts `bytes` to valid UTF-8 following `detect`. A page declared (or defaulted to)
    /// UTF-8 that is clearly not UTF-8 (invalid sequences and no valid multibyte ones) is
    /// read as windows-1252, the usual real encoding of such pages.
    static func decodeToUTF8(_ bytes: [UInt8], contentType: String?) -> [UInt8] {
        let detection = detect(bytes, contentType: contentType)
        let body = detection.bomLength > 0 ? Array(bytes[detection.bomLength...]) : bytes
        if detection.source != "bom", detection.encoding != "utf-8" {
            // Valid UTF-8 with multibyte characters is almost never an accident: the label
            // is stale (pages re-saved as UTF-8 keep their old <meta charset>).
            let stats = utf8Stats(body)
            if stats.invalid == 0 && stats.multibyte > 0 { return body }
        }
        switch detection.encoding {
        case "utf-8":
            let stats = utf8Stats(body)
            if stats.invalid == 0 { return body }
            if detection.source != "bom", stats.multibyte < stats.invalid {
                return windows1252ToUTF8(body)
            }
            return repairUTF8(body)
        case "windows-1252":
            return windows1252ToUTF8(body)
        default:
            return iconvToUTF8(body, from: detection.encoding) ?? repairUTF8(body)
        }
    }

    // MARK: Labels

    /// Extracts `charset=...` from a Content-Type value (quotes optional).
    static func charsetParameter(in header: String) -> String? {
        let lower = Array(header.lowercased().utf8)
        guard let r = find(Array("charset".utf8), in: lower, from: 0) else { return nil }
        var i = r + 7
        while i < lower.count, isSpace(lower[i]) { i += 1 }
        guard i < lower.count, lower[i] == UInt8(ascii: "=") else { return nil }
        i += 1
        while i < lower.count, isSpace(lower[i]) { i += 1 }
        var quote: UInt8? = nil
        if i < lower.count, lower[i] == UInt8(ascii: "\"") || lower[i] == UInt8(ascii: "'") {
            quote = lower[i]; i += 1
        }
        var j = i
        while j < lower.count {
            let c = lower[j]
            if let q = quote { if c == q { break } } else if c == UInt8(ascii: ";") || isSpace(c) { break }
            j += 1
        }
        guard j > i else { return nil }
        return String(decoding: lower[i..<j], as: UTF8.self)
    }

    /// Maps a charset label to the name used here, or nil when no converter knows it.
    static func normalize(_ label: String) -> String? {
        let l = label.trimmingASCIIWhitespace().lowercased()
        if l.isEmpty { return nil }
        switch l {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "unicode20utf8":
            return "utf-8"
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii",
            "windows-1252", "cp1252", "x-cp1252", "cp819", "ibm819", "iso-ir-100", "csisolatin1",
            "iso_8859-1:1987", "ansi_x3.4-1968":
            return "windows-1252"
        case "utf-16", "utf-16le", "unicode", "ucs-2": return "utf-16le"
        case "utf-16be": return "utf-16be"
        case "x-sjis", "shift-jis", "sjis", "ms_kanji", "csshiftjis": return "shift_jis"
        case "gb2312", "gbk", "x-gbk", "cp936", "chinese", "csgb2312": return "gbk"
        case "x-euc-jp": return "euc-jp"
        case "ks_c_5601-1987", "korean", "csksc56011987": return "euc-kr"
        default:
            // Anything iconv can open is fine.
            let cd = iconv_open("UTF-8", l)
            if cd == iconv_t(bitPattern: -1) { return nil }
            iconv_close(cd)
            return l
        }
    }

    /// A small WHATWG-style prescan: finds `<meta charset=...>` or
    /// `<meta http-equiv="content-type" content="...charset=...">` in the first bytes,
    /// skipping comments.
    static func prescanMeta(_ bytes: [UInt8]) -> String? {
        let n = min(bytes.count, prescanLimit)
        var i = 0
        while i < n {
            guard bytes[i] == UInt8(ascii: "<") else { i += 1; continue }
            if i + 3 < n, bytes[i + 1] == UInt8(ascii: "!"), bytes[i + 2] == UInt8(ascii: "-"),
               bytes[i + 3] == UInt8(ascii: "-") {
                if let end = find(Array("-->".utf8), in: bytes, from: i + 4, limit: n) { i = end + 3 } else { return nil }
                continue
            }
            if i + 5 < n, lowerASCII(bytes[i + 1]) == UInt8(ascii: "m"), lowerASCII(bytes[i + 2]) == UInt8(ascii: "e"),
               lowerASCII(bytes[i + 3]) == UInt8(ascii: "t"), lowerASCII(bytes[i + 4]) == UInt8(ascii: "a"),
               isSpace(bytes[i + 5]) || bytes[i + 5] == UInt8(ascii: "/") {
                var attrs: [String: String] = [:]
                i = parseAttributes(bytes, from: i + 5, limit: n, into: &attrs)
                if let cs = attrs["charset"], !cs.isEmpty { return cs }
                if let he = attrs["http-equiv"], he.lowercased() == "content-type",
                   let content = attrs["content"], let cs = charsetParameter(in: content) {
                    return cs
                }
                continue
            }
            i += 1
        }
        return nil
    }

    /// Parses `name=value` pairs up to the closing `>`; returns the index after it.
    private static func parseAttributes(_ b: [UInt8], from start: Int, limit n: Int,
                                        into attrs: inout [String: String]) -> Int {
        var i = start
        while i < n {
            while i < n, isSpace(b[i]) || b[i] == UInt8(ascii: "/") { i += 1 }
            if i >= n { return n }
            if b[i] == UInt8(ascii: ">") { return i + 1 }
            let nameStart = i
            while i < n, !isSpace(b[i]), b[i] != UInt8(ascii: "="), b[i] != UInt8(ascii: ">") { i += 1 }
            let name = String(decoding: b[nameStart..<i].map(lowerASCII), as: UTF8.self)
            while i < n, isSpace(b[i]) { i += 1 }
            var value = ""
            if i < n, b[i] == UInt8(ascii: "=") {
                i += 1
                while i < n, isSpace(b[i]) { i += 1 }
                if i < n, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'") {
                    let q = b[i]; i += 1
                    let vs = i
                    while i < n, b[i] != q { i += 1 }
                    value = String(decoding: b[vs..<i], as: UTF8.self)
                    if i < n { i += 1 }
                } else {
                    let vs = i
                    while i < n, !isSpace(b[i]), b[i] != UInt8(ascii: ">") { i += 1 }
                    value = String(decoding: b[vs..<i], as: UTF8.self)
                }
            }
            if attrs[name] == nil { attrs[name] = value }
        }
        return n
    }

    // MARK: Conversion

    /// Counts invalid UTF-8 sequences and valid multibyte ones.
    static func utf8Stats(_ b: [UInt8]) -> (invalid: Int, multibyte: Int) {
        var invalid = 0, multi = 0, i = 0
        let n = b.count
        // ASCII fast path: skip 8 bytes at a time while no high bit is set.
        b.withUnsafeBytes { raw in
            while i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
        }
        while i < n {
            let c = b[i]
            if c < 0x80 {
                i += 1
                if i & 7 == 0 {
                    b.withUnsafeBytes { raw in
                        while i + 8 <= n && raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                            i += 8
                        }
                    }
                }
                continue
            }
            let len = utf8SequenceLength(b, at: i)
            if len == 0 { invalid += 1; i += 1 } else { multi += 1; i += len }
        }
        return (invalid, multi)
    }

    /// Length of the valid UTF-8 sequence starting at `i` (a non-ASCII lead byte), or 0.
    @inline(__always)
    static func utf8SequenceLength(_ b: [UInt8], at i: Int) -> Int {
        let n = b.count
        let c = b[i]
        func cont(_ k: Int) -> Bool { k < n && b[k] & 0xC0 == 0x80 }
        switch c {
        case 0xC2...0xDF: return cont(i + 1) ? 2 : 0
        case 0xE0:
            return i + 1 < n && (0xA0...0xBF).contains(b[i + 1]) && cont(i + 2) ? 3 : 0
        case 0xED:
            return i + 1 < n && (0x80...0x9F).contains(b[i + 1]) && cont(i + 2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(i + 1) && cont(i + 2) ? 3 : 0
        case 0xF0:
            return i + 1 < n && (0x90...0xBF).contains(b[i + 1]) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF1...0xF3: return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF4:
            return i + 1 < n && (0x80...0x8F).contains(b[i + 1]) && cont(i + 2) && cont(i + 3) ? 4 : 0
        default: return 0
        }
    }

    /// Replaces each invalid UTF-8 byte with U+FFFD.
    static func repairUTF8(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 16)
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 { out.append(c); i += 1; continue }
            let len = utf8SequenceLength(b, at: i)
            if len == 0 {
                out.append(contentsOf: [0xEF, 0xBF, 0xBD]); i += 1
            } else {
                out.append(contentsOf: b[i..<(i + len)]); i += len
            }
        }
        return out
    }

    /// windows-1252 bytes 0x80...0x9F (WHATWG table; undefined ones map to C1 controls).
    private static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    static func windows1252ToUTF8(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count + b.count / 8)
        for c in b {
            if c < 0x80 { out.append(c); continue }
            let scalar = c < 0xA0 ? cp1252High[Int(c - 0x80)] : UInt32(c)
            appendUTF8(scalar, to: &out)
        }
        return out
    }

    @inline(__always)
    static func appendUTF8(_ s: UInt32, to out: inout [UInt8]) {
        if s < 0x80 {
            out.append(UInt8(s))
        } else if s < 0x800 {
            out.append(UInt8(0xC0 | (s >> 6))); out.append(UInt8(0x80 | (s & 0x3F)))
        } else if s < 0x10000 {
            out.append(UInt8(0xE0 | (s >> 12))); out.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (s & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (s >> 18))); out.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((s >> 6) & 0x3F))); out.append(UInt8(0x80 | (s & 0x3F)))
        }
    }

    /// Converts with iconv; undecodable bytes become U+FFFD and conversion goes on.
    /// Returns nil if iconv doesn't know the encoding.
    static func iconvToUTF8(_ b: [UInt8], from encoding: String) -> [UInt8]? {
        let cd = iconv_open("UTF-8", encoding)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var out = [UInt8](repeating: 0, count: max(64, b.count * 2 + 16))
        var outUsed = 0
        var input = b
        let total = input.count
        var consumed = 0
        input.withUnsafeMutableBufferPointer { inBuf in
            while consumed < total {
                if out.count - outUsed < 16 { out.append(contentsOf: [UInt8](repeating: 0, count: out.count)) }
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress! + consumed)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = total - consumed
                let before = inLeft
                var errnoValue: Int32 = 0
                var produced = 0
                out.withUnsafeMutableBufferPointer { outBuf in
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress! + outUsed)
                        .assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count - outUsed
                    let outBefore = outLeft
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    if r == -1 { errnoValue = errno }
                    produced = outBefore - outLeft
                }
                outUsed += produced
                consumed += before - inLeft
                if errnoValue == E2BIG {
                    out.append(contentsOf: [UInt8](repeating: 0, count: out.count))
                } else if errnoValue == EILSEQ || errnoValue == EINVAL {
                    if out.count - outUsed < 3 { out.append(contentsOf: [UInt8](repeating: 0, count: out.count)) }
                    out[outUsed] = 0xEF; out[outUsed + 1] = 0xBF; out[outUsed + 2] = 0xBD
                    outUsed += 3
                    consumed += 1
                    // Reset shift state after an error.
                    iconv(cd, nil, nil, nil, nil)
                } else if errnoValue != 0 {
                    break
                }
            }
        }
        out.removeSubrange(outUsed...)
        return repairUTF8IfNeeded(out)
    }

    private static func repairUTF8IfNeeded(_ b: [UInt8]) -> [UInt8] {
        utf8Stats(b).invalid == 0 ? b : repairUTF8(b)
    }

    // MARK: Byte helpers

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D
    }

    @inline(__always) static func lowerASCII(_ c: UInt8) -> UInt8 {
        (c >= 0x41 && c <= 0x5A) ? c + 0x20 : c
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int, limit: Int? = nil) -> Int? {
        let end = min(limit ?? hay.count, hay.count)
        guard !needle.isEmpty, end - from >= needle.count else { return nil }
        var i = from
        while i + needle.count <= end {
            if hay[i] == needle[0] {
                var k = 1
                while k < needle.count, hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}

extension String {
    /// Trims ASCII whitespace (space, tab, LF, FF, CR) from both ends.
    func trimmingASCIIWhitespace() -> String {
        // Most values have nothing to trim: look at the ends before copying the bytes.
        guard let first = utf8.first, let last = utf8.last else { return self }
        if !Charset.isSpace(first) && !Charset.isSpace(last) { return self }
        let u = Array(utf8)
        var s = 0, e = u.count
        while s < e, Charset.isSpace(u[s]) { s += 1 }
        while e > s, Charset.isSpace(u[e - 1]) { e -= 1 }
        if s == 0 && e == u.count { return self }
        return String(decoding: u[s..<e], as: UTF8.self)
    }
}
