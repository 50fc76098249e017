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
        let high: UInt64 = 0x8080_8080_8080_8080
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // Exact per-byte tests, answered in each byte's high bit, with no carry between bytes.
        func equal(_ value: UInt8) -> UInt64 {
            let x = word ^ (0x0101_0101_0101_0101 &* UInt64(value))
            return ~(((x & low7) &+ low7) | x | low7)
        }
        // Below 0x20: bits 5 and 6 clear; at or above 0x80: bit 7 set.
        let outside = ~(((word & 0x6060_6060_6060_6060) &+ low7) | low7) | (word & high)
        let spaces = equal(0x20)
        let doubled = (spaces & (spaces << 8)) | (spaces & (afterSpace << 7))
        guard (outside | equal(UInt8(ascii: ",")) | doubled) == 0 else { return nil }
        return spaces >> 63
    }
}
