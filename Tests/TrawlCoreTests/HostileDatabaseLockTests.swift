import Foundation
import Testing
import TrawlDB
import TrawlTestSupport

/// Another process holds the database's write lock for a while (a backup tool, a curious
/// admin in the sqlite3 shell): the daemon waits (the store's busy timeout, 2 minutes) and goes on.
@Suite("Hostile environment: database locked", .serialized)
struct HostileDatabaseLockTests {
    @Test("BEGIN EXCLUSIVE held 15 s (past SQLite's usual 10 s) by another connection mid-crawl: no crash, nothing lost, the crawl completes")
    func lockedForAWhile() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 2, pagesPerHost: 40, duplicates: 0))
        let harness = try CrawlHarness()
        let (process, err) = try await Self.startCrawl(
            harness: harness, seeds: servers.seeds, politeness: "delay_ms = 40", untilCaptures: 5)

        // Hold the write lock from a second connection, on a plain thread: a busy test pool must
        // not stretch the hold past the store's busy timeout.
        let hold = try await Self.holdWriteLock(database: harness.database, seconds: 15)
        print("database write lock held \(hold.held) by another connection")
        #expect(hold.during == hold.before, "nothing was committed while the lock was held (\(hold.before) -> \(hold.during))")
        #expect(process.isRunning || process.terminationStatus == 0, "the daemon outlived the lock")

        try await Self.expectFinishedOnce(process: process, err: err, servers: servers, harness: harness)
    }

    @Test("a store that cannot commit does not hold up the next requests: with the write lock held by another connection, URLs already queued are still fetched (up to the transfer slots), then recorded once the lock goes")
    func fetchingGoesOnWhileTheStoreWaits() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 1, pagesPerHost: 30, duplicates: 0))
        let harness = try CrawlHarness()
        // Every page a seed, so the frontier holds them all from the start (no discovery needed).
        let (process, err) = try await Self.startCrawl(
            harness: harness, seeds: servers.expectedURLs.sorted(), politeness: "delay_ms = 100\nper_host = 1",
            untilCaptures: 3)

        let hold = try await Self.holdWriteLock(database: harness.database, seconds: 3)
        // Past the first 300 ms (a request handed out before the lock may still arrive), a crawl
        // whose dispatch waited for the store would send nothing until the lock goes.
        let duringLock = servers.requests().filter { $0.arrival > hold.from + .milliseconds(300) && $0.arrival < hold.until }
        #expect(duringLock.count >= 3, "requests while the store could not commit: \(duringLock.count)")
        #expect(hold.during == hold.before, "nothing was committed while the lock was held")

        try await Self.expectFinishedOnce(process: process, err: err, servers: servers, harness: harness)
    }

    /// Starts `trawl crawl` over `seeds` (politeness lines as given, private addresses allowed)
    /// and waits until it has archived `untilCaptures` pages.
    static func startCrawl(
        harness: CrawlHarness, seeds: [String], politeness: String, untilCaptures: Int
    ) async throws -> (process: Process, err: Pipe) {
        let config = try harness.writeConfig(seeds: seeds, """
            [politeness]
            \(politeness)
            [network]
            allow_private = true
            """)
        let (process, _, err) = try TrawlProcess.start(["crawl", "--config", config, "--log-level", "error"])
        let started = await CrawlHarness.waitFor {
            ((try? harness.query("SELECT count(*) FROM captures") { $0.int(0) }.first) ?? 0) >= untilCaptures
        }
        #expect(started, "the crawl never archived \(untilCaptures) pages")
        return (process, err)
    }

    /// Waits for the crawl to end, then checks it exited 0 having archived every page of the
    /// site once, with a sound database and nothing left queued or in flight.
    static func expectFinishedOnce(
        process: Process, err: Pipe, servers: TestSiteServers, harness: CrawlHarness
    ) async throws {
        await TrawlProcess.waitForExit(process)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(stderr.suffix(2000))")
        try await servers.shutdown()
        let counts = try harness.captureCounts()
        #expect(Set(counts.keys.filter { !$0.hasSuffix("/sitemap.xml") }) == servers.expectedURLs)
        #expect(counts.filter { $0.value != 1 }.isEmpty, "archived more than once: \(counts.filter { $0.value != 1 })")
        #expect(try harness.integrityCheck() == "ok")
        let left = try harness.query("SELECT count(*) FROM urls WHERE state IN (0, 1)") { $0.int(0) }.first
        #expect(left == 0, "nothing queued or in flight is left")
    }

    /// `BEGIN EXCLUSIVE` on a new connection to `database`, held `seconds`, then `COMMIT`; returns
    /// the captures count when the lock was taken and just before it was released, how long it
    /// was held, and when it was taken and released.
    static func holdWriteLock(
        database: String, seconds: Double
    ) async throws -> (before: Int, during: Int, held: Duration, from: ContinuousClock.Instant, until: ContinuousClock.Instant) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    let locker = try Database(path: database)
                    defer { locker.close() }
                    try locker.execute("BEGIN EXCLUSIVE")
                    let start = ContinuousClock.now
                    let count = { try locker.prepare("SELECT count(*) FROM captures").rows([]) { $0.int(0) }.first ?? 0 }
                    let before = try count()
                    Thread.sleep(forTimeInterval: seconds)  // the point of the test: a lock held this long
                    let during = try count()
                    let end = ContinuousClock.now
                    try locker.execute("COMMIT")
                    continuation.resume(returning: (before, during, end - start, start, end))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
