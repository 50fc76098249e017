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
