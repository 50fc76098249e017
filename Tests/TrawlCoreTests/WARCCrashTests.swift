import Foundation
import Testing
import TrawlTestSupport
import TrawlWARC

/// kill -9 while WARC records are being written loses nothing and leaves no invalid file.
@Suite("WARC crash safety", .serialized)
struct WARCCrashTests {
    @Test("SIGKILL `trawl crawl` 4 times mid-crawl: after restarts every page is archived and every WARC file reads back completely")
    func killRepeatedly() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 2, pagesPerHost: 40, duplicates: 3))
        let harness = try CrawlHarness()
        let config = harness.folder.file("crawl.toml")
        try """
            seeds = [\(servers.seeds.map { "\"\($0)\"" }.joined(separator: ", "))]
            database = "trawl.sqlite"
            [politeness]
            delay_ms = 50
            per_host = 1
            [network]
            allow_private = true
            [warc]
            dir = "warc"
            max_bytes = 1000000
            """.write(toFile: config, atomically: true, encoding: .utf8)
        func captures() -> Int { (try? harness.query("SELECT count(*) FROM captures") { $0.int(0) }.first) ?? 0 }

        // Each run: wait until a few more captures are committed (never a blind sleep), then kill -9.
        var kills = 0
        for round in 1...4 {
            let target = captures() + 4 + round * 2  // different moments in each run
            let (process, _, _) = try TrawlProcess.start(["crawl", "--config", config, "--log-level", "error"])
            let killed = await Self.killWhen(pid: process.processIdentifier, harness: harness, captures: target)
            process.waitUntilExit()
            guard killed else { break }  // finished already: nothing left to kill
            #expect(process.terminationReason == .uncaughtSignal)
            kills += 1
        }
        #expect(kills >= 3, "the crawl finished before it was killed 3 times; make the site bigger")

        let last = try await TrawlProcess.run(["crawl", "--config", config, "--log-level", "error"])
        #expect(last.status == 0, "final run failed: \(last.stderr)")
        try await servers.shutdown()

        // Every page archived once in SQLite, and its record is on disk where the row says.
        let captureCounts = try harness.captureCounts()
        #expect(Set(captureCounts.keys) == servers.expectedURLs)
        #expect(captureCounts.filter { $0.value != 1 }.isEmpty)
        #expect(try harness.integrityCheck() == "ok")
        let warc = try WARCFolder(harness.folder.file("warc"))
        #expect(warc.files.count > 1, "max_bytes should have rotated files")
        let rows = try harness.query("SELECT url, warc_file, warc_offset FROM captures") {
            (url: $0.string(0) ?? "", file: $0.string(1), offset: $0.isNull(2) ? nil : $0.int64(2))
        }
        for row in rows {
            guard let file = row.file, let offset = row.offset else {
                Issue.record("\(row.url) has no WARC record")
                continue
            }
            let record = try warc.record(file: file, offset: offset)
            #expect(record.targetURI == row.url)
            #expect(record.type == .response || record.type == .revisit)
        }
        warc.checkRevisits()
        // Each CDXJ index sits beside its closed file.
        for file in warc.files {
            #expect(FileManager.default.fileExists(atPath: warc.path + "/" + file.replacingOccurrences(of: ".warc.gz", with: ".cdxj")),
                    "no CDXJ index for \(file)")
        }
    }

    /// Polls the captures count on a plain thread (the test's cooperative pool may be starved by
    /// suites running in parallel) and sends SIGKILL as soon as it reaches `captures`.
    /// Returns false if the process ended first (or 30 s passed).
    static func killWhen(pid: Int32, harness: CrawlHarness, captures target: Int) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let deadline = Date().addingTimeInterval(30)
                while kill(pid, 0) == 0, Date() < deadline {
                    let count = (try? harness.query("SELECT count(*) FROM captures") { $0.int(0) }.first) ?? 0
                    if count >= target {
                        continuation.resume(returning: kill(pid, SIGKILL) == 0)
                        return
                    }
                    usleep(2000)
                }
                continuation.resume(returning: false)
            }
        }
    }
}
