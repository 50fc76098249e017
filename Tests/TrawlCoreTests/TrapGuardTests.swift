import Foundation
import Testing
@testable import TrawlCore
import TrawlTestSupport
import TrawlURL

/// Spider-trap guards: URL length, path segments, repeated segment runs, outlinks per page.
@Suite("Trap guards", .serialized)
struct TrapGuardTests {
    func admits(_ url: String, _ scope: Scope = Scope(seedOrigins: ["http://a.example"])) -> Bool {
        scope.admits(CrawlURL(url)!.normalizedForCrawl(), depth: 1)
    }

    @Test("runs of segments repeated back to back more than twice are rejected")
    func repeatedSegments() {
        #expect(admits("http://a.example/a/b/a/b"))
        #expect(!admits("http://a.example/a/b/a/b/a/b"))
        #expect(admits("http://a.example/a/a/x"))
        #expect(!admits("http://a.example/x/a/a/a"))
        #expect(!admits("http://a.example/cal/2024/cal/2024/cal/2024/?m=1"))
        #expect(admits("http://a.example/a/b/c/a/b/c?a/a/a/a"), "the query is not part of the path")
        #expect(Scope.longestRepeat(["x", "a", "b", "a", "b", "a", "b", "y"]) == 3)
        #expect(Scope.longestRepeat(["a", "b", "c"]) == 1)
    }

    @Test("the byte-wise trap check decides like splitting the path into Substrings (random paths, empty segments, limits)")
    func byteCheckMatchesSubstringDefinition() {
        func reference(_ url: CrawlURL, _ scope: Scope) -> Bool {
            var path = Substring(url.pathAndQuery)
            if let query = path.firstIndex(of: "?") { path = path[..<query] }
            let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            guard segments.count <= scope.maxPathSegments else { return true }
            return Scope.longestRepeat(Array(segments)) > scope.maxSegmentRepeats
        }
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "b", "ab", "", "x%2F", "2024"]
        for repeats in 1...3 {
            let scope = Scope(seedOrigins: ["http://a.example"], maxPathSegments: 12, maxSegmentRepeats: repeats)
            for _ in 0..<400 {
                let path = (0..<Int.random(in: 0...14, using: &generator))
                    .map { _ in pieces.randomElement(using: &generator)! }.joined(separator: "/")
                let url = CrawlURL("http://a.example/" + path + "?q=a/a/a")!
                #expect(scope.looksLikeTrap(url) == reference(url, scope), "\(url.href)")
            }
        }
    }

    @Test("URL length and path segment limits")
    func lengthAndSegments() {
        let scope = Scope(seedOrigins: ["http://a.example"], maxURLLength: 40, maxPathSegments: 3)
        #expect(admits("http://a.example/1/2/3", scope))
        #expect(!admits("http://a.example/1/2/3/4", scope))
        #expect(!admits("http://a.example/" + String(repeating: "x", count: 30), scope))
        #expect(admits("http://a.example/" + String(repeating: "x", count: 2000)))
        #expect(!admits("http://a.example/" + String(repeating: "x", count: 2100)))
    }

    @Test("a self-nesting relative link stops at the repeat bound, measured at the server")
    func nestingTrap() async throws {
        let server = try await TestHTTPServer.start { request in
            request.target == "/robots.txt" ? .notFound : .html("<!DOCTYPE html><html><body><a href=\"a/\">deeper</a></body></html>")
        }
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: [server.origin + "/"], settings: CrawlHarness.settings())
        try await server.shutdown()
        #expect(Set(server.requests().pageURLs.map { $0.dropFirst(server.origin.count) }) == ["/", "/a/", "/a/a/"])
    }

    @Test("only the first max_outlinks links of a page are taken")
    func outlinks() async throws {
        let server = try await TestHTTPServer.start { request in
            switch request.target {
            case "/robots.txt": return .notFound
            case "/": return .html("<!DOCTYPE html><html><body>" + (1...20).map { "<a href=\"/p\($0)\">\($0)</a>" }.joined() + "</body></html>")
            default: return .html("<!DOCTYPE html><html><body>leaf</body></html>")
            }
        }
        let harness = try CrawlHarness()
        var settings = CrawlHarness.settings()
        settings.scope.maxOutlinks = 5
        try await harness.crawl(seeds: [server.origin + "/"], settings: settings)
        try await server.shutdown()
        #expect(Set(server.requests().pageURLs.map { $0.dropFirst(server.origin.count) }) == ["/", "/p1", "/p2", "/p3", "/p4", "/p5"])
    }
}
