import Testing
@testable import TrawlSitemap

/// Feeds shaped like the ones real sites serve (WordPress, Blogger, FeedBurner, Drupal RDF,
/// Atom with xml:base), and the junk served in their place.
@Suite("Feed parser")
struct FeedParserTests {
    let parser = FeedParser()

    func parse(_ text: String, contentType: String? = "application/rss+xml") throws -> Feed {
        try parser.parse(Array(text.utf8), url: "https://news.example/feed/", contentType: contentType)
    }

    @Test("RSS 2.0 (WordPress shape): links from <link>, CDATA, entities, FeedBurner origLink, permalink guid; pubDate read")
    func rss2() throws {
        let feed = try parse("""
            <?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" href="/feed.xsl"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
                 xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"
                 xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
            <channel>
              <title>News &amp; Views</title><link>https://news.example/</link>
              <atom:link href="https://news.example/feed/" rel="self" type="application/rss+xml"/>
              <item>
                <title>First</title>
                <link>
                   https://news.example/2024/05/first/</link>
                <pubDate>Mon, 06 May 2024 07:08:09 +0000</pubDate>
                <guid isPermaLink="false">https://news.example/?p=1</guid>
                <content:encoded><![CDATA[<p>See <a href="https://news.example/not-an-entry">this</a> &amp; that</p>]]></content:encoded>
              </item>
              <item><title>Second</title><link><![CDATA[https://news.example/search?q=a&b=c]]></link></item>
              <item><title>Third</title><link>https://news.example/?p=3&amp;lang=en</link><dc:date>2024-05-07T00:00:00Z</dc:date></item>
              <item><title>Fourth, no link</title><guid>https://news.example/fourth</guid></item>
              <item><title>Fifth, opaque guid</title><guid isPermaLink="false">tag:news.example,2024:5</guid></item>
              <item><title>Sixth</title><link>http://feedproxy.google.com/~r/News/~3/abc/</link>
                <feedburner:origLink>https://news.example/sixth</feedburner:origLink></item>
              <item><title>Seventh</title><link></link><guid>https://news.example/seventh</guid></item>
            </channel></rss>
            """)
        #expect(feed.kind == .rss)
        #expect(!feed.truncated)
        #expect(feed.entries.map(\.location) == [
            "https://news.example/2024/05/first/", "https://news.example/search?q=a&b=c",
            "https://news.example/?p=3&lang=en", "https://news.example/fourth", "https://news.example/sixth",
            "https://news.example/seventh",
        ])
        #expect(feed.entries[0].published == 1_714_979_289)
        #expect(feed.entries[2].published == 1_715_040_000, "dc:date is a W3C date")
        #expect(feed.entries[1].published == nil)
    }

    @Test("RSS 0.91 with the Netscape DOCTYPE: the DTD is not fetched, its HTML entities are kept as text; a prefixed Atom root")
    func rss091AndPrefixedRoot() throws {
        let rss091 = try parse("""
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>Old &eacute;cole</title>
            <item><title>Caf&eacute;</title><link>https://news.example/cafe</link></item></channel></rss>
            """, contentType: "text/xml")
        #expect(rss091.entries.map(\.location) == ["https://news.example/cafe"])
        let atom = try parse("""
            <atom:feed xmlns:atom="http://www.w3.org/2005/Atom"><atom:entry><atom:link href="https://news.example/p"/></atom:entry></atom:feed>
            """, contentType: "application/xml")
        #expect(atom.kind == .atom)
        #expect(atom.entries.map(\.location) == ["https://news.example/p"])
    }

    @Test("RSS 1.0 (RDF): items beside the channel, rdf:about when <link> is missing, dc:date")
    func rdf() throws {
        let feed = try parse("""
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://news.example/"><title>T</title><link>https://news.example/</link>
                <items><rdf:Seq><rdf:li rdf:resource="https://news.example/a"/></rdf:Seq></items></channel>
              <item rdf:about="https://news.example/a"><title>A</title><link>https://news.example/a?from=rdf</link>
                <dc:date>2024-01-02T03:04:05+01:00</dc:date></item>
              <item rdf:about="https://news.example/b"><title>B</title></item>
              <item rdf:about="https://news.example/c"/>
            </rdf:RDF>
            """, contentType: "application/rdf+xml")
        #expect(feed.kind == .rdf)
        #expect(feed.entries.map(\.location) == ["https://news.example/a?from=rdf", "https://news.example/b", "https://news.example/c"])
        #expect(feed.entries[0].published == 1_704_161_045)
    }

    @Test("Atom: rel variants (none, alternate by IRI, self/edit/enclosure/replies skipped, HTML alternate first), xml:base chain, dates")
    func atom() throws {
        let feed = try parse("""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/blog/">
              <title>Blog</title><link rel="self" href="/atom.xml"/><link href="/"/>
              <updated>2024-05-06T00:00:00Z</updated>
              <entry>
                <title>One</title><link rel="alternate" type="text/html" href="2024/one.html"/>
                <link rel="edit" href="/api/1"/><id>tag:news.example,2024:1</id>
                <published>2024-05-01T10:00:00Z</published><updated>2024-05-03T10:00:00Z</updated>
              </entry>
              <entry xml:base="archive/">
                <link rel="enclosure" type="audio/mpeg" href="two.mp3"/>
                <link rel="alternate" type="application/pdf" href="two.pdf"/>
                <link rel="http://www.iana.org/assignments/relation/alternate" type="text/html" href="two.html"/>
                <link rel="replies" type="text/html" href="two.html#comments"/>
              </entry>
              <entry><link href="three" xml:base="/other/"/></entry>
              <entry><title>Edit link only</title><link rel="edit" href="/api/4"/><id>https://news.example/4</id></entry>
              <entry><link rel="alternate" type="application/pdf" href="five.pdf"/>
                <source><link href="https://elsewhere.example/original"/></source></entry>
            </feed>
            """, contentType: "application/atom+xml; charset=utf-8")
        #expect(feed.kind == .atom)
        #expect(feed.entries.map(\.location) == ["2024/one.html", "two.html", "three", "five.pdf"])
        #expect(feed.entries[0].bases == ["https://news.example/blog/"])
        #expect(feed.entries[1].bases == ["https://news.example/blog/", "archive/"])
        #expect(feed.entries[2].bases == ["https://news.example/blog/", "/other/"])
        #expect(feed.entries[0].published == 1_714_557_600)
        #expect(feed.entries[0].updated == 1_714_730_400)
        #expect(feed.entries[0].freshness == 1_714_730_400)
    }

    @Test("served as text/html, text/xml or text/plain, a feed is still a feed; HTML served as a feed is not")
    func contentTypes() throws {
        let rss = Array("<rss version=\"2.0\"><channel><item><link>https://news.example/x</link></item></channel></rss>".utf8)
        for type in ["text/html; charset=utf-8", "text/xml", "text/plain", "application/octet-stream", nil] {
            #expect(FeedParser.looksLikeFeed(rss, contentType: type), "\(type ?? "no type")")
            #expect(try parser.parse(rss, url: "u", contentType: type).entries.map(\.location) == ["https://news.example/x"])
        }
        let html = Array("<!DOCTYPE html>\n<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed\"></head><body><p>&lt;rss&gt;</p></body></html>".utf8)
        #expect(!FeedParser.looksLikeFeed(html, contentType: "application/rss+xml"))
        #expect(!FeedParser.looksLikeFeed(html, contentType: "text/html"))
        #expect(throws: FeedError.notFeed(url: "u", root: "html")) { try parser.parse(html, url: "u", contentType: "application/rss+xml") }
        let sitemap = Array("<?xml version=\"1.0\"?><urlset><url><loc>https://news.example/</loc></url></urlset>".utf8)
        #expect(!FeedParser.looksLikeFeed(sitemap, contentType: "text/xml"))
        #expect(!FeedParser.looksLikeFeed(Array("not xml".utf8), contentType: "application/rss+xml"))
        #expect(throws: (any Error).self) { try parser.parse([], url: "u") }
    }

    @Test("junk before the XML: a PHP warning is skipped when the server says it is a feed; a BOM and blank lines always")
    func leadingJunk() throws {
        let body = "<?xml version=\"1.0\"?>\n<rss><channel><item><link>https://news.example/y</link></item></channel></rss>"
        let warning = "<br />\n<b>Warning</b>: Cannot modify header information in <b>/var/www/wp-includes/feed.php</b> on line <b>8</b><br />\n"
        #expect(try parse(warning + body).entries.map(\.location) == ["https://news.example/y"])
        #expect(!FeedParser.looksLikeFeed(Array((warning + body).utf8), contentType: "text/html"))
        let padded = [0xEF, 0xBB, 0xBF] + Array(("\n\n  " + body).utf8)
        #expect(FeedParser.looksLikeFeed(padded, contentType: "text/xml"))
        #expect(try parser.parse(padded, url: "u", contentType: "text/xml").entries.count == 1)
    }

    @Test("invalid UTF-8 and control characters do not cut the feed: entries after them are read")
    func invalidBytes() throws {
        var body = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><channel><item><title>Caf".utf8)
        body += [0xE9, 0x20, 0xFF, 0xFE, 0x0B, 0x00, 0x1B]  // Latin-1 é, bytes never valid in UTF-8, controls
        body += Array("</title><link>https://news.example/1</link></item><item><title>x\u{7}</title><link>https://news.example/2</link></item></channel></rss>".utf8)
        let feed = try parser.parse(body, url: "u", contentType: "application/rss+xml")
        #expect(feed.entries.map(\.location) == ["https://news.example/1", "https://news.example/2"])
        #expect(!feed.truncated)
        var latin = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>Caf".utf8)
        latin += [0xE9] + Array("</title><link>https://news.example/caf%E9</link></item></channel></rss>".utf8)
        #expect(try parser.parse(latin, url: "u").entries.map(\.location) == ["https://news.example/caf%E9"])
    }

    @Test("XML that breaks off keeps the entries before the break")
    func broken() throws {
        let cut = try parse("<rss><channel><item><link>https://news.example/1</link></item><item><link>https://news.example/2</link></item><item><li")
        #expect(cut.truncated)
        #expect(cut.entries.map(\.location) == ["https://news.example/1", "https://news.example/2"])
    }

    @Test("stray ampersands (bare in links, undefined HTML entities) do not stop the reader; CDATA and real references are untouched")
    func strayAmpersands() throws {
        let feed = try parse("""
            <rss><channel><title>News &raquo; Front &amp; Back</title>
            <item><title>a&nbsp;b &copy; R&D</title><link>https://news.example/?p=1&lang=en</link></item>
            <item><title>&#233;&#xE9;</title><link>https://news.example/?p=2&amp;x=&lt;y&gt;</link></item>
            <item><description><![CDATA[Tom &amp; Jerry &nbsp; <a href="x">]]></description><!-- a & b --><link>https://news.example/3&#38;4</link></item>
            </channel></rss>
            """)
        #expect(!feed.truncated)
        #expect(feed.entries.map(\.location) == ["https://news.example/?p=1&lang=en", "https://news.example/?p=2&x=<y>", "https://news.example/3&4"])
        let cdata = Array("<![CDATA[a &amp; &nbsp;]]> &nbsp; <!-- & --> &#1; &#x; &".utf8)
        #expect(String(decoding: FeedBytes.escapingStrayAmpersands(cdata), as: UTF8.self)
                == "<![CDATA[a &amp; &nbsp;]]> &amp;nbsp; <!-- & --> &#1; &amp;#x; &amp;")
    }

    @Test("entity expansion is off: an external entity is neither fetched nor inlined")
    func externalEntity() throws {
        let feed = try parse("""
            <?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <rss><channel><item><link>https://news.example/&x;</link></item></channel></rss>
            """)
        #expect(!(feed.entries.first?.location.contains("root:") ?? false))
    }

    @Test("a billion-laughs DOCTYPE expands nothing: its references stay literal text and the entries are read")
    func billionLaughs() throws {
        var doctype = "<!DOCTYPE rss [<!ENTITY lol \"lol\">"
        for level in 1...9 { doctype += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level == 1 ? "" : String(level - 1));", count: 10) + "\">" }
        let feed = try parse(doctype + "]><rss><channel><item><title>&lol9;</title><link>https://news.example/&lol9;</link></item></channel></rss>")
        #expect(feed.entries.map(\.location) == ["https://news.example/&lol9;"])
    }

    @Test("100,000 nested elements stop at libxml2's depth limit: the entries before them are kept")
    func deepNesting() throws {
        let deep = String(repeating: "<x>", count: 100_000)
        let feed = try parse("<rss><channel><item><link>https://news.example/1</link></item><item>\(deep)</item></channel></rss>")
        #expect(feed.truncated)
        #expect(feed.entries.map(\.location) == ["https://news.example/1"])
    }

    @Test("caps: entries past maxEntries are dropped (truncated); a field longer than maxFieldBytes is dropped")
    func caps() throws {
        let items = (0..<50).map { "<item><link>https://news.example/\($0)</link></item>" }.joined()
        let feed = try FeedParser(maxEntries: 10).parse(Array("<rss><channel>\(items)</channel></rss>".utf8), url: "u")
        #expect(feed.entries.count == 10)
        #expect(feed.truncated)
        let long = String(repeating: "a", count: 100_000)
        let huge = try FeedParser(maxFieldBytes: 1000).parse(Array("""
            <rss><channel><item><link>https://news.example/\(long)</link><guid>https://news.example/g</guid></item>
            <item><link>https://news.example/ok</link></item></channel></rss>
            """.utf8), url: "u")
        #expect(huge.entries.map(\.location) == ["https://news.example/g", "https://news.example/ok"], "an oversized link is dropped, not cut")
    }

    /// An Atom feed of `count` entries with relative links under an `xml:base` (about 330 bytes each;
    /// scripts/bench-feeds times an RSS one).
    static func bigAtom(_ count: Int) -> [UInt8] {
        var xml = "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://news.example/\">\n"
        for n in 0..<count {
            xml += "<entry><title type=\"html\">Entry \(n) &amp;lt;b&amp;gt;</title><id>tag:news.example,2024:\(n)</id>"
                + "<link rel=\"alternate\" type=\"text/html\" href=\"2024/\(n).html\"/><link rel=\"replies\" href=\"2024/\(n)/comments\"/>"
                + "<updated>2024-05-06T07:08:09Z</updated><summary>Short summary of entry \(n).</summary></entry>\n"
        }
        return Array((xml + "</feed>").utf8)
    }

    @Test("a 10,000-entry feed (about 3 MB) streams whole; one entry more is truncated at the cap")
    func large() throws {
        let feed = try parser.parse(Self.bigAtom(10_000), url: "u", contentType: "application/atom+xml")
        #expect(feed.entries.count == 10_000)
        #expect(!feed.truncated)
        #expect(feed.entries.last == FeedEntry(location: "2024/9999.html", bases: ["https://news.example/"], updated: 1_714_979_289))
        let over = try parser.parse(Self.bigAtom(10_001), url: "u")
        #expect(over.entries.count == 10_000)
        #expect(over.truncated)
    }

    @Test("RFC 822 pubDate forms seen in feeds")
    func rfc822() {
        #expect(RFC822Date.parse("Mon, 06 May 2024 07:08:09 GMT") == 1_714_979_289)
        #expect(RFC822Date.parse("6 May 2024 07:08:09 +0000") == 1_714_979_289)
        #expect(RFC822Date.parse("Mon, 06 May 2024 09:08:09 +02:00") == 1_714_979_289)
        #expect(RFC822Date.parse("Mon, 06 May 2024 03:08:09 EDT") == 1_714_979_289)
        #expect(RFC822Date.parse("Monday, 06 May 24 07:08 UT") == 1_714_979_280)
        #expect(RFC822Date.parse("Mon, 06 September 2024 07:08:09") == 1_725_606_489)
        #expect(RFC822Date.parse("Mon, 06 Foo 2024 07:08:09 GMT") == nil)
        #expect(RFC822Date.parse("2024-05-06") == nil)
        #expect(RFC822Date.parse("Mon, 06 May 2024 25:08:09 GMT") == nil)
        #expect(FeedEntryBuilder.date("2024-05-06T07:08:09Z") == 1_714_979_289, "either format in any date field")
    }
}
