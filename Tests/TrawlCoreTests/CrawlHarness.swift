import Foundation
import Logging
import TrawlCore
import TrawlDB
import TrawlTestSupport

/// A temporary folder removed at the end of the test.
final class TemporaryFolder: Sendable {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "trawl-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs in-process crawls of a test site into a temporary database and reads the archive back.
struct CrawlHarness {
    let folder: TemporaryFolder
    var database: String { folder.file("trawl.sqlite") }

    init() throws { folder = try TemporaryFolder() }

    static var quietLogger: Logger {
        var logger = Logger(label: "trawl.test")
        logger.logLevel = .warning
        return logger
    }

    /// Crawls `seeds` until the frontier is empty.
    @discardableResult
    func crawl(seeds: [String], settings: CrawlSettings) async throws -> Crawler.Summary {
        let store = try await CrawlStore.open(path: database, logger: Self.quietLogger)
        try await store.addSeeds(seeds.map { seed in (seed, origin(of: seed)) }, source: "config")
        let crawler = Crawler(settings: settings, store: store, logger: Self.quietLogger)
        do {
            let summary = try await crawler.run(mode: .untilEmpty)
            await store.close()
            return summary
        } catch {
            await store.close()
            throw error
        }
    }

    /// Starts an in-process crawl in service mode (as `trawl run` does: it keeps going, and
    /// sleeps until the next revisit is due); `RunningCrawl.finish()` stops it.
    func startService(seeds: [String], settings: CrawlSettings) async throws -> RunningCrawl {
        let store = try await CrawlStore.open(path: database, logger: Self.quietLogger)
        try await store.addSeeds(seeds.map { seed in (seed, origin(of: seed)) }, source: "config")
        let stop = StopSignal()
        let crawler = Crawler(settings: settings, store: store, stop: stop, logger: Self.quietLogger)
        let task = Task { try await crawler.run(mode: .service) }
        return RunningCrawl(store: store, stop: stop, task: task)
    }

    /// Polls `condition` every 100 ms until it holds or `timeout` passes (generous: the
    /// machine running the suite is busy; conditions often query SQLite, on the test's pool, so
    /// not more often); returns whether it held.
    static func waitFor(timeout: Duration = .seconds(60), _ condition: () throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return try condition()
    }

    /// Test settings: loopback allowed, short timeouts, the given politeness.
    static func settings(delay: Duration = .milliseconds(5), perHost: Int = 1, transfers: Int = 16) -> CrawlSettings {
        CrawlSettings(
            userAgent: "TrawlTest/1.0",
            politeness: Politeness(delay: delay, perHost: perHost, transfers: transfers),
            connectTimeout: .seconds(5), timeout: .seconds(10),
            retry: RetryPolicy(maxAttempts: 2, backoff: .milliseconds(50)),
            allowPrivate: true)
    }

    /// Writes `crawl.toml` for a child-process crawl of `seeds` into this harness's database;
    /// `extra` is more TOML (tables such as `[politeness]`). Returns the file's path.
    func writeConfig(seeds: [String], _ extra: String) throws -> String {
        let path = folder.file("crawl.toml")
        let list = seeds.map { "\"\($0)\"" }.joined(separator: ", ")
        try "seeds = [\(list)]\ndatabase = \"trawl.sqlite\"\n\(extra)\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Reads the archive with a plain SQLite connection (what any other tool would see).
    func query<T>(_ sql: String, _ transform: (Row) throws -> T) throws -> [T] {
        let db = try Database(path: database)
        defer { db.close() }
        return try db.prepare(sql).rows([], transform)
    }

    /// `trawl status`'s figures for the harness's database.
    func status() async throws -> CrawlStatus {
        try await withStore { try await $0.status() }
    }

    /// The counts `trawl crawl`'s closing log line gives for the harness's database.
    func closingCounts() async throws -> ClosingCounts {
        try await withStore { try await $0.closingCounts() }
    }

    /// Runs `read` on the store of the harness's database, opened for it and closed after.
    private func withStore<T: Sendable>(_ read: (CrawlStore) async throws -> T) async throws -> T {
        let store = try await CrawlStore.open(path: database, logger: Self.quietLogger)
        let result: Result<T, any Error>
        do { result = .success(try await read(store)) } catch { result = .failure(error) }
        await store.close()
        return try result.get()
    }

    /// URL -> number of captures.
    func captureCounts() throws -> [String: Int] {
        let rows = try query("SELECT url, count(*) FROM captures GROUP BY url_id") { ($0.string(0) ?? "", $0.int(1)) }
        return Dictionary(uniqueKeysWithValues: rows)
    }

    func integrityCheck() throws -> String {
        let db = try Database(path: database)
        defer { db.close() }
        return try db.integrityCheck()
    }

    private func origin(of url: String) -> String {
        let components = URLComponents(string: url)
        var origin = "\(components?.scheme ?? "http")://\(components?.host ?? "")"
        if let port = components?.port { origin += ":\(port)" }
        return origin
    }
}

/// A service-mode crawl running in this process (``CrawlHarness/startService(seeds:settings:)``).
struct RunningCrawl {
    let store: CrawlStore
    let stop: StopSignal
    let task: Task<Crawler.Summary, any Error>

    /// Stops the crawl (in-flight fetches finish), waits for it and closes the store.
    @discardableResult
    func finish() async throws -> Crawler.Summary {
        stop.request()
        do {
            let summary = try await task.value
            await store.close()
            return summary
        } catch {
            await store.close()
            throw error
        }
    }
}

extension [RecordedRequest] {
    /// Requests other than for robots.txt, as full URLs.
    var pageURLs: [String] {
        filter { $0.path != "/robots.txt" }.map(\.url)
    }

    /// Continuous archiving: how many requests for the hub page `hub` (a front page, a feed)
    /// came between index `mark` (where the log stood when `path` was published) and the first
    /// request for `path`; nil when `path` was never requested. 1 means it was fetched right
    /// after the hub visit that first listed it (2: one hub visit was already under way).
    func hubVisits(_ hub: String, from mark: Int, before path: String) -> Int? {
        guard let at = firstIndex(where: { $0.path == path }) else { return nil }
        return self[mark..<at].filter { $0.path == hub }.count
    }
}
