import Foundation
import Testing
import TrawlTestSupport
import TrawlWARC

/// kill -9 while WARC records are being written loses nothing and leaves no invalid file.
@Suite("WARC crash safety", .serialized)
struct WARCCrashTests {
    @Test("SIGKILL `trawl crawl` 10 times at different moments: after each kill every WARC file reads back (the torn one once recovered), and at the end every page is archived")
    func killRepeatedly() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 3, pagesPerHost: 50, duplicates: 3))
        let harness = try CrawlHarness()
        let config = try harness.writeConfig(seeds: servers.seeds, """
            [politeness]
            delay_ms = 40
            per_host = 1
            [network]
            allow_private = true
            [warc]
            dir = "warc"
            max_bytes = 1000000
            """)
        func captures() -> Int { (try? harness.query("SELECT count(*) FROM captures") { $0.int(0) }.first) ?? 0 }
        let folder = harness.folder.file("warc")

        // Each run: wait until a few more captures are committed (never a blind sleep), then kill -9.
        // The step cycles 1, 4, 7, 10 captures so kills land early (recovery, robots.txt) and late.
        var kills = 0
        for round in 1...10 {
            let target = captures() + 1 + (round % 4) * 3
            let (process, _, _) = try TrawlProcess.start(["crawl", "--config", config, "--log-level", "error"])
            let killed = await TrawlProcess.killWhen(pid: process.processIdentifier, harness: harness, captures: target)
            await TrawlProcess.waitForExit(process)
            guard killed else { break }  // finished already: nothing left to kill
            #expect(process.terminationReason == .uncaughtSignal)
            kills += 1
            try Self.checkAfterKill(folder, round: round, scratch: harness.folder.file("recovered-\(round)"))
        }
        #expect(kills == 10, "the crawl finished after \(kills) kills; make the site bigger")

        let last = try await TrawlProcess.run(["crawl", "--config", config, "--log-level", "error"])
        #expect(last.status == 0, "final run failed: \(last.stderr)")
        try await servers.shutdown()

        // Every page archived once in SQLite, and its record is on disk where the row says.
        // (robots.txt-announced sitemaps, when sitemap discovery fetches them, are captures too.)
        let captureCounts = try harness.captureCounts()
        #expect(Set(captureCounts.keys.filter { !$0.hasSuffix("/sitemap.xml") }) == servers.expectedURLs)
        #expect(captureCounts.filter { $0.value != 1 }.isEmpty)
        #expect(try harness.integrityCheck() == "ok")
        let warc = try WARCFolder(harness.folder.file("warc"))
        #expect(warc.files.count > 1, "max_bytes should have rotated files")
        // robots.txt of every host is archived too (request + response), without a capture row.
        let robots = warc.of(.response).filter { $0.targetURI?.hasSuffix("/robots.txt") == true }
        #expect(Set(robots.compactMap(\.targetURI)).count == servers.seeds.count)
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
        // The WARC files are the body store: every body, including those of refetched lost
        // captures, is held by a record that survived, and none by SQLite.
        #expect(try warc.checkBodiesInWARC(harness) > 0)
        // warcio (a reader nobody here wrote) on every file at the end — closed files never change
        // once closed, so this covers them after each restart too — and on each kill's torn file
        // as recovery repaired it.
        let recoveredCopies = (1...10).map { harness.folder.file("recovered-\($0)") }
            .filter { (try? FileManager.default.contentsOfDirectory(atPath: $0).contains { $0.hasSuffix(".warc.gz") }) == true }
        let check = try await WARCExportTests.checkWARCs([warc.path] + recoveredCopies)
        #expect(check.status == 0, "scripts/check-warcs failed:\n\(check.output)")

        // Each CDXJ index sits beside its closed file.
        for file in warc.files {
            #expect(FileManager.default.fileExists(atPath: warc.path + "/" + file.replacingOccurrences(of: ".warc.gz", with: ".cdxj")),
                    "no CDXJ index for \(file)")
        }
    }

    /// After a kill: every closed file reads to its end with digests recomputing, and a copy of the
    /// torn `.open` file, recovered as the next start will recover it, does too.
    /// The recovered copies go to `scratch` (kept for warcio at the end).
    static func checkAfterKill(_ folder: String, round: Int, scratch: String) throws {
        guard FileManager.default.fileExists(atPath: folder) else { return }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        for name in names where name.hasSuffix(".warc.gz.open") {
            try FileManager.default.copyItem(atPath: folder + "/" + name, toPath: scratch + "/" + name)
        }
        _ = try WARCRecovery.recover(directory: scratch)
        let closed = names.filter { $0.hasSuffix(".warc.gz") }.map { folder + "/" + $0 }
        let recovered = try FileManager.default.contentsOfDirectory(atPath: scratch).filter { $0.hasSuffix(".warc.gz") }.map { scratch + "/" + $0 }
        for path in closed + recovered {
            let all = try WARCReader(path: path).readAll()
            #expect(all.first?.record.type == .warcinfo, "kill \(round): \(path) does not start with warcinfo")
            for r in all {
                let problems = WARCValidation.digestProblems(r.record)
                #expect(problems.isEmpty, "kill \(round): \(path)@\(r.offset): \(problems)")
            }
        }
    }
}
