import Testing
@testable import TrawlHTML

private func links(_ html: String, contentType: String? = nil) throws -> PageLinks {
    try HTMLDocument(bytes: Array(html.utf8), contentType: contentType).links()
}

@Suite struct LinkExtractionTests {
    @Test func anchorsAndAreasInDocumentOrder() throws {
        let page = try links("""
            <html><body><p>One <a href="/a">a</a> <map><area href="/map" shape=rect></map>
            <a href=" /spaced \n">s</a><a>no href</a><a href="">empty</a>
            """)
        #expect(page.links == [
            RawLink(href: "/a", kind: .anchor), RawLink(href: "/map", kind: .area),
            RawLink(href: "/spaced", kind: .anchor),
        ])
    }

    @Test func unclosedTagsAndTagSoup() throws {
        let page = try links("""
            <div><p>para <a href=/one>one<p>next <b><a href='/two'>two</div>
            <table><tr><td><a href=/three>3<td><a href=/four>4</table><a href="/five"
            """)
        // The unterminated last tag is recovered at end of input, as browsers do.
        #expect(page.links.map(\.href) == ["/one", "/two", "/three", "/four", "/five"])
    }

    @Test func uppercaseTagAndAttributeNames() throws {
        let page = try links(#"<HTML><BODY><A HREF="/Up">x</A><IFRAME SRC="/frame"></IFRAME><LINK REL="Canonical" HREF="/c">"#)
        #expect(page.links == [
            RawLink(href: "/Up", kind: .anchor), RawLink(href: "/frame", kind: .iframe),
            RawLink(href: "/c", kind: .canonical),
        ])
    }

    @Test func firstBaseHrefOnly() throws {
        let page = try links(#"<head><base target=_blank><base href=" http://a.example/dir/ "><base href="http://b.example/"></head><a href=x>"#)
        #expect(page.baseHref == "http://a.example/dir/")
        #expect(page.links == [RawLink(href: "x", kind: .anchor)])
        #expect(try links("<a href=x>").baseHref == nil)
    }

    @Test func entitiesInHrefAreDecoded() throws {
        let page = try links(#"<a href="/search?q=1&amp;page=2&#38;x=&#x33;">s</a><a href="/a?b=1&c=2">raw</a>"#)
        #expect(page.links.map(\.href) == ["/search?q=1&page=2&x=3", "/a?b=1&c=2"])
    }

    @Test func refreshVariants() throws {
        let page = try links("""
            <head>
            <meta http-equiv="refresh" content="5; url=http://example.com/a">
            <meta http-equiv="Refresh" content="0;URL='/b'">
            <meta HTTP-EQUIV="REFRESH" content='0; url="/c"'>
            <meta http-equiv="refresh" content="3,/d">
            <meta http-equiv="refresh" content="10">
            <meta http-equiv="refresh" content="0; url = /e ">
            <meta http-equiv="content-type" content="text/html; url=/not-a-link">
            </head>
            """)
        #expect(page.links == ["http://example.com/a", "/b", "/c", "/d", "/e"].map { RawLink(href: $0, kind: .refresh) })
    }

    @Test func relTokenLists() throws {
        let page = try links("""
            <head>
            <link rel="stylesheet" href="/s.css">
            <link rel="ALTERNATE  nofollow" type="application/rss+xml" href="/feed">
            <link rel="next" href="/page/2"><link rel="prev" href="/page/0"><link rel="previous" href="/p0">
            <link rel="canonical alternate" href="/both">
            <link rel="icon" href="/favicon.ico"><link rel="canonicalize" href="/no">
            </head>
            """)
        #expect(page.links == [
            RawLink(href: "/feed", kind: .alternate), RawLink(href: "/page/2", kind: .next),
            RawLink(href: "/page/0", kind: .prev), RawLink(href: "/p0", kind: .prev),
            RawLink(href: "/both", kind: .canonical), RawLink(href: "/both", kind: .alternate),
        ])
    }

    @Test("feeds announced with <link rel=alternate type=rss+xml|atom+xml> are listed, other alternates are not")
    func announcedFeeds() throws {
        let page = try links("""
            <head>
            <link rel="alternate" type="application/rss+xml" title="News &raquo; Feed" href="https://news.example/feed/">
            <link rel="alternate" type="application/rss+xml" title="Comments Feed" href=" /comments/feed/ ">
            <link rel="ALTERNATE nofollow" type="Application/Atom+XML; charset=utf-8" href="/atom.xml">
            <link rel="alternate" type="application/x-rss+xml" href="/old.rss">
            <link rel="alternate" hreflang="de" href="/de/">
            <link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">
            <link rel="alternate" type="application/rss+xml" href="">
            <link rel="stylesheet" type="application/rss+xml" href="/not-a-feed">
            </head><body><a type="application/rss+xml" href="/anchor-not-announced">rss</a></body>
            """)
        #expect(page.feeds == ["https://news.example/feed/", "/comments/feed/", "/atom.xml", "/old.rss"])
        #expect(page.links.filter { $0.kind == .alternate }.count == 6, "feeds stay ordinary alternate links too")
    }

    @Test func framesAndIframes() throws {
        let page = try links(#"<frameset><frame src="/left"><frame src="/right"></frameset>"#)
        #expect(page.links == [RawLink(href: "/left", kind: .frame), RawLink(href: "/right", kind: .frame)])
        let page2 = try links(#"<body><iframe src="/embed"></iframe><iframe></iframe>"#)
        #expect(page2.links == [RawLink(href: "/embed", kind: .iframe)])
    }

    @Test func linksInsideNoscript() throws {
        let page = try links(#"<html><head><noscript><link rel=canonical href="/nc"></noscript></head><body><noscript><a href="/ns">no js</a></noscript><a href="/after">a</a></body></html>"#)
        #expect(page.links.contains(RawLink(href: "/ns", kind: .anchor)))
        #expect(page.links.last == RawLink(href: "/after", kind: .anchor))
    }

    @Test func latin1BytesWithoutCharset() throws {
        // "café" in Latin-1, no declaration at all: not UTF-8, so read as windows-1252.
        var bytes = Array("<html><body><a href=\"/caf".utf8)
        bytes.append(0xE9)
        bytes += Array("\">x</a><p>na".utf8)
        bytes.append(0xEF)  // ï
        bytes += Array("ve</p>".utf8)
        let page = try HTMLDocument(bytes: bytes).links()
        #expect(page.links.map(\.href) == ["/café"])
    }

    @Test func latin1BytesWithWrongUTF8Declaration() throws {
        var bytes = Array("<html><head><meta charset=utf-8></head><body><a href=\"/r".utf8)
        bytes += [0xE9, 0x73, 0x75, 0x6D, 0xE9]  // "résumé" minus the r, Latin-1
        bytes += Array("\">x</a>".utf8)
        let page = try HTMLDocument(bytes: bytes).links()
        #expect(page.links.map(\.href) == ["/résumé"])
    }

    @Test func headerCharsetWins() throws {
        var bytes = Array("<meta charset=utf-8><a href=\"/".utf8)
        bytes += [0x80, 0xE9]  // € é in windows-1252
        bytes += Array("\">x</a>".utf8)
        let page = try HTMLDocument(bytes: bytes, contentType: "text/html; charset=ISO-8859-1").links()
        #expect(page.links.map(\.href) == ["/€é"])
    }

    @Test func metaHttpEquivCharset() throws {
        var bytes = Array(#"<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><a href="/"#.utf8)
        bytes += [0xEF, 0xF0, 0xE8]  // "при" in windows-1251
        bytes += Array("\">x</a>".utf8)
        let page = try HTMLDocument(bytes: bytes).links()
        #expect(page.links.map(\.href) == ["/при"])
    }

    @Test func utf8BOMAndInvalidBytes() throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Array(#"<meta charset="iso-8859-1"><a href="/ü"#.utf8)
        bytes += [0xFF]  // invalid in UTF-8: becomes U+FFFD, parse goes on
        bytes += Array(#"x">x</a><a href="/ß">y</a>"#.utf8)
        let page = try HTMLDocument(bytes: bytes).links()
        #expect(page.links.map(\.href) == ["/ü\u{FFFD}x", "/ß"])
    }

    @Test func utf16BOM() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in "<a href=\"/ä\">x</a>".utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        #expect(try HTMLDocument(bytes: bytes).links().links.map(\.href) == ["/ä"])
    }

    @Test func deeplyNestedDocumentDoesNotOverflow() throws {
        let depth = 100_000
        var html = "<a href=/before>b</a>" + String(repeating: "<div>", count: depth)
        html += "<a href=\"/deep\">deep</a>" + String(repeating: "</div>", count: depth)
        html += "<a href=/after>a</a>"
        let page = try links(html)
        #expect(page.links.map(\.href) == ["/before", "/deep", "/after"])
    }

    @Test func emptyInputThrows() {
        #expect(throws: HTMLParseError.self) { _ = try HTMLDocument(bytes: []) }
    }
}

@Suite struct CharsetTests {
    @Test func contentTypeParameter() {
        #expect(Charset.charsetParameter(in: "text/html; charset=UTF-8") == "utf-8")
        #expect(Charset.charsetParameter(in: "text/html;charset=\"Shift_JIS\"") == "shift_jis")
        #expect(Charset.charsetParameter(in: "text/html") == nil)
    }

    @Test func detectionOrder() {
        let meta = Array("<meta charset='windows-1251'>".utf8)
        #expect(Charset.detect(meta, contentType: nil).encoding == "windows-1251")
        #expect(Charset.detect(meta, contentType: "text/html; charset=utf-8").encoding == "utf-8")
        #expect(Charset.detect([0xEF, 0xBB, 0xBF] + meta, contentType: "text/html; charset=latin1").encoding == "utf-8")
        #expect(Charset.detect(Array("<!-- <meta charset=koi8-r> --><p>".utf8), contentType: nil).source == "default")
        #expect(Charset.detect(Array("<meta charset=bogus-xyz>".utf8), contentType: nil).encoding == "utf-8")
    }
}
