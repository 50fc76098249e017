import Foundation
import Synchronization
import Testing
import TrawlCore
import TrawlTestSupport

/// Politeness rules measured at loopback servers: robots.txt, Crawl-delay, Retry-After and the
/// adaptive delay. Each test would fail without the rule it names; gaps are lower bounds only.
@Suite("Politeness end to end", .serialized)
struct PolitenessEndToEndTests {
    /// Test settings with a small back-off (the defaults would make failing hosts wait seconds).
    static func settings(delay: Duration = .zero, robots: RobotsPolicy.Mode = .obey) -> CrawlSettings {
        var settings = CrawlHarness.settings(delay: delay)
        settings.politeness.backoff = .milliseconds(100)
        settings.politeness.maxBackoff = .milliseconds(400)
        settings.politeness.robots.mode = robots
        return settings
    }

    /// A one-host site: `/` links `/p1` … `/pN`; each answer takes `delay`; `robots` (or 404).
    static func smallSite(pages: Int, delay: Duration = .zero, robots: String? = nil,
                          override: (@Sendable (RecordedRequest) -> TestResponse?)? = nil) async throws -> TestHTTPServer {
        try await TestHTTPServer.start { request in
            if let response = override?(request) { return response.delayed(by: delay) }
            switch request.target {
            case "/robots.txt":
                return (robots.map { TestResponse.text($0) } ?? .notFound).delayed(by: delay)
            case "/":
                let links = (1...pages).map { "<a href=\"/p\($0)\">\($0)</a>" }.joined()
                return TestResponse.html("<!DOCTYPE html><html><body>\(links)</body></html>").delayed(by: delay)
            default:
                return TestResponse.html("<!DOCTYPE html><html><body><p>\(request.target)</p></body></html>").delayed(by: delay)
            }
        }
    }

    static func gaps(_ requests: [RecordedRequest]) -> [Duration] {
        let arrivals = requests.map(\.arrival).sorted()
        return zip(arrivals.dropFirst(), arrivals).map { $0 - $1 }
    }

    func status(_ harness: CrawlHarness) async throws -> CrawlStatus {
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let status = try await store.status()
        await store.close()
        return status
    }

    @Test("a 503 with Retry-After: 2 holds the whole host for at least 2 s")
    func retryAfterHoldsHost() async throws {
        let served = Counter()
        let server = try await Self.smallSite(pages: 2) { request in
            guard request.target == "/", served.increment() == 1 else { return nil }
            return TestResponse(status: 503, headers: [(name: "Retry-After", value: "2")], body: Array("busy".utf8))
        }
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: [server.origin + "/"], settings: Self.settings())
        try await server.shutdown()

