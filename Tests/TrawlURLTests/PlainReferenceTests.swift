import Testing
import TrawlTestSupport
@testable import TrawlURL

/// `CrawlURL.plainRelative` and `CrawlURL.plainAbsolute`: the shortcuts for plain links must give
/// exactly what the WHATWG parser gives (href and component layout), and leave every other
/// reference to it.
@Suite struct PlainReferenceTests {
    static let bases = [
        "http://127.0.0.1:19401/2019/03/story.html", "https://example.com/a/b?q=1#f",
        "http://user:pw@example.com:8080/dir/", "https://example.com", "http://[::1]:81/x;p?y", "http://a.example/?",
    ]

    /// The parser's answer, as `CrawlURL(_:relativeTo:)` computed it before the shortcuts.
    private static func parsed(_ reference: String, _ base: CrawlURL?) -> CrawlURL? {
        guard let base else { return URLParser.parse(reference, base: nil).map(CrawlURL.init(record:)) }
        let record = Array(base.href.utf8).withUnsafeBufferPointer {
            URLParser.parse(reference, base: BaseURL(bytes: $0, layout: base.layout))
        }
        return record.map(CrawlURL.init(record:))
    }

    @Test("plain references take the shortcut and resolve exactly as the parser does", arguments: bases)
    func plainReferences(base: String) throws {
        let base = try #require(CrawlURL(base))
        for reference in [
            "/", "/a", "/2019/03/story-0001.html", "/section/world/", "/a//b", "/a/.b/..c/...", "/~u/$&()*+,;=:@!_-",
            "/a.", "/.a", "/a/b.", "/A/B", "/a?x", "/a#x", "/a?x#y", "/a?", "/a#", "/a?#", "/a?x?y#z#w", "/a?b:c/d%zz",
            "a/b", "story.html", "a/", "a.b/c:d", "a?print=1", "?q", "?", "#f", "#", "", "?a=1&b=2#c", "a#/../x",
        ] {
            let fast = try #require(CrawlURL.plainRelative(reference, base: base), "\(reference)")
            let slow = try #require(Self.parsed(reference, base))
            #expect(fast.href == slow.href, "\(reference) against \(base)")
            #expect(fast.layout == slow.layout, "\(reference) against \(base)")
            #expect(CrawlURL(reference, relativeTo: base)?.href == slow.href)
        }
    }

    @Test("anything else goes to the parser (and still resolves as the parser does)", arguments: bases)
    func otherReferences(base: String) throws {
        let base = try #require(CrawlURL(base))
        for reference in [
            "//host/x", "/.", "/..", "/a/./b", "/a/../b", "/a/.", "/a/..", "/a b", ".", "..", "./a", "../a", "a/..",
            "/a%20b", "/a\\b", "/\\x", "/é", "/a\tb", " /a", "/a ", "/a|b", "/a^b", "/a`b", "/a{b}", "/a\"b",
            "/a<b>", "/a[b]", "/a'b", "http://x/", "/a\u{7F}", "a:b", "mailto:x", "javascript:void(0)", "?a b", "?a'b",
            "?é", "#a b", "#a`b", "#é", "?x#a<b", "\\a", "a\\b",
        ] {
            #expect(CrawlURL.plainRelative(reference, base: base) == nil, "\(reference.debugDescription)")
            #expect(CrawlURL(reference, relativeTo: base)?.href == Self.parsed(reference, base)?.href)
        }
    }

    @Test("absolute URLs already in serialized form take the shortcut and equal the parser's result")
    func plainAbsoluteURLs() throws {
        for url in [
            "http://127.0.0.1:18405/2019/11/story-5000106.html", "https://example.com/", "http://a.b.c/x/y/",
            "http://a-b.example/~u/$&()*+,;=:@!_-", "https://1.example.com:8443/a", "http://0.0.0.0/", "http://255.255.255.255:1/",
            "http://a/b", "https://x.example:65535/p", "http://-a-.b/", "http://a--b.example/", "http://1a.example/x", "http://01.example/", "http://1.2.3.example/",
            "http://a/b?q", "http://a/b#f", "https://twitter.com/intent/tweet?url=http://127.0.0.1:1/a.html", "http://a/?", "http://a/#",
            "http://a/b?x=%zz&y#f?g#h",
        ] {
            let fast = try #require(CrawlURL.plainAbsolute(url), "\(url)")
            let slow = try #require(Self.parsed(url, nil), "\(url)")
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
            "http://a/b/../c", "http://a/%41", "http://a_b/", "http://a/b c", "ftp://a/b", "http://a?q", "http://a#f",
            "http:/a/b", "http:a/b", "http://é.example/", "https://a:8443", String(repeating: "a", count: 64) + ".example",
            "http://a/b?c d", "http://a/b?c'd", "http://a/b#c d", "http://a/b#c`d", "http://a/b?é",
        ] {
            #expect(CrawlURL.plainAbsolute(url) == nil, "\(url.debugDescription)")
        }
    }

    @Test("only http(s) bases with a host take the shortcut")
    func otherBases() throws {
        for base in ["file:///C:/x", "ftp://example.com/a", "mailto:a@b.c", "ws://example.com/"] {
            let base = try #require(CrawlURL(base))
            #expect(CrawlURL.plainRelative("/a", base: base) == nil, "\(base)")
        }
    }

