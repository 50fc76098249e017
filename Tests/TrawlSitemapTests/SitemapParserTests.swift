import Foundation
import Testing
@testable import TrawlSitemap
import TrawlTestSupport

@Suite("Sitemap parser")
struct SitemapParserTests {
    let parser = SitemapParser()

    @Test("a urlset gives its locs in order, trimmed, with lastmod as Unix time")
    func urlset() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>
                 http://a.example/one</loc><lastmod>2024-03-01</lastmod></url>
              <url><loc>http://a.example/two?x=1&amp;y=2</loc><lastmod>2024-03-01T10:30:00+01:00</lastmod>
                   <changefreq>daily</changefreq><image:image xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"><image:loc>http://a.example/i.png</image:loc></image:image></url>
              <url><lastmod>2024-01-01</lastmod></url>
              <url><loc><![CDATA[http://a.example/three]]></loc><lastmod>yesterday</lastmod></url>
            </urlset>
            """
        let sitemap = try parser.parse(Array(xml.utf8), url: "http://a.example/sitemap.xml")
        #expect(sitemap.kind == .urlset)
        #expect(!sitemap.truncated)
        #expect(sitemap.entries.map(\.location) == ["http://a.example/one", "http://a.example/two?x=1&y=2", "http://a.example/three"])
        #expect(sitemap.entries[0].lastModified == 1_709_251_200)
        #expect(sitemap.entries[1].lastModified == 1_709_285_400)  // 09:30 UTC
        #expect(sitemap.entries[2].lastModified == nil, "an invalid lastmod is dropped, the URL kept")
    }

    @Test("a sitemap index lists child sitemaps")
    func index() throws {
        let xml = """
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <sitemap><loc>http://a.example/s1.xml.gz</loc><lastmod>2023-12-31T23:59:59Z</lastmod></sitemap>
              <sitemap><loc>http://a.example/s2.xml</loc></sitemap>
            </sitemapindex>
            """
        let sitemap = try parser.parse(Array(xml.utf8), url: "http://a.example/index.xml")
        #expect(sitemap.kind == .index)
        #expect(sitemap.entries == [
            SitemapEntry(location: "http://a.example/s1.xml.gz", lastModified: 1_704_067_199),
            SitemapEntry(location: "http://a.example/s2.xml"),
        ])
    }

    @Test("Google News publication_date is read from the news namespace only")
    func news() throws {
        let xml = """
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
              <url><loc>http://a.example/story</loc>
                <news:news><news:publication><news:name>A</news:name><news:language>en</news:language></news:publication>
                  <news:publication_date>2024-05-06T07:08:09.5Z</news:publication_date><news:title>T</news:title></news:news></url>
              <url><loc>http://a.example/other</loc><publication_date>2024-05-06</publication_date></url>
            </urlset>
            """
        let sitemap = try parser.parse(Array(xml.utf8), url: "http://a.example/news.xml")
        #expect(sitemap.entries.count == 2)
        #expect(sitemap.entries[0].publicationDate == 1_714_979_289.5)
        #expect(sitemap.entries[0].freshness == 1_714_979_289.5)
        #expect(sitemap.entries[1].publicationDate == nil)
    }

    @Test("gzip bodies are inflated, capped")
    func gzip() throws {
        let xml = "<urlset><url><loc>http://a.example/z</loc></url></urlset>"
        let compressed = try TestGzip.compress(Array(xml.utf8))
        #expect(SitemapParser.looksLikeSitemap(compressed))
        #expect(try parser.parse(compressed, url: "u").entries.map(\.location) == ["http://a.example/z"])
        let small = SitemapParser(maxInflatedBytes: 20)
        #expect(throws: SitemapError.tooLarge(url: "u", limit: 20)) { try small.parse(compressed, url: "u") }
        var corrupt = compressed
        corrupt[corrupt.count / 2] ^= 0xff
        #expect(throws: (any Error).self) { try parser.parse(corrupt, url: "u") }
    }

    @Test("other XML, HTML and garbage are not sitemaps; broken XML keeps what came before")
    func rejects() throws {
        #expect(throws: SitemapError.notSitemap(url: "u", root: "rss")) {
            try parser.parse(Array("<rss><channel/></rss>".utf8), url: "u")
        }
        #expect(throws: (any Error).self) { try parser.parse(Array("not xml at all".utf8), url: "u") }
        #expect(throws: (any Error).self) { try parser.parse([], url: "u") }
        #expect(!SitemapParser.looksLikeSitemap(Array("<!DOCTYPE html><html></html>".utf8)))
        let broken = "<urlset><url><loc>http://a.example/1</loc></url><url><loc>http://a.example/2</loc></url><url><lo"
        let sitemap = try parser.parse(Array(broken.utf8), url: "u")
        #expect(sitemap.truncated)
        #expect(sitemap.entries.map(\.location) == ["http://a.example/1", "http://a.example/2"])
    }

    @Test("entity expansion is off: an external entity is not fetched or inlined")
    func entities() throws {
        let xml = """
            <?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>
            <urlset><url><loc>http://a.example/&x;</loc></url></urlset>
            """
        let sitemap = try parser.parse(Array(xml.utf8), url: "u")
        #expect(!(sitemap.entries.first?.location.contains("root:") ?? false))
    }

    @Test("a 50,000-URL sitemap (about 5 MB) streams; the entry cap truncates")
    func large() throws {
        var xml = "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        xml.reserveCapacity(6 << 20)
        for n in 0..<50_000 {
            xml += "<url><loc>http://a.example/page/\(n)/with/a/longer/path/to/be/realistic</loc><lastmod>2024-01-02</lastmod></url>\n"
        }
        xml += "</urlset>"
        let bytes = Array(xml.utf8)
        let sitemap = try parser.parse(bytes, url: "u")
        #expect(sitemap.entries.count == 50_000)
        #expect(sitemap.entries.last?.location == "http://a.example/page/49999/with/a/longer/path/to/be/realistic")
        let capped = try SitemapParser(maxEntries: 10).parse(bytes, url: "u")
        #expect(capped.entries.count == 10)
        #expect(capped.truncated)
    }

    @Test("W3C datetime forms")
    func dates() {
        #expect(W3CDate.parse("1970-01-01") == 0)
        #expect(W3CDate.parse("2000") == 946_684_800)
        #expect(W3CDate.parse("2000-02") == 949_363_200)
        #expect(W3CDate.parse("2000-01-01T00:00Z") == 946_684_800)
        #expect(W3CDate.parse("2000-01-01T01:00:00+01:00") == 946_684_800)
        #expect(W3CDate.parse("2000-01-01T00:00:00-0130") == 946_690_200)
        #expect(W3CDate.parse("2000-13-01") == nil)
        #expect(W3CDate.parse("2000-01-01junk") == nil)
    }
}