        let requests = server.requests()
        let first = try #require(requests.firstIndex { $0.target == "/" })
        #expect(requests.count > first + 1)
        let held = requests[first + 1].arrival - requests[first].arrival
        #expect(held >= .seconds(2), "next request \(held) after the 503, Retry-After said 2 s")
        #expect(requests.filter { $0.target == "/" }.count == 2, "the 503 page is retried once")
        #expect(Set(requests.map(\.target)) == ["/robots.txt", "/", "/p1", "/p2"])
    }

    @Test("robots.txt answering 500 stops every other fetch to that host")
    func robotsServerErrorDisallowsAll() async throws {
        let server = try await Self.smallSite(pages: 3) { request in
            request.target == "/robots.txt" ? .text("oops", status: 500) : nil
        }
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: [server.origin + "/"], settings: Self.settings())
        try await server.shutdown()

        let targets = server.requests().map(\.target)
        #expect(!targets.isEmpty)
        #expect(targets.allSatisfy { $0 == "/robots.txt" }, "requested despite robots.txt 500: \(targets)")
        let host = try #require(try await status(harness).hosts.first)
        #expect(host.robots == "disallow-all")
        #expect(host.robotsDetail == "HTTP 500")
        #expect(host.queued == 1, "the seed stays queued for a later attempt")
    }

    @Test("a 404 robots.txt allows all; it is fetched once per host, before anything else")
    func robotsNotFoundAllowsAll() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 2, pagesPerHost: 6, duplicates: 0))
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: servers.seeds, settings: Self.settings())
        try await servers.shutdown()

        #expect(Set(servers.requests().pageURLs) == servers.expectedURLs)
        for server in servers.servers {
            let targets = server.requests().map(\.target)
            #expect(targets.first == "/robots.txt")
            #expect(targets.filter { $0 == "/robots.txt" }.count == 1)
        }
        let hosts = try await status(harness).hosts
        #expect(hosts.allSatisfy { $0.robots == "allow-all" && $0.robotsDetail == "HTTP 404" })
    }

    static let sportRules = "User-agent: trawltest\nDisallow: /sport/\n\nUser-agent: *\nDisallow: /\n"

    @Test("URLs robots.txt disallows are never requested and are recorded as blocked")
    func disallowedNeverRequested() async throws {
        var site = TestSite(hosts: 1, pagesPerHost: 12, duplicates: 0)
        site.robotsTxt[0] = Self.sportRules
        let servers = try await TestSiteServers.start(site)
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: servers.seeds, settings: Self.settings())
        try await servers.shutdown()

        let paths = servers.requests().map(\.path)
        #expect(paths.count > 3, "the agent's own group allows the rest of the site")
        #expect(!paths.contains { $0.hasPrefix("/sport/") }, "disallowed URLs were requested")
        let blocked = try harness.query("SELECT url, last_error FROM urls WHERE state = 4") { ($0.string(0) ?? "", $0.string(1) ?? "") }
        #expect(!blocked.isEmpty)
        #expect(blocked.allSatisfy { $0.0.contains("/sport/") && $0.1.contains("robots.txt") })
        let captured = try harness.query("SELECT count(*) FROM captures WHERE url LIKE '%/sport/%'") { $0.int(0) }
        #expect(captured == [0])
        let status = try await status(harness)
        #expect(status.urlsBlocked == blocked.count)
        #expect(status.hosts.first?.blocked == blocked.count)
    }

    @Test("robots = ignore fetches disallowed pages and never asks for robots.txt")
    func ignoreMode() async throws {
        var site = TestSite(hosts: 1, pagesPerHost: 12, duplicates: 0)
        site.robotsTxt[0] = Self.sportRules
        let servers = try await TestSiteServers.start(site)
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: servers.seeds, settings: Self.settings(robots: .ignore))
        try await servers.shutdown()

        let paths = servers.requests().map(\.path)
        #expect(paths.contains { $0.hasPrefix("/sport/") })
        #expect(!paths.contains("/robots.txt"))
        #expect(Set(servers.requests().pageURLs) == servers.expectedURLs)
    }

    @Test("Crawl-delay: 1 spaces requests at least 1 s apart even with delay_ms = 0")
    func crawlDelaySpacing() async throws {
        let server = try await Self.smallSite(pages: 3, robots: "User-agent: *\nCrawl-delay: 1\n")
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: [server.origin + "/"], settings: Self.settings(delay: .zero))
        try await server.shutdown()

        let requests = server.requests()
        #expect(requests.count == 5)
        let smallest = Self.gaps(requests).min() ?? .zero
        #expect(smallest >= .seconds(1), "smallest gap \(smallest) with Crawl-delay 1")
        #expect(try await status(harness).hosts.first?.delayReason == "crawl-delay")
    }

    @Test("a slow host gets factor × response-time gaps while a fast host beside it is not slowed")
    func adaptiveDelay() async throws {
        let slow = try await Self.smallSite(pages: 4, delay: .milliseconds(200))
        let fast = try await Self.smallSite(pages: 4)
        let harness = try CrawlHarness()
        var settings = Self.settings(delay: .zero)
        settings.politeness.delayFactor = 2
        try await harness.crawl(seeds: [slow.origin + "/", fast.origin + "/"], settings: settings)
        try await slow.shutdown()
        try await fast.shutdown()

        let slowRequests = slow.requests().sorted { $0.arrival < $1.arrival }
        let fastRequests = fast.requests().sorted { $0.arrival < $1.arrival }
        #expect(slowRequests.count == 6 && fastRequests.count == 6)
        let smallest = Self.gaps(slowRequests).min() ?? .zero
        #expect(smallest >= .milliseconds(400), "slow host: smallest gap \(smallest) < 2 × 200 ms")
        // The fast host is done before the slow one has had its third request.
        if slowRequests.count > 2, let fastLast = fastRequests.last {
            #expect(fastLast.arrival < slowRequests[2].arrival, "the fast host was held back by the slow one")
        }
        let hosts = try await status(harness).hosts
        #expect(hosts.first { $0.host == slow.origin }?.delayReason == "adaptive")
    }
}

/// A thread-safe counter for handlers that answer differently the n-th time.
final class Counter: Sendable {
    private let value = Mutex(0)
    /// Adds one and returns the new value.
    func increment() -> Int { value.withLock { $0 += 1; return $0 } }
}
