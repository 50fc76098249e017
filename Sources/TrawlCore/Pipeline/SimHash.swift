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
    ///
    /// One pass: each word's bytes go into two FNV-1a states at once, the feature that ends
    /// with this word (begun with the previous word) and the one that starts with it, so no
    /// word list is built, each byte is read once, and the two independent multiply chains
    /// overlap in the CPU (the hash was a twentieth of a crawl's CPU as two passes).
    private static func asciiHash(_ text: String) -> UInt64?? {
        var text = text
        text.makeContiguousUTF8()  // no-op for native strings
        let result = text.utf8.withContiguousStorageIfAvailable { bytes -> UInt64?? in
            let basis: UInt64 = 0xcbf2_9ce4_8422_2325
            var votes = Votes()
            var ending = basis  // the feature whose second word is the current one
            var starting = basis  // the feature whose first word is the current one
            var words = 0
            var inWord = false
            for byte in bytes {
                guard byte < 0x80 else { return nil }
                if isASCIIWordByte(byte) {
                    let lower = UInt64(lowered(byte))
                    ending = (ending ^ lower) &* prime
                    starting = (starting ^ lower) &* prime
                    inWord = true
                } else if inWord {
                    endWord(&ending, &starting, &words, &votes)
                    inWord = false
                }
            }
            if inWord { endWord(&ending, &starting, &words, &votes) }
            return .some(words >= shingle ? votes.result(features: words - shingle + 1) : nil)
        }
        return result ?? nil
    }

    /// Closes a word in ``asciiHash(_:)``: the feature ending with it (if there was a word
    /// before) is complete and votes; the one starting with it waits for the next word.
    @inline(__always)
    private static func endWord(_ ending: inout UInt64, _ starting: inout UInt64, _ words: inout Int, _ votes: inout Votes) {
        if words > 0 { votes.add((ending ^ 0x20) &* prime) }
        ending = (starting ^ 0x20) &* prime
        starting = 0xcbf2_9ce4_8422_2325
        words += 1
    }

    /// FNV-1a's 64-bit prime.
    private static let prime: UInt64 = 0x100_0000_01b3

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
        var votes = Votes()
        for index in 0..<features {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            feature(index, &h)
            votes.add(h)
        }
        return votes.result(features: features)
    }

    /// The running vote of the features' hashes. Each feature votes +1 on its set bits and -1 on
    /// the others: a bit wins when more than half the features set it, so only the set bits are
    /// counted. Bit-sliced: lane k holds eight byte-wide counters, byte j counting bit 8j + k, so
    /// a feature costs 8 adds, not 64; after 255 features (a byte's capacity) the lanes are
    /// emptied into 64 full counters.
    private struct Votes {
        var ones = SIMD64<UInt32>(repeating: 0)
        var lanes = SIMD8<UInt64>(repeating: 0)
        var pending = 0

        /// Adds the vote of one feature, given its FNV-1a hash (mixed here).
        @inline(__always)
        mutating func add(_ h: UInt64) {
            let shifts = SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7)
            let lowBits = SIMD8<UInt64>(repeating: 0x0101_0101_0101_0101)
            lanes &+= (SIMD8(repeating: SimHash.mix(h)) &>> shifts) & lowBits
            pending += 1
            if pending == 255 {
                drain()
                pending = 0
            }
        }

        /// The hash: bit b set when more than half of `features` votes set it.
        mutating func result(features: Int) -> UInt64 {
            drain()
            return withUnsafeBytes(of: ones) { raw in
                var result: UInt64 = 0
                for bit in 0..<64 where 2 * Int(raw.load(fromByteOffset: 4 * bit, as: UInt32.self)) > features {
                    result |= 1 << UInt64(bit)
                }
                return result
            }
        }

        /// Adds the byte counters of `lanes` (byte j of lane k counts bit 8j + k) to `ones` and zeroes them.
        private mutating func drain() {
            // Through a pointer: a SIMD64 subscript with a computed index copied the whole vector.
            let lanes = self.lanes
            withUnsafeMutableBytes(of: &ones) { raw in
                for k in 0..<8 {
                    let lane = lanes[k]
                    for j in 0..<8 {
                        let offset = 4 * (8 * j + k)
                        let count = raw.load(fromByteOffset: offset, as: UInt32.self)
                        raw.storeBytes(of: count &+ UInt32(truncatingIfNeeded: (lane >> UInt64(8 * j)) & 0xff), toByteOffset: offset, as: UInt32.self)
                    }
                }
            }
            self.lanes = SIMD8(repeating: 0)
        }
    }

    /// [0-9A-Za-z]: two unsigned range checks (a letter's case bit set maps both cases onto a-z).
    @inline(__always)
    private static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 26
    }

    private static func lowered(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// splitmix64's finalizer: spreads FNV's weak low bits over all 64.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }
}
