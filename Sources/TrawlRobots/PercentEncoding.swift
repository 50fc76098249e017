/// Percent-encoding normalisation shared by robots.txt patterns and request paths.
///
/// RFC 9309 2.2.2 compares octets after percent-encoding. Like Google's reference
/// implementation we normalise without decoding: patterns get their non-ASCII octets
/// percent-encoded (a pattern written as raw UTF-8 matches the encoded URL) and every
/// `%xx` escape gets upper-case hex digits on both sides, so `%aa` and `%AA` compare equal.
/// Percent-encoded unreserved characters are deliberately *not* decoded (`%62` stays `%62`),
/// which is what Google's conformance tests require.
enum PercentEncoding {
    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    @inline(__always)
    static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            return true
        default:
            return false
        }
    }

    @inline(__always)
    static func upperHex(_ byte: UInt8) -> UInt8 {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) ? byte - 32 : byte
    }

    /// Normalises an Allow/Disallow value: octets >= 0x80 become `%XX`, and the hex
    /// digits of existing `%xx` escapes are upper-cased (Google's `MaybeEscapePattern`).
    static func escapePattern<C: Collection>(_ pattern: C) -> [UInt8] where C.Element == UInt8 {
        let src = Array(pattern)
        var out: [UInt8] = []
        out.reserveCapacity(src.count)
        var i = 0
        while i < src.count {
            let byte = src[i]
            if byte == UInt8(ascii: "%"), i + 2 < src.count,
                isHexDigit(src[i + 1]), isHexDigit(src[i + 2])
            {
                out.append(byte)
                out.append(upperHex(src[i + 1]))
                out.append(upperHex(src[i + 2]))
                i += 3
            } else if byte >= 0x80 {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
                i += 1
            } else {
                out.append(byte)
                i += 1
            }
        }
        return out
    }

    /// Normalises a request path in place: upper-cases the hex digits of `%xx` escapes.
    /// Other octets are left alone (callers pass an already-encoded path).
    static func normalizePath(_ path: inout [UInt8]) {
        var i = 0
        let count = path.count
        while i + 2 < count {
            if path[i] == UInt8(ascii: "%"), isHexDigit(path[i + 1]), isHexDigit(path[i + 2]) {
                path[i + 1] = upperHex(path[i + 1])
                path[i + 2] = upperHex(path[i + 2])
                i += 3
            } else {
                i += 1
            }
        }
    }
}
