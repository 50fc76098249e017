import Foundation
import Testing
import TrawlCore
import TrawlTestSupport

/// End-to-end crawls of a generated multi-host site on loopback, asserted at the server.
@Suite("End-to-end crawl", .serialized)
struct CrawlEndToEndTests {
    @Test("every reachable in-scope page is requested exactly once and archived; nothing out of scope is requested")
    func completeAndExactlyOnce() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 3, pagesPerHost: 12, duplicates: 2))
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: servers.seeds, settings: CrawlHarness.settings())
        try await servers.shutdown()

        let requested = servers.requests().pageURLs
        var perURL: [String: Int] = [:]
        for url in requested { perURL[url, default: 0] += 1 }
        #expect(Set(requested) == servers.expectedURLs)
        #expect(perURL.filter { $0.value > 1 }.isEmpty, "requested more than once: \(perURL.filter { $0.value > 1 })")
        #expect(servers.outside.requests().isEmpty, "out-of-scope server was contacted")

        let captures = try harness.captureCounts()
        #expect(Set(captures.keys) == servers.expectedURLs)
        #expect(captures.values.allSatisfy { $0 == 1 })
        let notFound = try harness.query("SELECT url FROM captures WHERE status = 404") { $0.string(0) ?? "" }
        #expect(Set(notFound) == servers.notFoundURLs)
        let redirects = try harness.query("SELECT url, final_url FROM captures WHERE status = 301") {
            ($0.string(0) ?? "", $0.string(1) ?? "")
        }
        #expect(Dictionary(uniqueKeysWithValues: redirects) == servers.redirects)
        let states = try harness.query("SELECT state, count(*) FROM urls GROUP BY state") { ($0.int(0), $0.int(1)) }
        #expect(states.count == 1 && states.first?.0 == URLState.done.rawValue, "all URLs done: \(states)")
    }

    @Test("identical bodies under different URLs are stored once")
    func identicalBodiesStoredOnce() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 2, pagesPerHost: 10, duplicates: 3))
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: servers.seeds, settings: CrawlHarness.settings())
        try await servers.shutdown()

        #expect(!servers.duplicateGroups.isEmpty)
        let rows = try harness.query("SELECT url, hex(content_hash) FROM captures") { ($0.string(0) ?? "", $0.string(1) ?? "") }
        let hashByURL = Dictionary(uniqueKeysWithValues: rows)
        for group in servers.duplicateGroups {
            let hashes = Set(group.map { hashByURL[$0] })
            #expect(hashes.count == 1 && hashes.first != nil, "group \(group) has \(hashes.count) different bodies")
        }
        let distinctHashes = Set(hashByURL.values.filter { !$0.isEmpty }).count
        let contents = try harness.query("SELECT count(*) FROM contents") { $0.int(0) }.first ?? -1
        #expect(contents == distinctHashes)
        #expect(contents < hashByURL.count, "duplicates must share a stored body")
        // Without WARC output the database is the only copy: every body is in it.
        let kept = try harness.query("SELECT count(*) FROM contents WHERE body IS NOT NULL AND encoding IN ('zlib', 'identity')") { $0.int(0) }
        #expect(kept.first == contents)
    }

    @Test("per host, request arrivals are at least delay_ms apart, while hosts overlap")
    func politenessGapsAndOverlap() async throws {
        let delay = Duration.milliseconds(150)
        let servers = try await TestSiteServers.start(TestSite(hosts: 3, pagesPerHost: 6, duplicates: 0))
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: servers.seeds, settings: CrawlHarness.settings(delay: delay, perHost: 1))
        try await servers.shutdown()

        var spans: [(start: ContinuousClock.Instant, end: ContinuousClock.Instant)] = []
        for server in servers.servers {
            let arrivals = server.requests().map(\.arrival).sorted()
            #expect(arrivals.count >= 5)
            let gaps = zip(arrivals.dropFirst(), arrivals).map { $0 - $1 }
            let smallest = gaps.min() ?? .zero
            #expect(smallest >= delay, "host \(server.origin): smallest gap \(smallest) < \(delay)")
            if let first = arrivals.first, let last = arrivals.last { spans.append((first, last)) }
        }
        // Not serial: every pair of hosts was being crawled at the same time.
        for (i, a) in spans.enumerated() {
            for b in spans[(i + 1)...] {
                #expect(max(a.start, b.start) < min(a.end, b.end), "two hosts were crawled one after the other")
            }
        }
    }

    @Test("out-of-scope hosts stay untouched even when include/exclude rules are set")
    func excludePatternIsHonoured() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 1, pagesPerHost: 10, duplicates: 0))
        let harness = try CrawlHarness()
        var settings = CrawlHarness.settings()
        settings.scope.exclude = [try Scope.Pattern("/print/|\\?page=")]
        try await harness.crawl(seeds: servers.seeds, settings: settings)
        try await servers.shutdown()
        let requested = servers.requests().pageURLs
        #expect(!requested.isEmpty)
        #expect(requested.allSatisfy { !$0.contains("?page=") && !$0.contains("/print/") })
        #expect(servers.outside.requests().isEmpty)
    }

    @Test("max_depth bounds the crawl: depth 0 fetches only the seeds")
    func maxDepthZero() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 2, pagesPerHost: 6, duplicates: 0))
        let harness = try CrawlHarness()
        var settings = CrawlHarness.settings()
        settings.scope.maxDepth = 0
        try await harness.crawl(seeds: servers.seeds, settings: settings)
        try await servers.shutdown()
        #expect(Set(servers.requests().pageURLs) == Set(servers.seeds))
    }
}
