import Foundation
import Testing
@testable import TrawlCore
import TrawlTestSupport
import TrawlURL

/// Session-id and tracking-parameter stripping, and its check against Internet Archive's
/// urlcanon test data where urlcanon's rules are the same as Trawl's.
@Suite("Link canonicalizer")
struct LinkCanonicalizerTests {
    let canonicalizer = LinkCanonicalizer()

    func canonical(_ url: String, _ c: LinkCanonicalizer? = nil) -> String {
        (c ?? canonicalizer).canonical(CrawlURL(url)!.normalizedForCrawl()).href
    }

    @Test("tracking parameters and session ids go, the rest keeps its order and spelling")
    func strips() {
        #expect(canonical("http://a.example/a?utm_source=x") == "http://a.example/a")
        #expect(canonical("http://a.example/a?UTM_Medium=x&b=2&utm_campaign=y&a=1") == "http://a.example/a?b=2&a=1")
        #expect(canonical("http://a.example/a?fbclid=1&gclid=2&sid=3&PHPSESSID=4&jsessionid=5") == "http://a.example/a")
        #expect(canonical("http://a.example/a?side=1&utm=2&asid=3") == "http://a.example/a?side=1&utm=2&asid=3", "whole names only")
        #expect(canonical("http://a.example/p.jsp;jsessionid=E85F?x=1") == "http://a.example/p.jsp?x=1")
        #expect(canonical("http://a.example/p;type=a;JSESSIONID=1") == "http://a.example/p;type=a")
        #expect(canonical("http://a.example/(S(4hqa0555fwsecu455xqckv45))/m.aspx") == "http://a.example/m.aspx")
        #expect(canonical("http://a.example/(notasession)/m") == "http://a.example/(notasession)/m")
        #expect(canonical("http://a.example/a?q=utm_source") == "http://a.example/a?q=utm_source")
        #expect(canonical("http://u:p@a.example:8080/a?sid=1") == "http://u:p@a.example:8080/a")
        let url = CrawlURL("http://a.example/a?b=1")!
        #expect(canonicalizer.canonical(url) == url)
    }

    @Test("random links: the shortcuts decide as the full rewrite does")
    func shortcutsMatchTheRewrite() {
        var rng = TrawlTestSupport.SplitMix64(seed: 0x4341_4E4F_4E49_4341)  // "CANONICA"
        let pieces = ["a", "/", "?", "&", "=", "#", ";", "(", ")", "utm_source", "UTM_x", "sid", "Sid=1", "page=2", "fbclid=", "%41", "x.y"]
        for stripPathSessions in [true, false] {
            let c = LinkCanonicalizer(stripPathSessions: stripPathSessions)
            for _ in 0..<5_000 {
                let tail = (0..<rng.int(in: 0...8)).map { _ in pieces[rng.int(in: 0..<pieces.count)] }.joined()
                guard let url = CrawlURL("http://a.example/" + tail) else { continue }
                #expect(c.canonical(url).href == c.rewritten(url).href, "\(url.href)")
            }
        }
    }

    @Test("the list is configurable; an empty list strips nothing")
    func configurable() {
        let custom = LinkCanonicalizer(parameters: ["ref", "mc_*"], stripPathSessions: false)
        #expect(canonical("http://a.example/a?ref=x&mc_cid=1&utm_source=y", custom) == "http://a.example/a?utm_source=y")
        #expect(canonical("http://a.example/(S(4hqa0555fwsecu455xqckv45))/m.aspx", custom) == "http://a.example/(S(4hqa0555fwsecu455xqckv45))/m.aspx")
        let none = LinkCanonicalizer(parameters: [], stripPathSessions: false)
        #expect(canonical("http://a.example/a?utm_source=x;jsessionid=1", none) == "http://a.example/a?utm_source=x;jsessionid=1")
    }

    /// `<shared>/conformance/url/urlcanon/` (see `LinkCanonicalizerTests.directory`).
    static var directory: URL {
        if let shared = ProcessInfo.processInfo.environment["TRAWL_SHARED"], !shared.isEmpty {
            return URL(fileURLWithPath: shared).appendingPathComponent("conformance/url/urlcanon")
        }
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent("../shared/conformance/url/urlcanon").standardized
    }

    static func load(_ file: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// urlcanon's `stripPathSessionId` group (surt.json): ASP.NET cookieless session segments.
    /// Trawl's rule is the same, so every case must pass.
    @Test("urlcanon surt.json stripPathSessionId: all pass")
    func surtStripPathSessionID() throws {
        let cases = try #require(try Self.load("surt.json")["stripPathSessionId"] as? [String: String])
        var passed = 0
        for (input, expected) in cases.sorted(by: { $0.key < $1.key }) {
            let got = String(canonical("http://h.example" + input).dropFirst("http://h.example".count))
            #expect(got == expected, "\(input)")
            if got == expected { passed += 1 }
        }
        print("urlcanon stripPathSessionId: \(passed)/\(cases.count)")
        #expect(cases.count == 4)
    }

    /// urlcanon's aggressive canonicalizer (aggressive.json) also drops `www`, the scheme
    /// distinction, trailing slashes, and sorts and lowercases the query; Trawl does none of
    /// those (they change which resource is fetched). The cases whose only change is a session id
    /// (query or path) or an ASP.NET segment are the ones Trawl's rules cover: the URL Trawl gives
    /// must equal urlcanon's, compared after the one rule Trawl does not share, dropping a trailing
    /// `/` left by removing a `;jsessionid` segment.
    @Test("urlcanon aggressive.json: the session-id cases pass")
    func aggressiveSessionIDs() throws {
        let cases = try #require(try Self.load("aggressive.json") as? [String: String])
        let sessionCases = cases.filter { input, _ in
            let lower = input.lowercased()
            return ["sessionid", "phpsessid", "sid=", "cfid", "(s(", "(4hqa"].contains { lower.contains($0) }
                && !lower.contains("www")
        }
        var passed = 0
        var differing: [String] = []
        for (input, expected) in sessionCases.sorted(by: { $0.key < $1.key }) {
            var got = canonical(input)
            if input.contains("/;"), got.hasSuffix("/") { got.removeLast() }
            if got == expected { passed += 1 } else { differing.append("\(input) -> \(got) (urlcanon: \(expected))") }
        }
        print("urlcanon aggressive session cases: \(passed)/\(sessionCases.count) of \(cases.count) cases; differing: \(differing)")
        #expect(sessionCases.count >= 9)
        #expect(passed == sessionCases.count, "\(differing)")
    }
}
