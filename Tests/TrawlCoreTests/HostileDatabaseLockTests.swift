import Foundation
import Testing
import TrawlDB
import TrawlTestSupport

/// Another process holds the database's write lock for a while (a backup tool, a curious
/// admin in the sqlite3 shell): the daemon waits (SQLite busy timeout, 10 s) and goes on.
@Suite("Hostile environment: database locked", .serialized)
struct HostileDatabaseLockTests {
    @Test("BEGIN EXCLUSIVE held 4 s by another connection mid-crawl: no crash, nothing lost, the crawl completes")
    func lockedForAWhile() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 2, pagesPerHost: 40, duplicates: 0))
        let harness = try CrawlHarness()
        let config = try harness.writeConfig(seeds: servers.seeds, """
            [politeness]
            delay_ms = 40
            [network]
            allow_private = true
            """)
        let (process, _, err) = try TrawlProcess.start(["crawl", "--config", config, "--log-level", "error"])
        let started = await CrawlHarness.waitFor {
            ((try? harness.query("SELECT count(*) FROM captures") { $0.int(0) }.first) ?? 0) >= 5
        }
        #expect(started, "the crawl never archived 5 pages")

        // Hold the write lock from a second connection.
        let locker = try Database(path: harness.database)
        try locker.execute("BEGIN EXCLUSIVE")
        let before = try harness.query("SELECT count(*) FROM captures") { $0.int(0) }.first ?? 0
        try await Task.sleep(for: .seconds(4))  // the point of the test: a lock held this long
        let during = try harness.query("SELECT count(*) FROM captures") { $0.int(0) }.first ?? 0
        #expect(process.isRunning, "the daemon is still there while the database is locked")
        try locker.execute("COMMIT")
        locker.close()
        #expect(during == before, "nothing was committed while the lock was held (\(before) -> \(during))")

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
}
