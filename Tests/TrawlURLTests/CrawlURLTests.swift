import Testing

import TrawlURL

/// Behaviour the crawler relies on: components, politeness keys, resolution, IDN.
@Suite struct CrawlURLTests {
    @Test func components() throws {
        let url = try #require(CrawlURL("HTTPS://User:Pa%73s@Example.COM:8443/a/./b/../c?q=1#frag"))
        #expect(url.href == "https://User:Pa%73s@example.com:8443/a/c?q=1#frag")
        #expect(url.scheme == "https")
        #expect(url.username == "User")
        #expect(url.password == "Pa%73s")
        #expect(url.hostname == "example.com")
        #expect(url.port == 8443)
        #expect(url.host == "example.com:8443")
        #expect(url.pathname == "/a/c")
        #expect(url.search == "?q=1")
        #expect(url.hash == "#frag")
        #expect(url.isHTTP)
        #expect(url.description == url.href)
    }

    @Test func defaultPortIsDropped() throws {
        let url = try #require(CrawlURL("http://example.com:80/"))
        #expect(url.port == nil)
        #expect(url.href == "http://example.com/")
        #expect(try #require(CrawlURL("https://example.com:443")).href == "https://example.com/")
        #expect(try #require(CrawlURL("https://example.com:80/")).port == 80)
    }

    @Test func originIsThePolitenessKey() throws {
        #expect(try #require(CrawlURL("http://Example.com:80/a?b#c")).origin == "http://example.com")
        #expect(try #require(CrawlURL("https://example.com:8443/")).origin == "https://example.com:8443")
        #expect(try #require(CrawlURL("http://user:pw@[::1]:81/")).origin == "http://[::1]:81")
        // Without credentials the origin is the href's prefix up to the path; with them it is built.
        #expect(try #require(CrawlURL("http://127.0.0.1:19401/p/q?x#y")).origin == "http://127.0.0.1:19401")
        #expect(try #require(CrawlURL("http://u@h.example:8080/")).origin == "http://h.example:8080")
        #expect(try #require(CrawlURL("https://h.example")).origin == "https://h.example")
        #expect(try #require(CrawlURL("ws://h.example:0?q")).origin == "ws://h.example:0")
        let a = try #require(CrawlURL("http://example.com:8080/"))
        let b = try #require(CrawlURL("http://example.com:8081/"))
        #expect(a.origin != b.origin)
        #expect(try #require(CrawlURL("mailto:a@b.c")).origin == "null")
    }

    @Test("origin(reusing:) gives the origin, as the candidate itself only when that spells it")
    func originReusing() throws {
        let candidates = ["", "http://example.com", "http://example.com:8080", "https://example.com", "http://example.co", "null"]
        for url in [
            "http://example.com/a", "http://example.com:8080/a?q", "https://example.com/", "http://user:pw@example.com/",
            "http://example.com.x/", "mailto:a@example.com", "file:///x", "http://[::1]:81/",
        ] {
            let parsed = try #require(CrawlURL(url))
            for candidate in candidates {
                let reused = parsed.origin(reusing: candidate)
                #expect(reused == parsed.origin, "\(url) with \(candidate)")
            }
        }
        // The credentials are not part of the origin: the slice shortcut must not be taken.
        #expect(try #require(CrawlURL("http://u@example.com/")).origin(reusing: "http://u@example.com") == "http://example.com")
    }

    @Test func pathAndQuery() throws {
        #expect(try #require(CrawlURL("http://a.com")).pathAndQuery == "/")
        #expect(try #require(CrawlURL("http://a.com/x/y?z=1&w#frag")).pathAndQuery == "/x/y?z=1&w")
        #expect(try #require(CrawlURL("http://a.com/x?")).pathAndQuery == "/x?")
        #expect(try #require(CrawlURL("http://a.com/x#y?z")).pathAndQuery == "/x")
        #expect(try #require(CrawlURL("http://a.com/a b")).pathAndQuery == "/a%20b")
    }

    @Test func idnHostsBecomePunycode() throws {
        #expect(try #require(CrawlURL("http://bücher.ch/")).hostname == "xn--bcher-kva.ch")
        #expect(try #require(CrawlURL("http://BÜCHER.ch/")).hostname == "xn--bcher-kva.ch")
        #expect(try #require(CrawlURL("http://例え.テスト/パス")).href == "http://xn--r8jz45g.xn--zckzah/%E3%83%91%E3%82%B9")
        #expect(try #require(CrawlURL("http://ｅｘａｍｐｌｅ。com/")).hostname == "example.com")
        #expect(try #require(CrawlURL("http://fa%C3%9F.de/")).hostname == "xn--fa-hia.de")
        #expect(try #require(CrawlURL("http://faß.de/")).hostname == "xn--fa-hia.de")  // non-transitional
        #expect(CrawlURL("http://a\u{200D}b.com/") == nil)  // CONTEXTJ
        #expect(CrawlURL("http://ex%20ample.com/") == nil)  // forbidden code point after decoding
    }

    @Test func ipHosts() throws {
        #expect(try #require(CrawlURL("http://0x7f.1/")).hostname == "127.0.0.1")
        #expect(try #require(CrawlURL("http://3279880203/")).hostname == "195.127.0.11")
        #expect(try #require(CrawlURL("http://0300.0250.1.1/")).hostname == "192.168.1.1")
        #expect(CrawlURL("http://4294967296/") == nil)
        #expect(CrawlURL("http://1.2.3.4.5/") == nil)
        #expect(CrawlURL("http://09/") == nil)
        #expect(try #require(CrawlURL("http://[0:0:0:0:0:0:0:1]/")).hostname == "[::1]")
        #expect(try #require(CrawlURL("http://[2001:DB8:0:0:1::1]:8080/")).host == "[2001:db8::1:0:0:1]:8080")
        #expect(try #require(CrawlURL("http://[::ffff:192.168.0.1]/")).hostname == "[::ffff:c0a8:1]")
        #expect(CrawlURL("http://[::1/") == nil)
        #expect(CrawlURL("http://[1:2:3:4:5:6:7:8:9]/") == nil)
    }

