import Foundation
import Testing
@testable import TrawlCore
import TrawlTestSupport

/// Sitemaps and the trap guards that bound what enters the frontier, measured at the server.
@Suite("Sitemaps and trap guards (crawls)", .serialized)
struct SitemapCrawlTests {
    static let page = "<!DOCTYPE html><html><body><p>leaf</p></body></html>"

    static func xml(_ text: String, headers: [(name: String, value: String)] = []) -> TestResponse {
        TestResponse(headers: [("Content-Type", "application/xml")] + headers, body: Array(text.utf8))
    }

    static func urlset(_ locs: [String]) -> String {
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
            + locs.map { "<url><loc>\($0)</loc></url>" }.joined() + "</urlset>"
    }

    static func settings(sitemaps: Bool = true) -> CrawlSettings {
        var settings = CrawlHarness.settings(delay: .milliseconds(1), perHost: 2)
        settings.scope.sitemaps = sitemaps
        return settings
    }

    static func paths(_ server: TestHTTPServer) -> [String] {
        server.requests().map(\.target).filter { $0 != "/robots.txt" }
    }

    @Test("URLs listed only in /sitemap.xml and in a robots.txt Sitemap: line are crawled; off, they are not")
    func unlinkedSitemapURLs() async throws {
        let server = try await TestHTTPServer.start { request in
            let origin = request.serverOrigin
            switch request.target {
            case "/robots.txt": return .text("User-agent: *\nDisallow: /private\nSitemap: \(origin)/maps/from-robots.xml\n")
            case "/": return .html("<!DOCTYPE html><html><body>no links here</body></html>")
            case "/sitemap.xml": return Self.xml(Self.urlset(["\(origin)/well-known-1", "/well-known-2", "http://elsewhere.invalid/x"]))
            case "/maps/from-robots.xml":
                return Self.xml(Self.urlset(["\(origin)/robots-listed?utm_source=feed", "\(origin)/private/secret"]))
            default: return .html(Self.page)
            }
        }
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: [server.origin + "/"], settings: Self.settings())
        let fetched = Set(Self.paths(server))
        #expect(fetched == ["/", "/sitemap.xml", "/maps/from-robots.xml", "/well-known-1", "/well-known-2", "/robots-listed"])
        let depths = try harness.query("SELECT url, depth FROM urls") { ($0.string(0) ?? "", $0.int(1)) }
        let depth = Dictionary(uniqueKeysWithValues: depths)
        #expect(depth[server.origin + "/sitemap.xml"] == 0)
        #expect(depth[server.origin + "/well-known-1"] == 1)

