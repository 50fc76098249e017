import Foundation
import Testing
import TrawlTestSupport
@testable import TrawlHTML

/// Whitespace-insensitive comparison: the same words in the same order.
private func words(_ s: String) -> [Substring] {
    s.split(whereSeparator: { $0.isWhitespace })
}

private func extract(_ html: String, url: String? = nil, contentType: String? = nil) -> Article {
    ArticleExtractor.extract(bytes: Array(html.utf8), url: url, contentType: contentType)
}

/// Prose that looks like an article paragraph (long, with commas).
private func para(_ n: Int, topic: String = "the harbour") -> String {
    "<p>Paragraph \(n) about \(topic): the council met on Tuesday, heard from residents, engineers and "
        + "fishermen, and agreed that the work on \(topic) would continue through the winter, weather "
        + "permitting, with a review of costs, noise and traffic in the spring.</p>"
}

private let navigation = """
    <header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
    <li><a href="/sport">Sport</a></li><li><a href="/about">About us</a></li></ul></nav></header>
    """

private let footer = """
    <footer class="site-footer"><p>© 2024 Example Media. All rights reserved.</p>
    <ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul></footer>
    """

@Suite struct SeedArticleTests {
    @Test func seedArticleBodyIsExactApartFromWhitespace() {
        let a = extract(SeedArticle.html)
        // The dek (standfirst) may be included or left out.
        let dek = "In its submission, the Interior Ministry said the decision to impose a ban was “made in the interest of upholding national security, maintaining public order, and preserving the integrity” of the nation."
        var got = a.text
        if got.hasPrefix(dek) { got = String(got.dropFirst(dek.count)) }
        #expect(words(got) == words(SeedArticle.expectedText))
        #expect(a.title == SeedArticle.expectedTitle)
        #expect(a.published == SeedArticle.expectedPublished)
        #expect(a.canonicalURL == SeedArticle.expectedCanonical)
        #expect(a.language == "en-US")
        #expect(a.siteName == "MediaNama")
        #expect(a.wordCount == Article.countWords(a.text))
        // Paragraphs are separated by a blank line.
        #expect(a.text.components(separatedBy: "\n\n").count == 8)
    }
}

@Suite struct MetadataPrecedenceTests {
    @Test func jsonLDBeatsOpenGraphBeatsTitleElement() {
        let html = """
            <html lang="fr"><head><title>Doc title | Site</title>
            <meta property="og:title" content="OG title">
            <meta property="og:locale" content="de_DE">
            <meta name="author" content="Meta Author">
            <meta property="article:published_time" content="2020-01-02T03:04:05Z">
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
              "headline":"LD headline","datePublished":"2021-05-06","author":[{"@type":"Person","name":"Ann Writer"},
              {"@type":"Person","name":"Bob Editor"}],"publisher":{"@type":"Organization","name":"LD Publisher"}}</script>
            </head><body>\(para(1))</body></html>
            """
        let a = extract(html)
        #expect(a.title == "LD headline")
        #expect(a.byline == "Ann Writer, Bob Editor")
        #expect(a.published == "2021-05-06")
        #expect(a.language == "fr")
        #expect(a.siteName == "LD Publisher")
    }

    @Test func openGraphThenTitleElementMinusSiteName() {
        let og = extract("""
            <head><title>Doc title | Site</title><meta property="og:title" content="OG title">
            <meta property="og:site_name" content="Site"></head><body>\(para(1))</body>
            """)
        #expect(og.title == "OG title")
        let plain = extract("""
            <head><title>The river flooded the lower town again | Example Gazette</title></head><body>\(para(1))</body>
            """)
        #expect(plain.title == "The river flooded the lower town again")
        let h1Only = extract("<body><h1>Only a heading</h1>\(para(1))</body>")
        #expect(h1Only.title == "Only a heading")
    }

    @Test func publishedFallbacks() {
        let meta = extract("""
            <head><meta property="article:published_time" content="2019-07-08 10:11:12"></head>
            <body><time datetime="2001-01-01">old</time>\(para(1))</body>
            """)
        #expect(meta.published == "2019-07-08T10:11:12")
        let time = extract("<body><article><time datetime=\"2018-03-04T05:06:07+02:00\">March</time>\(para(1))</article></body>")
        #expect(time.published == "2018-03-04T05:06:07+02:00")
        let fromURL = extract("<body>\(para(1))</body>", url: "https://news.example/2017/11/23/story-slug")
        #expect(fromURL.published == "2017-11-23")
        let rfc = extract("<head><meta name=\"date\" content=\"Tue, 19 May 2015 12:00:00 GMT\"></head><body>\(para(1))</body>")
        #expect(rfc.published == "2015-05-19T12:00:00Z")
    }

