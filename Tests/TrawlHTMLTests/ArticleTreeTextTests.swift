import Foundation
import Testing
@testable import TrawlHTML

/// The text nodes `ArticleTree` keeps: whitespace collapsed (not trimmed), and per node the
/// Unicode scalar count and the number of commas, as the content scorer reads them.
@Suite("ArticleTree text nodes")
struct ArticleTreeTextTests {
    /// The definition: runs of space, tab, LF, FF, CR and U+00A0 become one space (libxml2 drops
    /// a form feed before the tree sees it, so no case has one); chars are
    /// the scalars of the result; commas are `,` `，` `،`.
    private func reference(_ raw: String) -> (text: String, chars: Int, commas: Int) {
        var out = String.UnicodeScalarView()
        var lastSpace = false
        for u in raw.unicodeScalars {
            if [0x20, 0x09, 0x0A, 0x0C, 0x0D, 0xA0].contains(u.value) {
                if !lastSpace { out.append(" ") }
                lastSpace = true
            } else {
                out.append(u)
                lastSpace = false
            }
        }
        let commas = out.filter { $0 == "," || $0 == "\u{FF0C}" || $0 == "\u{060C}" }.count
        return (String(out), out.count, commas)
    }

    @Test("collapsed text, scalar and comma counts match the definition (ASCII runs, controls, NBSP, multi-byte)",
          arguments: [
            "plain words, with commas, here", "  lead and trail  ", "tabs\t\tand\r\nnewlines \n\t end",
            "a\u{A0}\u{A0}b \u{A0} c", "del\u{7F}byte", "café, naïve，東京، done", "x",
            "emoji 😀  spaced", "~!@#$%^&*()_+{}|:\"<>?`-=[]\\;'./ end",
          ])
    func textNodes(_ raw: String) throws {
        let escaped = raw.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        let document = try HTMLDocument(bytes: Array("<html><body><p>\(escaped)</p></body></html>".utf8))
        let tree = ArticleTree(document: document)
        let texts = (0..<tree.count).filter { tree.tag[$0] == .text }
        try #require(texts.count == 1)
        let expected = reference(raw)
        #expect(tree.text(texts[0]) == expected.text)
        #expect(Int(tree.chars[texts[0]]) == expected.chars)
        #expect(Int(tree.commas[texts[0]]) == expected.commas)
    }
}