        server.clearRequests()
        let off = try CrawlHarness()
        try await off.crawl(seeds: [server.origin + "/"], settings: Self.settings(sitemaps: false))
        try await server.shutdown()
        #expect(Set(Self.paths(server)) == ["/"])
    }

    @Test("a sitemap index pointing to a .xml.gz sitemap and a Content-Encoding: gzip one")
    func indexAndGzip() async throws {
        let server = try await TestHTTPServer.start { request in
            let origin = request.serverOrigin
            switch request.target {
            case "/robots.txt": return .notFound
            case "/": return .html("<!DOCTYPE html><html><body>nothing</body></html>")
            case "/sitemap.xml":
                return Self.xml("""
                    <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                      <sitemap><loc>\(origin)/maps/a.xml.gz</loc></sitemap>
                      <sitemap><loc>\(origin)/maps/b.xml</loc><lastmod>2024-01-01</lastmod></sitemap>
                    </sitemapindex>
                    """)
            case "/maps/a.xml.gz":
                let body = (try? TestGzip.compress(Array(Self.urlset(["\(origin)/ga1", "\(origin)/ga2"]).utf8))) ?? []
                return TestResponse(headers: [("Content-Type", "application/x-gzip")], body: body)
            case "/maps/b.xml":
                let body = (try? TestGzip.compress(Array(Self.urlset(["\(origin)/gb1"]).utf8))) ?? []
                return TestResponse(headers: [("Content-Type", "application/xml"), ("Content-Encoding", "gzip")], body: body)
            default: return .html(Self.page)
            }
        }
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: [server.origin + "/"], settings: Self.settings())
        try await server.shutdown()
        #expect(Set(Self.paths(server)) == ["/", "/sitemap.xml", "/maps/a.xml.gz", "/maps/b.xml", "/ga1", "/ga2", "/gb1"])
    }

    /// `/cal?month=N` links to `N+1`, forever; nothing else bounds it here (depth 1000).
    static func calendar() async throws -> TestHTTPServer {
        try await TestHTTPServer.start { request in
            if request.target == "/robots.txt" { return .notFound }
            let month = Int(request.target.split(separator: "=").last ?? "") ?? 0
            return .html("<!DOCTYPE html><html><body><a href=\"/cal?month=\(month + 1)\">next</a></body></html>")
        }
    }

    @Test("a calendar trap stops at the page budget")
    func calendarBudget() async throws {
        let server = try await Self.calendar()
        var settings = Self.settings(sitemaps: false)
        settings.scope.maxDepth = 1000
        settings.scope.maxPagesPerHost = 25
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: [server.origin + "/cal?month=0"], settings: settings)
        try await server.shutdown()
        let paths = Self.paths(server)
        #expect(paths.count == 25)
        #expect(Set(paths) == Set((0..<25).map { "/cal?month=\($0)" }))
    }

    @Test("a calendar trap stops at max_depth")
    func calendarDepth() async throws {
        let server = try await Self.calendar()
        var settings = Self.settings(sitemaps: false)
        settings.scope.maxDepth = 6
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: [server.origin + "/cal?month=0"], settings: settings)
        try await server.shutdown()
        #expect(Set(Self.paths(server)) == Set((0...6).map { "/cal?month=\($0)" }))
    }

    @Test("tracking parameters and session ids are stripped: /a?utm_source=x and /a are fetched once")
    func trackingParameters() async throws {
        let links = ["/a?utm_source=x", "/a", "/a?fbclid=1&x=2", "/a?x=2&gclid=3", "/b;jsessionid=ABC", "/b", "/c?utm_medium=m&utm_campaign=c"]
        let server = try await TestHTTPServer.start { request in
            switch request.target {
            case "/robots.txt": return .notFound
            case "/": return .html("<!DOCTYPE html><html><body>" + links.map { "<a href=\"\($0)\">l</a>" }.joined() + "</body></html>")
            default: return .html(Self.page)
            }
        }
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: [server.origin + "/"], settings: Self.settings(sitemaps: false))
        try await server.shutdown()
        let paths = Self.paths(server)
        #expect(paths.sorted() == ["/", "/a", "/a?x=2", "/b", "/c"])
    }

    @Test("the page budget holds with concurrent fetches on a wide site, and across hosts separately")
    func pageBudget() async throws {
        // Every page links to 40 new pages: 40 × 40 … far past the budget.
        let handler: @Sendable (RecordedRequest) -> TestResponse = { request in
            if request.target == "/robots.txt" { return .notFound }
            let here = request.path == "/" ? "" : request.path
            return .html("<!DOCTYPE html><html><body>" + (0..<40).map { "<a href=\"\(here)/\($0)\">x</a>" }.joined() + "</body></html>")
        }
        let first = try await TestHTTPServer.start(handler: handler)
        let second = try await TestHTTPServer.start(handler: handler)
        var settings = CrawlHarness.settings(delay: .zero, perHost: 6, transfers: 12)
        settings.scope.maxPagesPerHost = 30
        settings.scope.maxDepth = 5
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: [first.origin + "/", second.origin + "/"], settings: settings)
        try await first.shutdown()
        try await second.shutdown()
        #expect(Self.paths(first).count == 30)
        #expect(Self.paths(second).count == 30)
        #expect(Set(Self.paths(first)).count == 30)
        let queued = try harness.query("SELECT count(*) FROM urls") { $0.int(0) }
        #expect(queued == [60], "nothing past the budget entered the frontier")
    }
}
