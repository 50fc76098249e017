/// 64-bit SimHash of a text: near-identical texts get hashes a few bits apart.
///
/// Features are overlapping word 2-grams (lower-cased), hashed with FNV-1a and a 64-bit mixer;
/// each feature votes on every bit. Used to spot the same story re-published under another URL
/// with another frame (the hash is of the extracted text, so the frame doesn't count).
enum SimHash {
    /// Texts within this Hamming distance count as near-duplicates. Web-scale deduplication uses
    /// 3 on long documents; news articles are short (a one- or two-word edit of a 90-word text
    /// moves 3–6 bits with bigram features), so Trawl allows 7. Unrelated texts differ in ~32
    /// bits; P(≤ 7 by chance) ≈ 1e-10.
    static let nearDuplicateDistance = 7

    /// Words per feature: bigrams keep a one-word edit from moving many features of a short text.
    static let shingle = 2

    static func hash(_ text: String) -> UInt64? {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        guard words.count >= shingle else { return nil }
        var votes = [Int](repeating: 0, count: 64)
        for index in 0...(words.count - shingle) {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for word in words[index..<(index + shingle)] {
                for byte in word.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
                h = (h ^ 0x20) &* 0x100_0000_01b3
            }
            h = mix(h)
            for bit in 0..<64 { votes[bit] += (h >> UInt64(bit)) & 1 == 1 ? 1 : -1 }
        }
        var result: UInt64 = 0
        for bit in 0..<64 where votes[bit] > 0 { result |= 1 << UInt64(bit) }
        return result
    }

    /// The eight 8-bit bands, each tagged with its position (position << 8 | byte): two hashes
    /// within distance 7 share at least one band exactly (pigeonhole), so an index on the bands
    /// finds every candidate.
    static func bands(_ hash: UInt64) -> [Int] {
        (0..<8).map { $0 << 8 | Int((hash >> UInt64($0 * 8)) & 0xff) }
    }

    /// splitmix64's finalizer: spreads FNV's weak low bits over all 64.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }
}
