import Testing
@testable import TrawlCore

/// SimHash separates near-identical texts from unrelated ones.
@Suite("SimHash")
struct SimHashTests {
    private let base = """
        The river authority said on Tuesday that the old stone bridge will close for repairs next spring, \
        after engineers found cracks in two of its arches during a routine inspection. Traffic will be \
        diverted over the ring road for about nine months, and the ferry service that stopped in 1998 will         run again on weekdays between the two market squares. Residents who spoke at the council meeting         asked for a footpath to stay open during the works, which the authority promised to study before         the contract is signed.
        """

    @Test("identical texts hash identically; a one-word edit of a 90-word article stays within the near-duplicate distance")
    func nearIdentical() throws {
        let a = try #require(SimHash.hash(base))
        #expect(SimHash.hash(base) == a)
        let edited = try #require(SimHash.hash(base.replacingOccurrences(of: "Tuesday", with: "Monday")))
        #expect(SimHash.distance(a, edited) <= SimHash.nearDuplicateDistance)
    }

    @Test("unrelated texts are far apart")
    func unrelated() throws {
        let a = try #require(SimHash.hash(base))
        let b = try #require(SimHash.hash("""
            The city library will open until nine in the evening from March, the culture office announced, \
            after a survey showed students wanted quiet space to work late and extra staff will be hired.
            """))
        #expect(SimHash.distance(a, b) > 2 * SimHash.nearDuplicateDistance)
    }

    @Test("within the threshold, a hash's probe keys always meet the other's stored keys (so the index finds every candidate), also with the 7 flips spread 2-2-2-1 over the blocks")
    func keysCoverThreshold() {
        var generator = SystemRandomNumberGenerator()
        func found(_ a: UInt64, _ b: UInt64) -> Bool {
            !Set(NearDuplicateKeys.probes(a)).isDisjoint(with: NearDuplicateKeys.stored(b))
        }
        for _ in 0..<2_000 {
            let a = UInt64.random(in: .min ... .max, using: &generator)
            var b = a
            for _ in 0..<SimHash.nearDuplicateDistance { b ^= 1 << UInt64.random(in: 0..<64, using: &generator) }
            #expect(found(a, b) && found(b, a))
            // The worst case: no block equal, one block a single bit off.
            var spread = a
            let single = Int.random(in: 0..<4, using: &generator)
            for block in 0..<4 {
                let bits = Array(0..<16).shuffled(using: &generator).prefix(block == single ? 1 : 2)
                for bit in bits { spread ^= 1 << UInt64(block * 16 + bit) }
            }
            #expect(SimHash.distance(a, spread) == SimHash.nearDuplicateDistance)
            #expect(found(a, spread) && found(spread, a))
        }
    }

    @Test("two hashes 8 bits apart, 2 in each block, share no key: the index is exact for 7, not looser")
    func keysStopPastThreshold() {
        let a: UInt64 = 0x0123_4567_89ab_cdef
        let b = a ^ 0x0003_0003_0003_0003
        #expect(SimHash.distance(a, b) == 8)
        #expect(Set(NearDuplicateKeys.probes(a)).isDisjoint(with: NearDuplicateKeys.stored(b)))
    }

    @Test("too short a text has no hash")
    func tooShort() { #expect(SimHash.hash("word") == nil) }

    @Test("the ASCII byte path gives the same hash as the Unicode path (words, digits, case, punctuation, CRLF)")
    func asciiPathMatchesUnicodePath() {
        // One non-ASCII character sends the whole text down the Unicode path: a trailing em dash is
        // a separator there and adds no word, so both texts have the same features.
        for text in [base, "Mixed CASE words, digits 2026 and 3rd-place\r\nlines\tend here.", "a b", "x1 y2 z3"] {
            let viaASCII = SimHash.hash(text)
            let viaUnicode = SimHash.hash(text + " \u{2014}")
            #expect(viaASCII == viaUnicode, "\(text.prefix(40))")
        }
    }

    @Test("the fast paths give the hash of the plain definition for random texts: ASCII and not, empty, one word, long words, separator runs, more than 255 features")
    func matchesReference() {
        var generator = TrawlCore.SplitMix64(seed: 0x5eed_51a4)  // seeded: a failure can be made again
        var texts = ["", " ", "a", "A1", "word", " one ", "two words", "  leading and trailing  ", "a b", "a  b", ",a,b,",
                     String(repeating: "x", count: 100_000), String(repeating: "Zz9 ", count: 3_000),
                     String(repeating: "ab ", count: 256) + String(repeating: "q", count: 5_000) + " end",
                     "Über straße 12 x", "x \u{2014} y", "naïve café déjà vu"]
        for _ in 0..<3_000 { texts.append(Self.randomText(using: &generator)) }
        for text in texts {
            #expect(SimHash.hash(text) == ReferenceSimHash.hash(text), "\(text.utf8.count) bytes: \(text.prefix(60))")
        }
    }

    /// A text of random words (1–40 bytes, now and then hundreds or thousands) between random
    /// runs of separators (space, punctuation, line breaks, control bytes, DEL); about one in five
    /// has non-ASCII characters (a letter, a separator, an emoji, a CJK word) somewhere.
    private static func randomText(using generator: inout TrawlCore.SplitMix64) -> String {
        let lengthLimit = [2, 16, 300, 3_000, 40_000][Int.random(in: 0..<5, using: &generator)]
        let target = Int.random(in: 0...lengthLimit, using: &generator)
        let wordBytes = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        let separators = Array(" \t\r\n.,;:!?'\"()[]{}-_/\\@#$%^&*+=<>|~`".utf8) + [0, 1, 0x1f, 0x7f]
        let nonASCII = ["é", "Ä", "ß", "\u{2014}", "\u{00A0}", "😀", "日本語", "ǅ", "٣"]
        let unicode = Int.random(in: 0..<5, using: &generator) == 0
        var bytes: [UInt8] = []
        var text = ""
        while text.utf8.count + bytes.count < target {
            if Bool.random(using: &generator) || bytes.isEmpty {
                let long = Int.random(in: 0..<50, using: &generator) == 0
                let length = long ? Int.random(in: 41...3_000, using: &generator) : Int.random(in: 1...40, using: &generator)
                for _ in 0..<length { bytes.append(wordBytes.randomElement(using: &generator)!) }
            }
            let run = Int.random(in: 0..<8, using: &generator) == 0 ? Int.random(in: 2...6, using: &generator) : 1
            for _ in 0..<run { bytes.append(separators.randomElement(using: &generator)!) }
            if unicode && Int.random(in: 0..<20, using: &generator) == 0 {
                text += String(decoding: bytes, as: UTF8.self) + nonASCII.randomElement(using: &generator)!
                bytes.removeAll()
            }
        }
        return text + String(decoding: bytes, as: UTF8.self)
    }

    /// Stored hashes (`articles.simhash`, `article_bands`) are compared with new ones across
    /// crawls and versions, so the function must never change: these values were computed by the
    /// original implementation (a plain 64-counter vote), before the bit-sliced vote.
    static let stable: [(String, UInt64)] = [
        ("The river authority said on Tuesday that the old stone bridge will close for repairs next spring.",
         0x3685_2874_3416_649c),
        ("Über die Brücke gehen täglich 12000 Menschen, sagte die Behörde am Dienstag.", 0x4d64_0340_a2e4_e373),
        ((0..<700).map { "w\($0 % 97) x\($0 % 13)" }.joined(separator: " "), 0x8567_6ec4_9bed_fb12),
    ]

    @Test("hashes are stable across versions (ASCII path, Unicode path, more than 255 features)", arguments: stable)
    func stableValues(_ text: String, _ expected: UInt64) {
        #expect(SimHash.hash(text) == expected)
    }
}

/// SimHash as defined, the slow and obvious way, to check the fast paths against: words are the
/// runs of letters and numbers of the lower-cased text; each pair of neighbouring words is a
/// feature, hashed with FNV-1a over both words' UTF-8, each followed by a space, then mixed with
/// splitmix64's finalizer; bit b of the hash is set when more than half of the features set it.
private enum ReferenceSimHash {
    static func hash(_ text: String) -> UInt64? {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        guard words.count >= 2 else { return nil }
        var counts = [Int](repeating: 0, count: 64)
        for index in 0..<(words.count - 1) {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in Array(words[index].utf8) + [0x20] + Array(words[index + 1].utf8) + [0x20] {
                h = (h ^ UInt64(byte)) &* 0x100_0000_01b3
            }
            let mixed = mix(h)
            for bit in 0..<64 where mixed & (1 << UInt64(bit)) != 0 { counts[bit] += 1 }
        }
        let features = words.count - 1
        var result: UInt64 = 0
        for bit in 0..<64 where 2 * counts[bit] > features { result |= 1 << UInt64(bit) }
        return result
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
