import Foundation
import Testing
import TrawlTestSupport

/// kill -9 in the middle of a crawl loses nothing: the next run completes the archive exactly once.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    @Test("SIGKILL mid-crawl, restart: every page archived exactly once, integrity ok")
    func killAndResume() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 2, pagesPerHost: 40, duplicates: 2))
        let harness = try CrawlHarness()
        let config = try harness.writeConfig(seeds: servers.seeds, """
            [politeness]
            delay_ms = 40
            per_host = 1
            [network]
            allow_private = true
            """)

        // First run: wait until part of the site is archived, then kill -9.
        let (process, _, _) = try TrawlProcess.start(["crawl", "--config", config, "--log-level", "error"])
        let killed = await TrawlProcess.killWhen(pid: process.processIdentifier, harness: harness, captures: 10)
        #expect(killed, "the crawl finished before it could be killed; make the site bigger")
        await TrawlProcess.waitForExit(process)
        #expect(process.terminationReason == .uncaughtSignal)
        let archivedBeforeKill = (try? harness.query("SELECT count(*) FROM captures") { $0.int(0) }.first) ?? 0
        let total = servers.expectedURLs.count
        #expect(archivedBeforeKill >= 10 && archivedBeforeKill < total)

        // Second run completes the crawl.
        let second = try await TrawlProcess.run(["crawl", "--config", config, "--log-level", "error"])
        #expect(second.status == 0, "second run failed: \(second.stderr)")
        try await servers.shutdown()

        let captures = try harness.captureCounts()
        // Each host's /sitemap.xml (sitemap discovery, [scope] sitemaps) is a capture too.
        #expect(Set(captures.keys.filter { !$0.hasSuffix("/sitemap.xml") }) == servers.expectedURLs)
        #expect(captures.filter { $0.value != 1 }.isEmpty, "archived more than once: \(captures.filter { $0.value != 1 })")
        #expect(servers.outside.requests().isEmpty)
        #expect(try harness.integrityCheck() == "ok")
        let leftOver = try harness.query("SELECT count(*) FROM urls WHERE state != 2") { $0.int(0) }.first
        #expect(leftOver == 0)
    }

    @Test("SIGTERM stops cleanly: exit 0, nothing left in flight, the next run finishes the rest")
    func gracefulStop() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 1, pagesPerHost: 20, duplicates: 0))
        let harness = try CrawlHarness()
        let config = try harness.writeConfig(seeds: [servers.seeds[0]], """
            [politeness]
            delay_ms = 50
            [network]
            allow_private = true
            """)
        let (process, _, _) = try TrawlProcess.start(["crawl", "--config", config, "--log-level", "error"])
        let stopped = await TrawlProcess.killWhen(pid: process.processIdentifier, harness: harness, captures: 5, signal: SIGTERM)
        #expect(stopped, "the crawl finished before it could be stopped; make the site bigger")
        await TrawlProcess.waitForExit(process)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        let inFlight = try harness.query("SELECT count(*) FROM urls WHERE state = 1") { $0.int(0) }.first
        #expect(inFlight == 0, "a clean stop leaves nothing in flight")

        let second = try await TrawlProcess.run(["crawl", "--config", config, "--log-level", "error"])
        #expect(second.status == 0)
        try await servers.shutdown()
        #expect(Set(try harness.captureCounts().keys.filter { !$0.hasSuffix("/sitemap.xml") }) == servers.expectedURLs)
    }
}
