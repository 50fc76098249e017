import Foundation
import Testing
@testable import TrawlHTML

@Suite("Text utilities")
struct TextUtilTests {
    @Test("characterCount equals String.count: ASCII, CR LF (one Character), lone CR and LF, accents, combining marks, emoji, empty", arguments: [
        "", "plain ASCII text, with punctuation.", "line\r\nbreak", "cr\ronly\nlf\n\r", "café au lait",
        "e\u{301} combining", "flags 🇩🇪 and 👍🏽", "\r\n\r\n", "日本語のテキスト",
        // Past eight bytes (the word-at-a-time path): CR LF, a lone CR and a non-ASCII letter at
        // offsets inside and across eight-byte words.
        "a longer line of plain text\r\nand another one after it", "sixteen bytes ok\r\n", "fifteen bytes..\r\n",
        "a lone CR\rin the middle of a long line", "a long line whose accent comes late: café", "0123456é89abcdef",
    ])
    func characterCount(_ text: String) {
        #expect(TextUtil.characterCount(text) == text.count)
    }

    @Test("title tokens: the ASCII byte path splits and lower-cases like the Character definition", arguments: [
        "", "Plain Title: With Punctuation!", "snake_case and 3rd-place, 2026", "line\r\nbreak\ttab",
        "café naïve — «Zürich»", "東京 Tokyo", "e\u{301}cole", "ÀB CD", "  spaced   out  ",
    ])
    func titleTokens(_ text: String) {
        let definition = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        #expect(TextSimilarity.tokens(text) == definition)
    }

    @Test("similarity measures joined lengths as Characters, ASCII tokens or not")
    func similarityLengths() {
        // b's tokens: "the"(3) "cat"(3) "sat"(3) joined: 11; missing from a: "sat" → 1 - 3/11.
        #expect(TextSimilarity.similarity(["the", "cat"], ["the", "cat", "sat"]) == 1 - 3.0 / 11.0)
        // Non-ASCII: "café"(4) "東京"(2) joined: 7 Characters (9 + 1 bytes); "東京" missing → 1 - 2/7.
        #expect(TextSimilarity.similarity(["café"], ["café", "東京"]) == 1 - 2.0 / 7.0)
        #expect(TextSimilarity.similarity([], ["a"]) == 0)
    }

    @Test("containsIgnoringASCIICase finds a lower-case needle in any ASCII case, and nothing else")
    func asciiCaseInsensitiveSearch() {
        #expect(TextUtil.containsIgnoringASCIICase(Array("application/LD+JSON".utf8), TextUtil.ldJSON))
        #expect(TextUtil.containsIgnoringASCIICase(Array("nofollow Author".utf8), TextUtil.author))
        #expect(TextUtil.containsIgnoringASCIICase(Array("author".utf8), TextUtil.author))
        #expect(!TextUtil.containsIgnoringASCIICase(Array("autho".utf8), TextUtil.author))
        #expect(!TextUtil.containsIgnoringASCIICase(Array("application/json".utf8), TextUtil.ldJSON))
        #expect(!TextUtil.containsIgnoringASCIICase([], TextUtil.author))
        // "@" (0x40) and "[" (0x5B) sit next to A–Z: they must not fold onto "`" or "{".
        #expect(!TextUtil.containsIgnoringASCIICase(Array("@uthor".utf8), Array("`uthor".utf8)))
    }

    @Test("ad-label keys: the ASCII byte path equals the Character definition", arguments: [
        "Advertisement", "  ADVERTISEMENT  ", "Sponsored Content:", "- Ad -", "Skip Advertisement", "a1b2 c3",
        "Publicité", "Реклама", "", "   ", "\tAd\t", "Ad\r\nhere", "x  y",
    ])
    func adLabelKeys(_ block: String) {
        let definition = block.lowercased().filter { $0.isLetter || $0 == " " }.trimmingCharacters(in: .whitespaces)
        #expect(Boilerplate.adLabelKey(block) == definition)
    }

    @Test("dates come out zero-padded as with String(format:) (%04d-%02d-%02d, T%02d:%02d:%02d)")
    func paddedDates() {
        for (value, width) in [(0, 2), (7, 2), (12, 2), (99, 2), (5, 4), (1999, 4), (12345, 4)] {
            #expect(DateNormalizer.padded(value, width) == String(format: "%0\(width)d", value))
        }
        #expect(DateNormalizer.iso8601("2015/5/19") == nil)
        #expect(DateNormalizer.iso8601(" 2015-05-09T07:03:05.123+0200 ") == "2015-05-09T07:03:05+02:00")
        #expect(DateNormalizer.iso8601("2015-05-09 07:03") == "2015-05-09T07:03:00")
        #expect(DateNormalizer.fromURL("https://x.example/2019/03/04/story") == "2019-03-04")
    }

    @Test("joinedParagraphs equals joined(separator: \"\\n\\n\"): no, one and many blocks, empty, non-ASCII")
    func joinedParagraphs() {
        let pieces = ["", "a", "plain text.", "café", "e\u{301}", "👍🏽", "\n", "line\r\n", " "]
        var state: UInt64 = 5
        for _ in 0..<2_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var blocks: [String] = []
            for _ in 0..<Int(state >> 60) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                blocks.append((0..<Int(state >> 61)).map { k in pieces[(Int(state >> 33) >> (k * 4)) % pieces.count] }.joined())
            }
            let got = TextUtil.joinedParagraphs(blocks)
            let expected = blocks.joined(separator: "\n\n")
            #expect(got == expected && Array(got.utf8) == Array(expected.utf8), "\(blocks)")
        }
    }

    @Test("stripCDATA answers what its definition (trimmedCDATA) does; plain scripts come back as they are")
    func stripCDATA() {
        let pieces = ["{", "}", " ", "\n", "//", "<![CDATA[", "]]>", "/", "<", ">", "\"a\"", "é", "x"]
        var state: UInt64 = 9
        for _ in 0..<5_000 {
            var script = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for k in 0..<Int(state >> 60) { script += pieces[(Int(state >> 20) >> (k * 3)) % pieces.count] }
            #expect(JSONLDArticle.stripCDATA(script) == JSONLDArticle.trimmedCDATA(script), "\(script.debugDescription)")
        }
    }
}
