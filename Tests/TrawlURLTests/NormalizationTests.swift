import Foundation
import Testing

import TrawlURL

@Suite struct NormalizationTests {
    @Test func dropsFragment() throws {
        let url = try #require(CrawlURL("http://example.com/a?b=c#section"))
        #expect(url.normalizedForCrawl().href == "http://example.com/a?b=c")
        #expect(try #require(CrawlURL("http://example.com/#")).normalizedForCrawl().href == "http://example.com/")
        let n = url.normalizedForCrawl()
        #expect(n.hash == "" && n.search == "?b=c" && n.pathname == "/a")
    }

    @Test func uppercasesPercentEscapes() throws {
        let url = try #require(CrawlURL("http://example.com/a%3ab%2f?x=%c3%a9&y=%2F#f%3a"))
        #expect(url.normalizedForCrawl().href == "http://example.com/a%3Ab%2F?x=%C3%A9&y=%2F")
        // Userinfo escapes too; a "%" that is not an escape stays.
        let u = try #require(CrawlURL("http://us%3aer@example.com/100%/%zz"))
        #expect(u.normalizedForCrawl().href == "http://us%3Aer@example.com/100%/%zz")
    }

    @Test func decodesUnreservedEscapes() throws {
        let url = try #require(CrawlURL("http://example.com/%7Euser/%41%62c%2D%5F%2E?q=%7e%20"))
        #expect(url.normalizedForCrawl().href == "http://example.com/~user/Abc-_.?q=~%20")
    }

    @Test func keepsWHATWGNormalization() throws {
        let url = try #require(CrawlURL("HTTP://www.EXAMPLE.com:80/a/./b/../c"))
        #expect(url.normalizedForCrawl().href == "http://www.example.com/a/c")
        // Already canonical: returned unchanged.
        let canonical = try #require(CrawlURL("http://example.com/x?y"))
        #expect(canonical.normalizedForCrawl() == canonical)
    }

    /// The normal form is a fixed point: normalizing again, or re-parsing its href, changes nothing.
    static func expectIdempotent(_ url: CrawlURL, sourceLocation: SourceLocation = #_sourceLocation) {
        let once = url.normalizedForCrawl()
        let twice = once.normalizedForCrawl()
        #expect(once == twice, "\(url.href) -> \(once.href) -> \(twice.href)", sourceLocation: sourceLocation)
        let reparsed = CrawlURL(once.href)
        #expect(reparsed == once, "\(once.href) re-parses to \(reparsed?.href ?? "failure")", sourceLocation: sourceLocation)
        #expect(reparsed?.pathname == once.pathname && reparsed?.hostname == once.hostname, sourceLocation: sourceLocation)
        #expect(once.hash.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func idempotenceOnURLCanonData() throws {
        guard let json = SharedData.loadURLData("urlcanon/idempotence.json") else { return }
        let inputs = try #require(json as? [String])
        var parsed = 0
        for input in inputs {
            guard let url = CrawlURL(input) else { continue }  // e.g. "random!!garbage"
            parsed += 1
            Self.expectIdempotent(url)
        }
        #expect(parsed > 30)
    }

    @Test func idempotenceOnWHATWGData() throws {
        guard let json = SharedData.loadURLData("urltestdata.json") else { return }
        let entries = try #require(json as? [Any])
        var checked = 0
        for case let testCase as [String: Any] in entries {
            guard let input = testCase["input"] as? String else { continue }
            let base = (testCase["base"] as? String).flatMap { CrawlURL($0) }
            guard let url = CrawlURL(input, relativeTo: base) else { continue }
            checked += 1
            Self.expectIdempotent(url)
        }
        #expect(checked > 500)
    }
}

extension NormalizationTests {
    @Test func strayPercentDoesNotPairWithDecodedByte() throws {
        let url = try #require(CrawlURL("http://h/%%41d/%4%41"))
        #expect(url.normalizedForCrawl().href == "http://h/%%41d/%4%41")
        Self.expectIdempotent(url)
    }
}