    /// RFC 3986 §5.4 reference resolution examples (WHATWG agrees on all of these).
    @Test(arguments: [
        ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
        ("/g", "http://a/g"), ("//g", "http://g/"), ("?y", "http://a/b/c/d;p?y"),
        ("g?y", "http://a/b/c/g?y"), ("#s", "http://a/b/c/d;p?q#s"), ("g#s", "http://a/b/c/g#s"),
        ("g?y#s", "http://a/b/c/g?y#s"), (";x", "http://a/b/c/;x"), ("g;x", "http://a/b/c/g;x"),
        ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"), ("./", "http://a/b/c/"),
        ("..", "http://a/b/"), ("../", "http://a/b/"), ("../g", "http://a/b/g"),
        ("../..", "http://a/"), ("../../", "http://a/"), ("../../g", "http://a/g"),
        ("../../../g", "http://a/g"), ("/./g", "http://a/g"), ("/../g", "http://a/g"),
        ("g.", "http://a/b/c/g."), (".g", "http://a/b/c/.g"), ("g..", "http://a/b/c/g.."),
        ("./../g", "http://a/b/g"), ("g/./h", "http://a/b/c/g/h"), ("g/../h", "http://a/b/c/h"),
        ("%2e%2E/g", "http://a/b/g"), ("..\\g", "http://a/b/g"), ("\\\\other/x", "http://other/x"),
        ("http:g", "http://a/b/c/g"), ("https:g", "https://g/"), (" \t/x\n ", "http://a/x"),
    ])
    func relativeResolution(reference: String, expected: String) throws {
        let base = try #require(CrawlURL("http://a/b/c/d;p?q"))
        #expect(CrawlURL(reference, relativeTo: base)?.href == expected)
    }

    @Test func queryAndFragmentOnlyReferences() throws {
        let base = try #require(CrawlURL("https://example.com/dir/page.html?old=1#top"))
        #expect(CrawlURL("?new=2", relativeTo: base)?.href == "https://example.com/dir/page.html?new=2")
        #expect(CrawlURL("#sec", relativeTo: base)?.href == "https://example.com/dir/page.html?old=1#sec")
        #expect(CrawlURL("?", relativeTo: base)?.href == "https://example.com/dir/page.html?")
        #expect(CrawlURL("#", relativeTo: base)?.href == "https://example.com/dir/page.html?old=1#")
        #expect(CrawlURL("?a b'c", relativeTo: base)?.href == "https://example.com/dir/page.html?a%20b%27c")
    }

    @Test func nonSpecialSchemesParseButAreNotHTTP() throws {
        let base = try #require(CrawlURL("http://example.com/"))
        for (input, href) in [
            ("mailto:Someone@Example.com", "mailto:Someone@Example.com"),
            ("javascript:void(0)", "javascript:void(0)"),
            ("JavaScript:alert('x y')", "javascript:alert('x y')"),
            ("data:text/plain,hi there", "data:text/plain,hi there"),
            ("tel:+1-555-0100", "tel:+1-555-0100"),
        ] {
            let url = try #require(CrawlURL(input, relativeTo: base))
            #expect(url.href == href)
            #expect(!url.isHTTP)
            #expect(url.hasOpaquePath)
        }
        let ssh = try #require(CrawlURL("ssh://git@github.com/x/y.git"))
        #expect(ssh.hostname == "github.com" && ssh.pathname == "/x/y.git" && !ssh.isSpecial)
        // An opaque-path URL cannot be a base, except for fragment-only references.
        let mailto = try #require(CrawlURL("mailto:x@y.z"))
        #expect(CrawlURL("foo", relativeTo: mailto) == nil)
        #expect(CrawlURL("#f", relativeTo: mailto)?.href == "mailto:x@y.z#f")
    }

    @Test func failures() {
        #expect(CrawlURL("") == nil)
        #expect(CrawlURL("/relative/without/base") == nil)
        #expect(CrawlURL("http://") == nil)
        #expect(CrawlURL("http://exa mple.com/") == nil)
        #expect(CrawlURL("http://example.com:65536/") == nil)
        #expect(CrawlURL("http://example.com:80a/") == nil)
        #expect(CrawlURL("http://a<b/") == nil)
        #expect(CrawlURL("http://user@/") == nil)
    }

    @Test func fileURLs() throws {
        #expect(try #require(CrawlURL("file:///C|/dir/../x")).href == "file:///C:/x")
        #expect(try #require(CrawlURL("file://localhost/etc/passwd")).href == "file:///etc/passwd")
        let base = try #require(CrawlURL("file:///C:/a/b"))
        #expect(CrawlURL("../../..", relativeTo: base)?.href == "file:///C:/")
        #expect(CrawlURL("/x", relativeTo: base)?.href == "file:///C:/x")
    }

    @Test func equalityAndHashingUseHref() throws {
        let a = try #require(CrawlURL("HTTP://EXAMPLE.com:80/a/../b"))
        let b = try #require(CrawlURL("http://example.com/b"))
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
    }
}
