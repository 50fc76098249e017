import Foundation
import Testing
import TrawlApp
@testable import TrawlCore
import TrawlTestSupport

/// `[scope]` keys for sitemaps and trap guards, the page budget's state machine, and a budget
/// that survives a restart.
@Suite("Scope keys and page budget", .serialized)
struct ScopeGuardUnitTests {
    @Test("[scope] sitemaps, max_pages_per_host, strip_params, strip_path_sessions are applied; defaults on")
    func configKeys() throws {
        let defaults = try TrawlConfig.parse(text: "seeds = []\n", file: "/srv/t.toml").settings.scope
        #expect(defaults.sitemaps)
        #expect(defaults.maxPagesPerHost == 100_000)
        #expect(defaults.canonicalizer == LinkCanonicalizer())
        let scope = try TrawlConfig.parse(text: """
            [scope]
            sitemaps = false
            max_pages_per_host = 12
            strip_params = ["ref", "mc_*"]
            strip_path_sessions = false
            """, file: "/srv/t.toml").settings.scope
        #expect(!scope.sitemaps)
        #expect(scope.maxPagesPerHost == 12)
        #expect(scope.canonicalizer == LinkCanonicalizer(parameters: ["ref", "mc_*"], stripPathSessions: false))
    }

    @Test("a strip_params entry that is not a parameter name is a located error")
    func badStripParam() throws {
        do {
            _ = try TrawlConfig.parse(text: "[scope]\nstrip_params = [\"utm_*\", \"a=b\"]\n", file: "/srv/t.toml")
            Issue.record("accepted a=b")
        } catch {
            #expect(error.key == "scope.strip_params")
            #expect(error.line == 2)
            #expect(error.message.contains("a=b"))
        }
        #expect(throws: (any Error).self) { try TrawlConfig.parse(text: "[scope]\nmax_pages_per_host = 0\n", file: "/srv/t.toml") }
    }

    @Test("HostBudget: reserve keeps what fits per origin, settle gives known URLs their place back")
    func budget() {
        var budget = HostBudget(limit: 3, counts: ["http://a": 1])
        let offered = ["x", "y", "z"].map { Discovery(url: "http://a/\($0)", origin: "http://a", depth: 1) }
            + [Discovery(url: "http://b/1", origin: "http://b", depth: 1)]
        let kept = budget.reserve(offered)
        #expect(kept.map(\.url) == ["http://a/x", "http://a/y", "http://b/1"])
        #expect(budget.isExhausted("http://a"))
        #expect(budget.reserve(offered).map(\.url) == ["http://b/1"], "a is full; b has room")
        // The store added only http://a/x (y was known): y's place comes back.
        budget.settle(reserved: kept, added: [FrontierEntry(
            id: 1, url: "http://a/x", hostID: 1, origin: "http://a", depth: 1, redirects: 0, attempts: 0, notBefore: 0)])
        #expect(!budget.isExhausted("http://a"))
        #expect(budget.counts["http://a"] == 2)
    }

    @Test("the page budget holds across a restart (counts rebuilt from the frontier)")
    func budgetAcrossRestart() async throws {
        let server = try await TestHTTPServer.start { request in
            if request.target == "/robots.txt" { return .notFound }
            let here = request.path == "/" ? "" : request.path
            return .html("<!DOCTYPE html><html><body>" + (0..<8).map { "<a href=\"\(here)/\($0)\">x</a>" }.joined() + "</body></html>")
        }
        var settings = CrawlHarness.settings(delay: .zero, perHost: 2)
        settings.scope.maxPagesPerHost = 10
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: [server.origin + "/"], settings: settings)
        #expect(server.requests().pageURLs.count == 10)
        // A second run on the same database with a new seed on the same host: the host is full.
        try await harness.crawl(seeds: [server.origin + "/extra"], settings: settings)
        try await server.shutdown()
        let pages = server.requests().pageURLs
        #expect(pages.count == 11, "only the new seed itself (seeds bypass the budget), none of its links")
        #expect(pages.last == server.origin + "/extra")
    }

    @Test("robots = ignore: /sitemap.xml is still queued for each seed host")
    func sitemapsWithRobotsIgnored() async throws {
        let server = try await TestHTTPServer.start { request in
            switch request.target {
            case "/sitemap.xml":
                return TestResponse(
                    headers: [("Content-Type", "text/xml")],
                    body: Array("<urlset><url><loc>\(request.serverOrigin)/only-in-sitemap</loc></url></urlset>".utf8))
            default: return .html("<!DOCTYPE html><html><body>none</body></html>")
            }
        }
        var settings = CrawlHarness.settings()
        settings.politeness.robots.mode = .ignore
        settings.scope.sitemaps = true
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: [server.origin + "/"], settings: settings)
        try await server.shutdown()
        let targets = Set(server.requests().map(\.target))
        #expect(targets == ["/", "/sitemap.xml", "/only-in-sitemap"], "robots.txt not fetched, the sitemap is")
    }
}