    @Test func bylineFromPageAndCanonicalResolution() {
        let a = extract("""
            <head><link rel="canonical" href="/story/42"></head>
            <body><article><p class="byline">By <a rel="author" href="/people/jo">Jo Reporter</a></p>
            \(para(1))\(para(2))</article></body>
            """, url: "https://news.example/amp/story/42?utm=x")
        #expect(a.byline == "Jo Reporter")
        #expect(a.canonicalURL == "https://news.example/story/42")
        #expect(!a.text.contains("Jo Reporter"))
    }
}

@Suite struct ArticleCharsetTests {
    @Test func headerCharsetLatin1() {
        var bytes = Array("<html><head><title>Caf".utf8) + [0xE9] + Array("</title></head><body><p>".utf8)
        bytes += Array("Le caf".utf8) + [0xE9] + Array(" est ouvert, la cr".utf8) + [0xE8] + Array("me est froide.</p></body></html>".utf8)
        let a = ArticleExtractor.extract(bytes: bytes, contentType: "text/html; charset=ISO-8859-1")
        #expect(a.text == "Le café est ouvert, la crème est froide.")
        #expect(a.title == "Café")
    }

    @Test func metaCharsetWindows1251() {
        var bytes = Array("<html><head><meta charset=\"windows-1251\"></head><body><p>".utf8)
        bytes += [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]  // Привет
        bytes += Array("</p></body></html>".utf8)
        #expect(ArticleExtractor.extract(bytes: bytes).text == "Привет")
    }

    @Test func invalidBytesDoNotAbortThePage() {
        var bytes = Array("<html><head><meta charset=\"utf-8\"></head><body><p>Before ".utf8)
        bytes += [0xC3, 0x28, 0xFF]  // invalid sequences
        bytes += Array(" after — the rest of the page is still here.</p><p>Second paragraph ✓.</p></body></html>".utf8)
        let a = ArticleExtractor.extract(bytes: bytes)
        #expect(a.text.contains("the rest of the page is still here"))
        #expect(a.text.contains("Second paragraph ✓."))
    }

    @Test func emptyInputGivesEmptyArticle() {
        #expect(ArticleExtractor.extract(bytes: []) == Article())
    }
}

@Suite struct BodyExtractionTests {
    @Test func navigationOnlyPageHasNoArticle() {
        var links = ""
        for k in 0..<30 { links += "<li><a href=\"/section/\(k)\">Section number \(k) of the site</a></li>" }
        let a = extract("""
            <html><head><title>Example Media — front page</title></head><body>\(navigation)
            <div class="index"><ul>\(links)</ul></div>\(footer)</body></html>
            """)
        #expect(a.text == "")
        #expect(a.wordCount == 0)
        #expect(a.title != nil)
    }

