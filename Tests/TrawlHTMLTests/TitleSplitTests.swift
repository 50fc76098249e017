import Testing
import TrawlTestSupport
@testable import TrawlHTML

/// ``TitleCleaner/splitOnSeparators(_:)`` splits ASCII titles bytewise; it must split exactly as
/// the Character walk does.
@Suite struct TitleSplitTests {
    @Test("random titles of spaces, separators, letters, CR LF and a few non-ASCII characters split like the Character walk")
    func matchesCharacterWalk() {
        let pieces = [" ", " ", "|", "-", "\\", "/", ">", ":", "a", "Bc", "»", "–", "·", "\r\n", "\r", "\n", "é", "e\u{301}", "\u{301}"]
        var random = SplitMix64(seed: 0x7469_746C_6573_706C)
        for round in 0..<3_000 {
            // Every other title from the ASCII pieces only (no CR): the bytewise path.
            let choices = round % 2 == 0 ? 10 : pieces.count
            let title = (0..<random.int(in: 0..<25)).map { _ in pieces[random.int(in: 0..<choices)] }.joined()
            let bytewise = TitleCleaner.asciiSplitOnSeparators(title)
            if round % 2 == 0 { #expect(bytewise != nil, "an ASCII title without CR takes the bytewise path: \(title.debugDescription)") }
            let got = TitleCleaner.splitOnSeparators(title)
            let expected = TitleCleaner.characterSplitOnSeparators(title)
            #expect(got.map(\.text) == expected.map(\.text) && got.map(\.sep) == expected.map(\.sep), "\(title.debugDescription)")
        }
    }

    @Test("random titles count their space-separated words like the Character split")
    func wordCountMatchesCharacterSplit() {
        let pieces = [" ", " ", "  ", "a", "Bc", "|", "\r\n", "\t", "\u{A0}", "é", "e\u{301}", " \u{301}", "\u{301}"]
        var random = SplitMix64(seed: 0x776F_7264_7320_2020)
        for round in 0..<3_000 {
            // Every other title from the ASCII pieces only: the bytewise path.
            let choices = round % 2 == 0 ? 8 : pieces.count
            let title = (0..<random.int(in: 0..<20)).map { _ in pieces[random.int(in: 0..<choices)] }.joined()
            #expect(TitleCleaner.wordCount(title) == title.split(whereSeparator: { $0 == " " }).count, "\(title.debugDescription)")
        }
    }
}
