import Foundation
import Testing
import TrawlCore
import TrawlDB
import TrawlFetch
import TrawlTestSupport

/// One crawl of a hostile host next to a well-behaved site, and what it left in the archive.
struct HostileCrawl {
    /// One capture row.
    struct CaptureRow: CustomStringConvertible {
        var status: Int?
        var errorKind: String?
        var error: String?
        var finalURL: String?
        var length: Int?
        var description: String {
            "status \(status.map(String.init) ?? "nil") kind \(errorKind ?? "nil") error \(error ?? "nil") final \(finalURL ?? "nil")"
        }
    }

    let hostile: HostileServer
    let good: TestSiteServers
    let harness: CrawlHarness
    /// Wall time of the crawl.
    let elapsed: Duration
    /// The watchdog had to stop the crawl (it would have hung).
    let hung: Bool
    let summary: Crawler.Summary

    /// The limits every hostile test crawls with: short timeouts, a 1 MiB body cap, 3 redirects,
    /// 2 attempts, quick back-off, and a low-speed limit of 100 bytes/s over 1 s (all well under
    /// the defaults, so the suite stays fast).
    static func settings() -> CrawlSettings {
        CrawlSettings(
            userAgent: "TrawlHostileTest/1.0",
            politeness: Politeness(
                delay: .milliseconds(5), perHost: 1, transfers: 16, maxDelay: .milliseconds(500),
                delayFactor: 0, backoff: .milliseconds(100), maxBackoff: .milliseconds(500), jitter: 0,
                parkAfter: 10, parkFor: .seconds(5),
                robots: RobotsPolicy(maxRetryDelay: .seconds(1))),
            connectTimeout: .seconds(1), timeout: .seconds(2),
            maxBodyBytes: 1 << 20, maxRedirects: 3,
            retry: RetryPolicy(maxAttempts: 2, backoff: .milliseconds(100)),
            allowPrivate: true, lowSpeed: LowSpeedLimit(bytesPerSecond: 100, time: .seconds(1)),
            stopGrace: .seconds(1))
    }

    /// Starts a hostile server with `routes` and a 1-host well-behaved site, crawls the hostile
    /// `paths` (plus `extraSeeds`: absolute URLs of servers the test runs itself) and the site's
    /// seed in one crawl, and stops both servers.
    ///
    /// - Parameter watchdog: the crawl is stopped after this long and counted as hung; far
    ///   above what any scenario needs under the test limits.
    static func run(
        routes: [String: HostileBehavior], fallback: HostileBehavior = HostileResponses.notFound,
        paths: [String], extraSeeds: [String] = [], settings: CrawlSettings = settings(),
        watchdog: Duration = .seconds(40), checkGoodHost: Bool = true
    ) async throws -> HostileCrawl {
        let hostile = try HostileServer.start(routes: routes, fallback: fallback)
        let good: TestSiteServers
        do {
            good = try await TestSiteServers.start(TestSite(hosts: 1, pagesPerHost: 6, duplicates: 0))
        } catch {
            await hostile.shutdown()
            throw error
        }
        do {
            let harness = try CrawlHarness()
            // Without the well-behaved host when it could not be crawled (allow_private = false).
            let seeds = paths.map { hostile.origin + $0 } + extraSeeds + (checkGoodHost ? good.seeds : [])
            let stop = StopSignal()
            let started = ContinuousClock.now
            let watchdogTask = Task {
                try await Task.sleep(for: watchdog)
                stop.request()
            }
            let summary = try await crawl(harness: harness, seeds: seeds, settings: settings, stop: stop)
            watchdogTask.cancel()
            let elapsed = ContinuousClock.now - started
            try await good.shutdown()
            await hostile.shutdown()
            return HostileCrawl(
                hostile: hostile, good: good, harness: harness, elapsed: elapsed, hung: summary.stopped,
                summary: summary)
        } catch {
            try? await good.shutdown()
            await hostile.shutdown()
            throw error
        }
    }

    /// ``CrawlHarness/crawl(seeds:settings:)`` with a stop signal (for the watchdog).
    private static func crawl(
        harness: CrawlHarness, seeds: [String], settings: CrawlSettings, stop: StopSignal
    ) async throws -> Crawler.Summary {
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        try await store.addSeeds(seeds.map { ($0, origin(of: $0)) }, source: "config")
        let crawler = Crawler(settings: settings, store: store, stop: stop, logger: CrawlHarness.quietLogger)
        do {
            let summary = try await crawler.run(mode: .untilEmpty)
            await store.close()
            return summary
        } catch {
            await store.close()
            throw error
        }
    }

    private static func origin(of url: String) -> String {
        let components = URLComponents(string: url)
        let scheme = components?.scheme ?? "http"
        return "\(scheme)://\(components?.host ?? ""):\(components?.port ?? (scheme == "https" ? 443 : 80))"
    }

    // MARK: Reading the outcome

    func url(_ path: String) -> String { hostile.origin + path }

    /// Every capture of the hostile `path`, oldest first.
    func captures(_ path: String) throws -> [CaptureRow] {
        try captures(url: url(path))
    }

    /// Every capture of the absolute `url`, oldest first.
    func captures(url: String) throws -> [CaptureRow] {
        try harness.query("""
            SELECT status, error_kind, error, final_url, length FROM captures
            WHERE url = '\(url)' ORDER BY id
            """) {
            CaptureRow(status: $0.optionalInt(0), errorKind: $0.string(1), error: $0.string(2),
                       finalURL: $0.string(3), length: $0.optionalInt(4))
        }
    }

    /// The frontier state of the hostile `path` (nil when it never entered the frontier).
    func state(_ path: String) throws -> Int? {
        try harness.query("SELECT state FROM urls WHERE url = '\(url(path))'") { $0.int(0) }.first
    }

    /// How many times the hostile server saw `path` requested.
    func requests(_ path: String) -> Int {
        hostile.targets().filter { $0 == path }.count
    }

    /// The hostile host's robots.txt state and detail, as `trawl status` shows them.
    func robots(origin: String? = nil) throws -> (state: String?, detail: String?) {
        try harness.query("SELECT robots_state, robots_detail FROM hosts WHERE origin = '\(origin ?? hostile.origin)'") {
            ($0.string(0), $0.string(1))
        }.first ?? (nil, nil)
    }

    /// (a) and (c) of every hostile test: the crawl ended by itself, and every URL of the
    /// well-behaved host was archived with its answer and is done; the outside server untouched.
    func expectCrawlFinishedAndGoodHostComplete(sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(!hung, "the crawl had to be stopped by the watchdog after \(elapsed)", sourceLocation: sourceLocation)
        let rows = try harness.query("""
            SELECT u.url, u.state, count(c.id), max(c.status) FROM urls u LEFT JOIN captures c ON c.url_id = u.id
            WHERE u.url LIKE '\(good.origins[0])/%' GROUP BY u.id
            """) { ($0.string(0) ?? "", $0.int(1), $0.int(2), $0.optionalInt(3)) }
        let archived = Set(rows.filter { $0.1 == URLState.done.rawValue && $0.2 >= 1 && $0.3 != nil }.map(\.0))
        let missing = good.expectedURLs.subtracting(archived)
        #expect(missing.isEmpty, "well-behaved host not fully archived; missing \(missing.sorted())", sourceLocation: sourceLocation)
        #expect(good.outside.requests().isEmpty, sourceLocation: sourceLocation)
        #expect(try harness.integrityCheck() == "ok", sourceLocation: sourceLocation)
    }
}
