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
    /// The ASCII path's scans (``Scan``) are written for exactly 2: a feature ends with the word
    /// after the one it starts with.
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
    /// Two passes with no branch on the text's bytes: the words are copied, lower-cased, each
    /// followed by one space (``normalize(_:into:)``), and that copy is hashed by two ``Scan``s at
    /// once, one from the start and one from the middle. The single byte loop this replaces
    /// branched at every word end, which word lengths make unpredictable, and kept only one
    /// word's two multiply chains in flight; the scans' selects keep four, and no branch depends
    /// on a byte. In perf profiles of the bench crawl (alternating with the old code) the hash
    /// went from 1,160–1,410 samples (3.1–3.5% of the crawl's CPU) to 750–1,040 (2.1–2.3%), a third less.
    private static func asciiHash(_ text: String) -> UInt64?? {
        var text = text
        text.makeContiguousUTF8()  // no-op for native strings
        let result = text.utf8.withContiguousStorageIfAvailable { bytes -> UInt64?? in
            guard isASCII(bytes) else { return nil }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + 1) { copy -> UInt64?? in
                let length = normalize(bytes, into: copy.baseAddress!)
                return .some(hash(normalized: UnsafeBufferPointer(rebasing: copy[..<length])))
            }
        }
        return result ?? nil
    }

    /// Whether every byte is below 0x80, eight at a time.
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        var seen: UInt64 = 0
        var offset = 0
        while offset + 8 <= raw.count {
            seen |= raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        while offset < raw.count {
            seen |= UInt64(raw[offset])
            offset += 1
        }
        return seen & 0x8080_8080_8080_8080 == 0
    }

    /// Per byte value: a word byte ([0-9A-Za-z]) lower-cased, plus 0x100; any other byte 0x20 (a space).
    private static let normalizedBytes: [UInt16] = (0...255).map { value in
        let byte = UInt8(value)
        return isASCIIWordByte(byte) ? 0x100 | UInt16(byte | 0x20) : 0x20
    }

    /// Copies the words of `bytes` into `out` lower-cased, each followed by one space
    /// ("Hello, World!" → "hello world "), and returns the copy's length. Every byte is stored;
    /// the write position moves on after a word byte and after the first separator following
    /// one, so separator runs (and leading separators) are overwritten. `out` holds
    /// `bytes.count + 1` bytes: the position is at most the number of bytes read, plus one space
    /// closing a last word.
    private static func normalize(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        normalizedBytes.withUnsafeBufferPointer { table in
            var length = 0
            var afterWord = 0  // 1 when the previous byte was a word byte
            for byte in bytes {
                let entry = table[Int(byte)]
                let isWord = Int(entry >> 8)
                out[length] = UInt8(truncatingIfNeeded: entry)
                length &+= isWord | afterWord
                afterWord = isWord
            }
            if afterWord == 1 {
                out[length] = 0x20
                length += 1
            }
            return length
        }
    }

    /// The hash of a normalized text (words of [0-9a-z], each followed by one space). One scan
    /// takes the features whose second word is in the first half, the other the rest; each
    /// starts at a word start with a fresh state, so its first feature (that word alone) is dropped.
    private static func hash(normalized text: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard let base = text.baseAddress else { return nil }
        let count = text.count
        // `middle`: the first word start at or after the half (or the end); the second scan
        // begins one word earlier, at `start`, so the feature across the cut is its second.
        var middle = count / 2
        while middle < count && text[middle] != 0x20 { middle += 1 }
        middle = min(middle + 1, count)
        var start = max(middle - 1, 0)
        while start > 0 && text[start - 1] != 0x20 { start -= 1 }
        let chunk = Scan.chunk
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * chunk) { features in
            var first = Scan(features: features.baseAddress!)
            var second = Scan(features: features.baseAddress! + chunk)
            var votes = Votes()
            var a = 0, b = start  // the scans' positions
            while a < middle || b < count {
                // Up to `chunk` bytes per scan, then their features vote.
                let both = min(chunk, middle - a, count - b)
                if both > 0 {
                    Scan.step(&first, &second, base + a, base + b, count: both)
                    a += both
                    b += both
                } else if a < middle {
                    let steps = min(chunk, middle - a)
                    Scan.step(&first, base + a, count: steps)
                    a += steps
                } else {
                    let steps = min(chunk, count - b)
                    Scan.step(&second, base + b, count: steps)
                    b += steps
                }
                first.vote(into: &votes)
                second.vote(into: &votes)
            }
            return votes.count > 0 ? votes.result() : nil
        }
    }

    /// FNV-1a over a normalized text, the state of one pass: the feature ending with the
    /// current word (begun with the previous word) and the one starting with it. A space
    /// closes both words' features; the selects (cmov) replace a branch per word. Each step
    /// writes the ending feature to the next slot of `features`, which only a space keeps.
    private struct Scan {
        /// Steps between two votes: a scan writes at most `chunk` slots in between (one per step).
        static let chunk = 256

        var ending: UInt64 = SimHash.basis
        var starting: UInt64 = SimHash.basis
        let features: UnsafeMutablePointer<UInt64>
        var next: UnsafeMutablePointer<UInt64>
        var dropsFirst = true  // the first feature is the scan's first word alone

        init(features: UnsafeMutablePointer<UInt64>) {
            self.features = features
            next = features
        }

        @inline(__always)
        mutating func step(_ byte: UInt8) {
            let value = UInt64(byte)
            let ended = (ending ^ value) &* SimHash.prime
            let started = (starting ^ value) &* SimHash.prime
            let closes = byte == 0x20
            next.pointee = ended
            next += closes ? 1 : 0
            ending = closes ? started : ended
            starting = closes ? SimHash.basis : started
        }

        /// Both scans over `count` bytes each, interleaved: four independent multiply chains.
        /// Not inlined, so that the loop keeps both states in registers.
        @inline(never)
        static func step(_ a: inout Scan, _ b: inout Scan, _ bytesA: UnsafePointer<UInt8>, _ bytesB: UnsafePointer<UInt8>, count: Int) {
            var (scanA, scanB) = (a, b)
            for offset in 0..<count {
                scanA.step(bytesA[offset])
                scanB.step(bytesB[offset])
            }
            (a, b) = (scanA, scanB)
        }

        /// One scan over `count` bytes (where the other half is done).
        static func step(_ scan: inout Scan, _ bytes: UnsafePointer<UInt8>, count: Int) {
            for offset in 0..<count { scan.step(bytes[offset]) }
        }

        /// Adds the features written since the last vote (but the scan's first) to `votes`.
        mutating func vote(into votes: inout Votes) {
            var feature = features
            while feature < next {
                if dropsFirst { dropsFirst = false } else { votes.add(feature.pointee) }
                feature += 1
            }
            next = features
        }
    }

    /// FNV-1a's 64-bit offset basis.
    private static let basis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// FNV-1a's 64-bit prime.
    private static let prime: UInt64 = 0x100_0000_01b3

    /// Any text: words split at characters that are neither letters nor numbers (Unicode properties).
    private static func unicodeHash(_ text: String) -> UInt64? {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        return vote(count: words.count) { index, h in
            for word in words[index..<(index + shingle)] {
                for byte in word.utf8 { h = (h ^ UInt64(byte)) &* prime }
                h = (h ^ 0x20) &* prime
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
            var h = basis
            feature(index, &h)
            votes.add(h)
        }
        return votes.result()
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
        /// Features added so far.
        var count = 0

        /// Adds the vote of one feature, given its FNV-1a hash (mixed here).
        @inline(__always)
        mutating func add(_ h: UInt64) {
            let shifts = SIMD8<UInt64>(0, 1, 2, 3, 4, 5, 6, 7)
            let lowBits = SIMD8<UInt64>(repeating: 0x0101_0101_0101_0101)
            lanes &+= (SIMD8(repeating: SimHash.mix(h)) &>> shifts) & lowBits
            pending += 1
            count += 1
            if pending == 255 {
                drain()
                pending = 0
            }
        }

        /// The hash: bit b set when more than half of the features' votes set it.
        mutating func result() -> UInt64 {
            drain()
            return withUnsafeBytes(of: ones) { raw in
                var result: UInt64 = 0
                for bit in 0..<64 where 2 * Int(raw.load(fromByteOffset: 4 * bit, as: UInt32.self)) > count {
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

    /// splitmix64's finalizer: spreads FNV's weak low bits over all 64.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    static func distance(_ a: UInt64, _ b: UInt64) -> Int { (a ^ b).nonzeroBitCount }
}
