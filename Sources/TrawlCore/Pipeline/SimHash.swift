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
        // Pure ASCII (most pages' text) takes the byte path: the Unicode property lookups of
        // `Character.isLetter` were a fifth of the crawl's CPU.
        if let ascii = asciiHash(text) { return ascii }
        return unicodeHash(text)
    }

    /// The hash of an all-ASCII text, where words are runs of [A-Za-z0-9] (exactly what
    /// `isLetter || isNumber` gives for ASCII), lower-cased bytewise: the same hash as
    /// `unicodeHash`, without building Characters. nil (the outer optional) when the text is
    /// not all ASCII; `.some(nil)` when it has too few words.
    private static func asciiHash(_ text: String) -> UInt64?? {
        var text = text
        text.makeContiguousUTF8()  // no-op for native strings
        let result = text.utf8.withContiguousStorageIfAvailable { bytes -> UInt64?? in
            var words: [Range<Int>] = []
            var start = -1
            for (index, byte) in bytes.enumerated() {
                guard byte < 0x80 else { return nil }
                if isASCIIWordByte(byte) {
                    if start < 0 { start = index }
                } else if start >= 0 {
                    words.append(start..<index)
                    start = -1
                }
            }
            if start >= 0 { words.append(start..<bytes.count) }
            return .some(vote(count: words.count) { index, h in
                for word in words[index..<(index + shingle)] {
                    for position in word { h = (h ^ UInt64(lowered(bytes[position]))) &* 0x100_0000_01b3 }
                    h = (h ^ 0x20) &* 0x100_0000_01b3
                }
            })
        }
        return result ?? nil
    }

    /// Any text: words split at characters that are neither letters nor numbers (Unicode properties).
    private static func unicodeHash(_ text: String) -> UInt64? {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return vote(count: words.count) { index, h in
            for word in words[index..<(index + shingle)] {
                for byte in word.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
                h = (h ^ 0x20) &* 0x100_0000_01b3
            }
        }
    }

    /// Sums the votes of the `count - shingle + 1` features; `feature(index, &h)` feeds the bytes of
    /// the shingle starting at word `index` into the FNV-1a state `h`.
    private static func vote(count: Int, _ feature: (Int, inout UInt64) -> Void) -> UInt64? {
        guard count >= shingle else { return nil }
        let features = count - shingle + 1
        // Each feature votes +1 on its set bits and -1 on the others: a bit wins when more than
        // half the features set it. Counting only the set bits keeps the inner loop branch-free.
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { ones in
            ones.initialize(repeating: 0)
            for index in 0..<features {
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                feature(index, &h)
                h = mix(h)
                for bit in 0..<64 { ones[bit] &+= UInt32(truncatingIfNeeded: (h >> UInt64(bit)) & 1) }
            }
            var result: UInt64 = 0
            for bit in 0..<64 where 2 * Int(ones[bit]) > features { result |= 1 << UInt64(bit) }
            return result
        }
    }

    private static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func lowered(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

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
