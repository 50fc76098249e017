import Foundation
import Testing
@testable import TrawlHTML

@Suite("Text utilities")
struct TextUtilTests {
    @Test("characterCount equals String.count: ASCII, CR LF (one Character), lone CR and LF, accents, combining marks, emoji, empty", arguments: [
        "", "plain ASCII text, with punctuation.", "line\r\nbreak", "cr\ronly\nlf\n\r", "café au lait",
        "e\u{301} combining", "flags 🇩🇪 and 👍🏽", "\r\n\r\n", "日本語のテキスト",
    ])
    func characterCount(_ text: String) {
        #expect(TextUtil.characterCount(text) == text.count)
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
}
