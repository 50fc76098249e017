/// Eight bytes of text that the whitespace collapse of ``ArticleTree`` copies unchanged.
///
/// Article text is mostly printable ASCII with single spaces; testing eight bytes with a few
/// word operations, instead of one byte at a time, made the collapse several times cheaper
/// (it was the largest self cost of building the tree).
enum PlainTextRun {
    /// Whether the eight bytes of `word` (little-endian: byte 0 first) pass through the collapse
    /// unchanged, one Character each: all in 0x20…0x7F, no comma (commas are counted), and no
    /// space right after whitespace (inside the eight, or at the start when `afterSpace` is 1).
    /// Returns whether the last byte is a space (1 or 0: the collapse's next `afterSpace`), nil
    /// when the bytes need the byte-by-byte path.
    @inline(__always)
    static func end(_ word: UInt64, afterSpace: UInt64) -> UInt64? {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // Below 0x20: bits 5 and 6 clear; at or above 0x80: bit 7 set.
        let outside = ~(((word & 0x6060_6060_6060_6060) &+ low7) | low7) | (word & highBits)
        let spaces = bytes(of: word, equalTo: 0x20)
        let doubled = (spaces & (spaces << 8)) | (spaces & (afterSpace << 7))
        guard (outside | bytes(of: word, equalTo: UInt8(ascii: ",")) | doubled) == 0 else { return nil }
        return spaces >> 63
    }

    /// The high bit of each of a word's eight bytes.
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The bytes of `word` at least `value`, each answered in its high bit (the others 0), for a
    /// `word` of ASCII bytes (every high bit clear): each byte has its high bit set before the
    /// subtraction, so no borrow crosses into the next.
    @inline(__always)
    static func bytes(of word: UInt64, atLeast value: UInt8) -> UInt64 {
        ((word | highBits) &- 0x0101_0101_0101_0101 &* UInt64(value)) & highBits
    }

    /// The bytes of `word` equal to `value`, each answered in its high bit (the others 0):
    /// exact per byte, with no carry from one byte into the next.
    @inline(__always)
    static func bytes(of word: UInt64, equalTo value: UInt8) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let x = word ^ (0x0101_0101_0101_0101 &* UInt64(value))
        return ~(((x & low7) &+ low7) | x | low7)
    }
}
