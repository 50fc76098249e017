import Testing
@testable import TrawlURL

/// `CrawlURL.pathAbsolute`: the shortcut for plain path-absolute links must give exactly what
/// the WHATWG parser gives (href and component layout), and leave every other reference to it.
@Suite struct PathAbsoluteTests {
    static let bases = [
        "http://127.0.0.1:19401/2019/03/story.html", "https://example.com/a/b?q=1#f",
        "http://user:pw@example.com:8080/dir/", "https://example.com", "http://[::1]:81/x;p?y",
    ]

    /// The parser's answer, as `CrawlURL(_:relativeTo:)` computed it before the shortcut.
    private func parsed(_ reference: String, _ base: CrawlURL) -> CrawlURL? {
        let record = Array(base.href.utf8).withUnsafeBufferPointer {
            URLParser.parse(reference, base: BaseURL(bytes: $0, layout: base.layout))
        }
        return record.map(CrawlURL.init(record:))
    }

    @Test("plain paths take the shortcut and resolve exactly as the parser does", arguments: bases)
    func plainPaths(base: String) throws {
        let base = try #require(CrawlURL(base))
        for reference in [
            "/", "/a", "/2019/03/story-0001.html", "/section/world/", "/a//b", "/a/.b/..c/...", "/~u/$&()*+,;=:@!_-",
            "/a.", "/.a", "/a/b.", "/A/B",
        ] {
            let fast = try #require(CrawlURL.pathAbsolute(reference, base: base), "\(reference)")
            let slow = try #require(parsed(reference, base))
            #expect(fast.href == slow.href, "\(reference) against \(base)")
            #expect(fast.layout == slow.layout, "\(reference) against \(base)")
            #expect(CrawlURL(reference, relativeTo: base)?.href == slow.href)
        }
    }

    @Test("anything else goes to the parser (and still resolves as the parser does)", arguments: bases)
    func otherReferences(base: String) throws {
        let base = try #require(CrawlURL(base))
        for reference in [
            "", "a/b", "//host/x", "/.", "/..", "/a/./b", "/a/../b", "/a/.", "/a/..", "/a?x", "/a#x", "/a b",
            "/a%20b", "/a\\b", "/\\x", "/é", "/a\tb", " /a", "/a ", "/a|b", "/a^b", "/a`b", "/a{b}", "/a\"b",
            "/a<b>", "/a[b]", "/a'b", "http://x/", "?q", "#f", "/a\u{7F}",
        ] {
            #expect(CrawlURL.pathAbsolute(reference, base: base) == nil, "\(reference.debugDescription)")
            #expect(CrawlURL(reference, relativeTo: base)?.href == parsed(reference, base)?.href)
        }
    }

    @Test("absolute URLs already in serialized form take the shortcut and equal the parser's result")
    func plainAbsoluteURLs() throws {
        for url in [
            "http://127.0.0.1:18405/2019/11/story-5000106.html", "https://example.com/", "http://a.b.c/x/y/",
            "http://a-b.example/~u/$&()*+,;=:@!_-", "https://1.example.com:8443/a", "http://0.0.0.0/", "http://255.255.255.255:1/",
            "http://a/b", "https://x.example:65535/p", "http://-a-.b/", "http://a--b.example/", "http://1a.example/x", "http://01.example/", "http://1.2.3.example/",
        ] {
            let fast = try #require(CrawlURL.plainAbsolute(url), "\(url)")
            let slow = try #require(URLParser.parse(url, base: nil).map(CrawlURL.init(record:)), "\(url)")
            #expect(fast.href == slow.href, "\(url)")
            #expect(fast.layout == slow.layout, "\(url)")
        }
    }

    @Test("absolute URLs the parser would rewrite, or might reject, are left to it")
    func otherAbsoluteURLs() {
        for url in [
            "HTTP://example.com/", "http://Example.com/", "http://example.com", "http://example.com:80/", "https://example.com:443/",
            "http://example.com:080/", "http://example.com:/", "http://example.com:65536/", "http://example.com:123456/",
            "http://127.1/", "http://127.0.0.01/", "http://256.0.0.1/", "http://1.2.3/", "http://0x7f.0.0.1/", "http://a.1/", "http://1a/", "http://a.1a/", "http://01.2.3.4/", "http://1.2.3.4.5/",
            "http://xn--nxasmq6b.example/", "http://a..b/", "http://.a/", "http://a./", "http://u@a/", "http://[::1]/",
            "http://a/b/../c", "http://a/b?q", "http://a/b#f", "http://a/%41", "http://a_b/", "http://a/b c", "ftp://a/b",
            "http:/a/b", "http:a/b", "http://é.example/", "https://a:8443", String(repeating: "a", count: 64) + ".example",
        ] {
            #expect(CrawlURL.plainAbsolute(url) == nil, "\(url.debugDescription)")
        }
    }

    @Test("only http(s) bases with a host take the shortcut")
    func otherBases() throws {
        for base in ["file:///C:/x", "ftp://example.com/a", "mailto:a@b.c", "ws://example.com/"] {
            let base = try #require(CrawlURL(base))
            #expect(CrawlURL.pathAbsolute("/a", base: base) == nil, "\(base)")
        }
    }
}
