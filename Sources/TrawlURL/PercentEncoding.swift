// Percent-encode sets of the WHATWG URL Standard (§1.3) and byte-level helpers.

/// A WHATWG percent-encode set as a 128-bit membership mask over ASCII.
///
/// Bytes >= 0x80 (every byte of a non-ASCII UTF-8 sequence) are always in every set, so
/// byte-wise encoding equals the standard's "UTF-8 percent-encode a code point".
struct PercentEncodeSet: Sendable {
    /// Membership of bytes 0x00...0x3F.
    let low: UInt64
    /// Membership of bytes 0x40...0x7F.
    let high: UInt64

    init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// This set plus the given ASCII characters.
    func adding(_ chars: String) -> PercentEncodeSet {
        var lo = low, hi = high
        for b in chars.utf8 where b < 0x80 {
            if b < 64 { lo |= 1 << UInt64(b) } else { hi |= 1 << UInt64(b - 64) }
        }
        return PercentEncodeSet(low: lo, high: hi)
    }

    @inline(__always)
    func contains(_ b: UInt8) -> Bool {
        if b >= 0x80 { return true }
        if b < 64 { return (low >> UInt64(b)) & 1 == 1 }
        return (high >> UInt64(b &- 64)) & 1 == 1
    }

    // The sets below are literal masks so that hot loops pay no lazy-initialization check;
    // PercentEncodingTests rebuilds each from its definition with `adding(_:)` and compares.

    /// C0 controls (0x00-0x1F) and everything above "~" (0x7F and non-ASCII).
    static var c0Control: PercentEncodeSet { PercentEncodeSet(low: 0xFFFF_FFFF, high: 0x8000_0000_0000_0000) }
    /// Fragment: C0 control set + space " < > `.
    static var fragment: PercentEncodeSet { PercentEncodeSet(low: 0x5000_0005_FFFF_FFFF, high: 0x8000_0001_0000_0000) }
    /// Query of non-special URLs: C0 control set + space " # < >.
    static var query: PercentEncodeSet { PercentEncodeSet(low: 0x5000_000D_FFFF_FFFF, high: 0x8000_0000_0000_0000) }
    /// Query of special URLs: query set + '.
    static var specialQuery: PercentEncodeSet { PercentEncodeSet(low: 0x5000_008D_FFFF_FFFF, high: 0x8000_0000_0000_0000) }
    /// Path: query set + ? ^ ` { }.
    static var path: PercentEncodeSet { PercentEncodeSet(low: 0xD000_000D_FFFF_FFFF, high: 0xA800_0001_4000_0000) }
    /// Not a plain path byte (Trawl's, not the standard's): path set + % ' [ \ ] |, the bytes
    /// the parser would encode, decode or turn into `/`. A path of other bytes (and no dot
    /// segment) is serialized as written, so ``CrawlURL`` resolves it without the parser.
    static var notPlainPath: PercentEncodeSet { PercentEncodeSet(low: 0xD000_00AD_FFFF_FFFF, high: 0xB800_0001_7800_0000) }
    /// Userinfo: path set + / : ; = @ [ \ ] ^ |.
    static var userinfo: PercentEncodeSet { PercentEncodeSet(low: 0xFC00_800D_FFFF_FFFF, high: 0xB800_0001_7800_0001) }
    /// Forbidden host code points (not an encode set, same representation):
    /// NUL TAB LF CR space # / : < > ? @ [ \ ] ^ |.
    static var forbiddenHost: PercentEncodeSet { PercentEncodeSet(low: 0xD400_8009_0000_2601, high: 0x1000_0000_7800_0001) }
    /// Forbidden domain code points: forbidden host code points + C0 controls, % and DEL.
    static var forbiddenDomain: PercentEncodeSet { PercentEncodeSet(low: 0xD400_8029_FFFF_FFFF, high: 0x9000_0000_7800_0001) }
}

/// Uppercase hex digit for a nibble (0...15).
@inline(__always)
func upperHexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 &+ nibble : 0x37 &+ nibble }

extension Array where Element == UInt8 {
    /// Appends `byte`, percent-encoded ("%XX", uppercase hex) when it is in `set`.
    @inline(__always)
    mutating func appendEncoded(_ byte: UInt8, _ set: PercentEncodeSet) {
        if set.contains(byte) {
            append(0x25)
            append(upperHexDigit(byte >> 4))
            append(upperHexDigit(byte & 0x0F))
        } else {
            append(byte)
        }
    }
}
/// Value of an ASCII hex digit, or nil.
@inline(__always)
func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case 0x30...0x39: return b &- 0x30
    case 0x41...0x46: return b &- 0x41 &+ 10
    case 0x61...0x66: return b &- 0x61 &+ 10
    default: return nil
    }
}

/// WHATWG "percent-decode" of a byte sequence: "%XX" with two hex digits becomes that byte,
/// any other "%" is kept literally.
func percentDecode<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8, C.Index == Int {
    var out: [UInt8] = []
    out.reserveCapacity(input.count)
    var i = input.startIndex
    let end = input.endIndex
    while i < end {
        let b = input[i]
        if b == 0x25, i + 2 < end, let hi = hexValue(input[i + 1]), let lo = hexValue(input[i + 2]) {
            out.append(hi << 4 | lo)
            i += 3
        } else {
            out.append(b)
            i += 1
        }
    }
    return out
}

@inline(__always) func isASCIIAlpha(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
@inline(__always) func isASCIIDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
@inline(__always) func asciiLower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }
