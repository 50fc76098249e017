import Testing
import TrawlTestSupport
@testable import TrawlWARC

/// `SURT.plainKey`, the one-pass CDXJ key of plain http(s) URLs, must equal the general
/// canonicalization (`SURT.string` with the default options) wherever it answers.
@Suite struct SURTPlainKeyTests {
    private static func general(_ url: String) -> String { SURT.string(url, options: .init()) }

    @Test("plain URLs take the one-pass key, equal to the general one")
    func plainURLs() throws {
        for url in [
            "http://127.0.0.1:20401/2019/03/story-1000123.html", "http://127.0.0.1:20401/2019/03/story.html?print=1",
            "https://www.example.com/", "http://www12.example.com/A/B/", "http://www.1.2.3.4/x", "http://wwwa.example/",
            "http://example.com:80/a", "https://example.com:80/a", "https://example.com:443/a",
            "http://example.com:080/a", "http://a.b.c.d.e/f?b=2&a=1&a&a=0&&c=#frag", "http://example.com/a?", "http://x/Y?Z=A#B",
            "https://twitter.com/intent/tweet?url=http://127.0.0.1:1/a.html", "http://1.2.3.256/", "http://01.2.3.4/",
            "http://localhost/a/b/", "http://a/b#c?d", "http://a/)x", "http://a/?&",
        ] {
            let key = try #require(SURT.plainKey(url), "\(url)")
            #expect(key == Self.general(url), "\(url)")
        }
    }

    @Test("URLs the canonicalization rewrites are left to it")
    func otherURLs() {
        for url in [
            "HTTP://example.com/", "http://Example.com/", "http://example.com", "http://example.com?x", "http://u@a/",
            "http://a..b/", "http://.a/", "http://a./", "http://-0.1.2.3/", "http://-a.b/", "http://a.-b/", "http://www./x", "http://123/", "http://a:/", "http://[::1]/", "http://a/b//c",
            "http://a/./b", "http://a/b/..", "http://a/%41", "http://a/(S(x))/b.aspx", "http://a/b c", "http://a/é",
            "http://a/?jsessionid=1", "http://a/?PHPSESSID=1", "http://a/?sid=1", "http://a/?cfid=1&cftoken=2", "http://a/?x=%41",
            "ftp://a/b", "dns:example.com", "",
        ] {
            #expect(SURT.plainKey(url) == nil, "\(url.debugDescription)")
        }
    }

    @Test("random URLs: the one-pass key, when given, equals the general canonicalization")
    func randomURLs() throws {
        var rng = SplitMix64(seed: 0x5355_5254_4B45_5953)  // "SURTKEYS"
        // Each piece plain most of the time, sometimes one the canonicalization rewrites.
        func draw(_ plain: [String], _ other: [String], _ range: ClosedRange<Int>) -> String {
            (0..<rng.int(in: range)).map { _ in
                rng.int(in: 0..<8) == 0 ? other[rng.int(in: 0..<other.count)] : plain[rng.int(in: 0..<plain.count)]
            }.joined()
        }
        let schemes = ["http://", "https://", "http://", "https://", "HTTP://", "http:/", "ftp://"]
        let hosts = (["www", "www1", "ww", ".", "a", "b", "1", "127", "0", "255", "256", "-"], ["A", ",", "%41", "@", "xn--", "é", ".."])
        let ports = ["", "", "", ":80", ":443", ":8080", ":", ":080", ":x"]
        let paths = (["/", "/", "a", "B", ".", "..", ")", "~", "-", "_", ";", "=", ":", "!", "'"], ["(", "%2F", "%41", "é", " ", "\t", "//", "?", "#"])
        let queries = (["&", "=", "a", "B", "b", "1", "2", "/", "?", "s", "i", "d", "c", "f"], ["sid=", "SessionID", "sessid", "cfid=", "jsessionid=", "%20", "#", " "])
        var plain = 0
        for _ in 0..<20_000 {
            var url = schemes[rng.int(in: 0..<schemes.count)] + draw(hosts.0, hosts.1, 1...4) + ports[rng.int(in: 0..<ports.count)]
            url += "/" + draw(paths.0, paths.1, 0...6)
            if rng.int(in: 0...1) == 0 { url += "?" + draw(queries.0, queries.1, 0...6) }
            if rng.int(in: 0...3) == 0 { url += "#" + draw(queries.0, queries.1, 0...3) }
            guard let key = SURT.plainKey(url) else { continue }
            plain += 1
            #expect(key == Self.general(url), "\(url.debugDescription)")
        }
        #expect(plain > 2_000, "the one-pass key answered \(plain) times")
    }
}