    /// Pieces random references are made of: plain bytes, every delimiter, bytes the parser
    /// encodes in one component and not another, dot segments, schemes and authorities.
    static let pieces = [
        "a", "Z", "0", "9", "-", ".", "..", "_", "~", "/", "//", "?", "#", ":", "@", "%", "%2e", "%41", "&", "=", ";", "(", ")",
        "!", "$", "*", "+", ",", "'", "\"", "<", ">", "`", "^", "{", "}", "|", "[", "]", "\\", " ", "\t", "\n", "\u{7F}", "é",
        "http:", "https://", "http://a.b", "http://1.2.3.4:80", "mailto:", "x:", "./", "../", "/./", "/../", "xn--a", "www.",
    ]

    @Test("random references resolve the same with and without the shortcuts (href, layout, or both fail)")
    func randomReferences() throws {
        var rng = SplitMix64(seed: 0x504C_4149_4E52_4546)  // "PLAINREF"
        let bases = try Self.bases.map { try #require(CrawlURL($0)) }
        var shortcuts = 0
        for round in 0..<20_000 {
            let count = rng.int(in: 0...8)
            let reference = (0..<count).map { _ in Self.pieces[rng.int(in: 0..<Self.pieces.count)] }.joined()
            let base = round % 4 == 0 ? nil : bases[rng.int(in: 0..<bases.count)]
            let shortcut = base.flatMap { CrawlURL.plainRelative(reference, base: $0) } ?? CrawlURL.plainAbsolute(reference)
            let slow = Self.parsed(reference, base)
            if let shortcut {
                shortcuts += 1
                let slow = try #require(slow, "\(reference.debugDescription) against \(base?.href ?? "nothing")")
                #expect(shortcut.href == slow.href, "\(reference.debugDescription) against \(base?.href ?? "nothing")")
                #expect(shortcut.layout == slow.layout, "\(reference.debugDescription) against \(base?.href ?? "nothing")")
            }
            #expect(CrawlURL(reference, relativeTo: base)?.href == slow?.href, "\(reference.debugDescription)")
        }
        #expect(shortcuts > 2_000, "the shortcuts were taken \(shortcuts) times")
    }

    @Test("random absolute URLs: the shortcut, when taken, equals the parser's result")
    func randomAbsolute() throws {
        var rng = SplitMix64(seed: 0x504C_4149_4E41_4253)  // "PLAINABS"
        // Mostly pieces of a plain host, sometimes one the parser rewrites or rejects.
        let plainHost = ["a", "b", "z", "1", "0", "25", "255", "-", ".", "www"]
        let otherHost = ["256", "xn--", "A", "_", "%41", "é", ":", ":8080", ":80", ":443", ":0", "@", ".."]
        let plainTail = ["a", "Z", "0", "-", ".", "_", "~", "/", "?", "#", "&", "=", ":", "@", "!", "$", "*", "+", ",", ";", "(", ")"]
        func draw(_ plain: [String], _ other: [String], _ count: ClosedRange<Int>) -> String {
            (0..<rng.int(in: count)).map { _ in
                rng.int(in: 0..<8) == 0 ? other[rng.int(in: 0..<other.count)] : plain[rng.int(in: 0..<plain.count)]
            }.joined()
        }
        var shortcuts = 0
        for _ in 0..<20_000 {
            let host = draw(plainHost, otherHost, 0...4)
            let tail = draw(plainTail, Self.pieces, 0...8)
            let url = (rng.int(in: 0...1) == 0 ? "http://" : "https://") + host + (rng.int(in: 0...7) == 0 ? "" : "/") + tail
            guard let shortcut = CrawlURL.plainAbsolute(url) else { continue }
            shortcuts += 1
            let slow = try #require(Self.parsed(url, nil), "\(url.debugDescription)")
            #expect(shortcut.href == slow.href, "\(url.debugDescription)")
            #expect(shortcut.layout == slow.layout, "\(url.debugDescription)")
        }
        #expect(shortcuts > 2_000, "the shortcut was taken \(shortcuts) times")
    }

    @Test("random hosts of digits and dots: isSerializedIPv4 says what parsing and serializing back says")
    func serializedIPv4() {
        var rng = SplitMix64(seed: 0x4950_7634_5155_4144)  // "IPv4QUAD"
        let pieces = ["0", "1", "9", "00", "01", "10", "25", "255", "256", "999", "1000", "4294967295", ".", ".", "x", "0x1", "a"]
        var quads = 0
        for round in 0..<30_000 {
            // Every third host is four numbers of 0…300 (some with a leading zero).
            let host = round % 3 == 0
                ? (0..<4).map { _ in (rng.int(in: 0..<10) == 0 ? "0" : "") + String(rng.int(in: 0...300)) }.joined(separator: ".")
                : (0..<rng.int(in: 0...9)).map { _ in pieces[rng.int(in: 0..<pieces.count)] }.joined()
            let bytes = Array(host.utf8)
            let expected = HostParser.parseIPv4(bytes).map(HostParser.serializeIPv4) == bytes
            if expected { quads += 1 }
            #expect(bytes.withUnsafeBufferPointer(HostParser.isSerializedIPv4) == expected, "\(host)")
        }
        #expect(quads > 3_000, "\(quads) serialized addresses")
    }
}
