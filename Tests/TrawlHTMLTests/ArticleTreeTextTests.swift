import Foundation
import Testing
import TrawlTestSupport
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

    /// Long texts go through the eight-bytes-at-once path where a run allows it: every kind of byte
    /// (spaces single and doubled, commas, tabs, newlines, NBSP, multi-byte letters, DEL) at every
    /// offset of a run, so a space pair straddling two runs, or a comma or control byte in any
    /// of the eight, is met. A run test that let any of them through fails here.
    @Test("long random texts collapse as the definition says, at every alignment")
    func longRandomTexts() throws {
        let pieces = ["a", "Z", "9", " ", "  ", ",", "\t", "\n", "\r\n", "\u{A0}", "é", "，", "~", "\u{7F}", "word ", "text, "]
        var generator = SplitMix64(seed: 8)
        var html = "<html><body>"
        var raws: [String] = []
        for _ in 0..<300 {
            // Framed, so no paragraph is blank (libxml2 keeps or drops those by context).
            var raw = "["
            for _ in 0..<Int(generator.next() % 60) + 1 { raw += pieces[Int(generator.next() % UInt64(pieces.count))] }
            raw += "]"
            raws.append(raw)
            html += "<p>" + raw.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") + "</p>"
        }
        let tree = ArticleTree(document: try HTMLDocument(bytes: Array((html + "</body></html>").utf8)))
        let texts = (0..<tree.count).filter { tree.tag[$0] == .text }
        try #require(texts.count == raws.count)
        for (node, raw) in zip(texts, raws) {
            let expected = reference(raw)
            #expect(tree.text(node) == expected.text, "\(raw.debugDescription)")
            #expect(Int(tree.chars[node]) == expected.chars, "\(raw.debugDescription)")
            #expect(Int(tree.commas[node]) == expected.commas, "\(raw.debugDescription)")
        }
    }

    @Test("the eight-byte run test: plain runs pass and report a trailing space; a comma, control byte, non-ASCII byte or doubled space sends the run to the byte path")
    func plainRuns() {
        func run(_ s: String) -> UInt64 {
            precondition(s.utf8.count == 8)
            return UInt64(littleEndian: Array(s.utf8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
        }
        #expect(PlainTextRun.end(run("ab cd ef"), afterSpace: 0) == 0)
        #expect(PlainTextRun.end(run("abcdefg "), afterSpace: 0) == 1)
        #expect(PlainTextRun.end(run(" bcdefgh"), afterSpace: 0) == 0)
        #expect(PlainTextRun.end(run(" bcdefgh"), afterSpace: 1) == nil)
        #expect(PlainTextRun.end(run("abc  fgh"), afterSpace: 0) == nil)
        #expect(PlainTextRun.end(run("abcdefg,"), afterSpace: 0) == nil)
        #expect(PlainTextRun.end(run("abc\tdefg"), afterSpace: 0) == nil)
        #expect(PlainTextRun.end(run("\u{1F}bcdefgh"), afterSpace: 0) == nil)
        #expect(PlainTextRun.end(run("abcdeéf"), afterSpace: 0) == nil)
        #expect(PlainTextRun.end(run("~\u{7F}!@#$%^"), afterSpace: 1) == 0)
    }
}