    @Test func articleSplitByAdBlock() {
        let a = extract("""
            <html><body>\(navigation)<main><article><h1>Harbour works</h1>
            <div class="story-body">\(para(1))\(para(2))\(para(3))
            <div class="ad-container"><span>Advertisement</span><a href="https://ads.example/x">Buy cheap tickets now</a></div>
            \(para(4))\(para(5))\(para(6))</div></article></main>\(footer)</body></html>
            """)
        for n in 1...6 { #expect(a.text.contains("Paragraph \(n) about")) }
        #expect(!a.text.contains("Advertisement"))
        #expect(!a.text.contains("cheap tickets"))
        #expect(!a.text.contains("Privacy"))
        #expect(!a.text.contains("Harbour works"))  // the headline is the title, not body text
    }

    @Test func commentsBelowArticleAreLeftOut() {
        var comments = ""
        for k in 0..<6 {
            comments += """
                <li class="comment"><div class="comment-author">Reader \(k)</div><div class="comment-body">
                <p>I have lived by the harbour for forty years, and honestly, this is the best news, the worst news, and everything in between \(k).</p></div></li>
                """
        }
        let a = extract("""
            <html><body>\(navigation)<div id="content"><div class="post-content">
            \(para(1))\(para(2))\(para(3))\(para(4))</div>
            <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
            <section id="comments" class="comments-area"><h3>6 comments</h3><ol class="comment-list">\(comments)</ol>
            <form class="comment-form"><textarea>Leave a reply</textarea></form></section></div>\(footer)</body></html>
            """)
        for n in 1...4 { #expect(a.text.contains("Paragraph \(n) about")) }
        #expect(!a.text.contains("forty years"))
        #expect(!a.text.contains("comments"))
        #expect(!a.text.contains("Share on Facebook"))
    }

    @Test func hiddenScriptsStylesAndFormsAreNotText() {
        let a = extract("""
            <body><article>\(para(1))<script>var x = "script text";</script><style>.a{}</style>
            <p style="display: none">hidden by style</p><p hidden>hidden attribute</p>
            <div aria-hidden="true">aria hidden</div><noscript>enable js</noscript>
            <form><input value="form value"><button>Send</button></form>\(para(2))</article></body>
            """)
        #expect(a.text.contains("Paragraph 1") && a.text.contains("Paragraph 2"))
        for bad in ["script text", "hidden by style", "hidden attribute", "aria hidden", "enable js", "form value", "Send"] {
            #expect(!a.text.contains(bad))
        }
    }

    @Test func listsAndHeadingsAreLines() {
        let a = extract("""
            <body><article>\(para(1))<h2>What happens next</h2><ul><li>First step</li><li>Second step</li></ul>\(para(2))</article></body>
            """)
        #expect(a.text.contains("What happens next\n\nFirst step\nSecond step"))
    }

    @Test func relatedLinksAfterTheArticleAreDropped() {
        let a = extract("""
            <body><article>\(para(1))\(para(2))\(para(3))
            <p><strong>Read more:</strong></p><ul><li><a href="/a">Another story about boats</a></li>
            <li><a href="/b">Yet another story about ferries</a></li></ul>
            <p>Sign up for our newsletter to get the harbour news every morning. <a href="/nl">Subscribe</a></p>
            </article></body>
            """)
        #expect(a.text.hasSuffix("in the spring."))
    }

    @Test func jsonLDArticleBodyOnlyWhenTheMarkupHasNoArticle() {
        let body = (1...3).map { "Sentence group \($0) of the script-rendered story, long enough to count as prose, with several words in it and more words after that." }
        let ld = #"{"@type":"NewsArticle","headline":"Rendered","articleBody":"\#(body.joined(separator: "\\n"))"}"#
        let rendered = extract(#"<head><script type="application/ld+json">\#(ld)</script></head><body><div id="app"></div></body>"#)
        #expect(rendered.text == body.joined(separator: "\n\n"))
        // With a real body in the markup, the markup wins.
        let normal = extract(#"<head><script type="application/ld+json">\#(ld)</script></head><body><article>\#(para(1))\#(para(2))</article></body>"#)
        #expect(normal.text.hasPrefix("Paragraph 1"))
    }

    @Test func jsonUsesSnakeCaseKeys() throws {
        let a = Article(title: "T", siteName: "S", canonicalURL: "https://x.example/", text: "one two")
        let json = try #require(String(data: try JSONEncoder().encode(a), encoding: .utf8))
        for key in ["\"site_name\"", "\"canonical_url\"", "\"word_count\":2", "\"byline\":null"] {
            #expect(json.contains(key))
        }
        let back = try JSONDecoder().decode(Article.self, from: Data(json.utf8))
        #expect(back == a)
    }
}

/// `Article.countWords` walks UTF-8 bytes (decoding only non-ASCII scalars); it must count
/// exactly what the scalar-by-scalar definition counts.
@Suite struct WordCountTests {
    /// The definition: runs of scalars that are ASCII [0-9A-Za-z_], or alphabetic, or numeric.
    private func reference(_ text: String) -> Int {
        var n = 0
        var inWord = false
        for u in text.unicodeScalars {
            let v = u.value
            let w = v < 0x80
                ? (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F
                : u.properties.isAlphabetic || u.properties.numericType != nil
            if w && !inWord { n += 1 }
            inWord = w
        }
        return n
    }

    @Test("the byte walk counts like the Unicode-scalar definition (ASCII, accents, CJK, emoji, digits, marks)",
          arguments: [
            "", "word", "two words", "snake_case and 3rd-place, 2026!", "\r\n\tspaced   out\n",
            "café naïve Zürich — «quoted» ‘curly’", "東京 大阪 北京", "١٢٣ ४५६ Ⅻ ½", "emoji 😀 between 👍🏽 words",
            "e\u{301}cole a\u{308}", "Ωmega∑sum x²", "ß ﬁ ﬂ İ", String(repeating: "déjà vu 東 ", count: 500),
          ])
    func matchesScalarDefinition(_ text: String) {
        #expect(Article.countWords(text) == reference(text))
    }

    @Test("random mixes of ASCII and multi-byte scalars count like the definition")
    func randomTexts() {
        let pieces = ["a", "Z", "0", "_", " ", ",", "\n", "é", "ß", "東", "😀", "\u{301}", "½", "—", "١", "\u{00A0}"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0..<60, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(Article.countWords(text) == reference(text), "\(text)")
        }
    }

    @Test("long random texts, mostly ASCII of every byte value, count like the definition (the eight-byte path and its seams)")
    func randomLongTexts() {
        // Every ASCII byte (the range edges of [0-9A-Za-z_] and the bytes that land in them when
        // case-folded), runs of letters and spaces (so eight-byte blocks are common), and now and
        // then a multi-byte scalar, which sends a block down the byte-at-a-time path.
        var pieces = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        pieces += ["word", "Words ", " ", "  ", "under_score", "é", "東", "😀", "\u{301}", "١", "\u{00A0}"]
        var random = SplitMix64(seed: 0x636F_756E_7477_6F72)
        for _ in 0..<2_000 {
            let text = (0..<random.int(in: 0..<120)).map { _ in pieces[random.int(in: 0..<pieces.count)] }.joined()
            #expect(Article.countWords(text) == reference(text), "\(text.debugDescription)")
        }
    }
}
