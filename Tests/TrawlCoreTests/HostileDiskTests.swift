import Foundation
import Testing
import TrawlTestSupport

/// Disk full: the database and the WARC folder on a small tmpfs that fills up mid-crawl.
@Suite("Hostile environment: disk full", .serialized)
struct HostileDiskTests {
    @Test("tmpfs fills up: the crawl stops saying why, keeps what it has, and resumes when space is freed",
          arguments: [false, true])
    func diskFull(warcOnly: Bool) async throws {
        let harness = try CrawlHarness()
        // The small file system: the harness's whole folder (config, database, WARC folder), or
        // only the WARC folder (then the WARC writer is the one that meets ENOSPC).
        let disk = warcOnly ? harness.folder.file("warc") : harness.folder.path
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        guard try Self.mount(disk, size: warcOnly ? "256k" : "1m") else {
            print("disk-full test skipped: cannot mount a tmpfs here (not root or no CAP_SYS_ADMIN)")
            return
        }
        defer { _ = try? Self.umount(disk) }
        let servers = try await TestSiteServers.start(TestSite(hosts: 2, pagesPerHost: 150, duplicates: 0))
        let config = try harness.writeConfig(seeds: servers.seeds, """
            [politeness]
            delay_ms = 1
            [network]
            allow_private = true
            [warc]
            dir = "warc"
            """)
        let first = try await TrawlProcess.run(["crawl", "--config", config, "--log-level", "warning"], killAfter: .seconds(90))
        #expect(!first.killedAtDeadline, "the crawl hung on the full disk: \(first.stderr.suffix(3000))")

        // Stopped, saying why and where; nothing corrupt, nothing falsely marked done.
        #expect(first.status == 1, "\(first.stderr.suffix(2000))")
        let said = first.stderr.split(separator: "\n").filter { $0.contains("critical") && $0.contains("disk full: cannot write") }
        #expect(said.count == 1, "one clear line: \(first.stderr.suffix(2000))")
        #expect(said.first?.contains(disk) == true, "it names the full file system's file: \(said)")
        #expect(said.first?.contains("resumes where it stopped") == true)
        #expect(!first.stderr.contains("Fatal error") && !first.stderr.contains("Backtrace"), "no crash")
        #expect(try harness.integrityCheck() == "ok")
        let archivedWhenFull = try harness.query("SELECT count(*) FROM urls WHERE state = 2") { $0.int(0) }.first ?? 0
        let total = servers.expectedURLs.count
        #expect(archivedWhenFull < total, "the disk filled before the crawl ended; make the site bigger")
        print("disk full after \(archivedWhenFull) of \(total) pages: \(said.first ?? "")")

        // Space freed: the next start resumes and completes the crawl, every page exactly once.
        #expect(try Self.remount(disk, size: "64m"))
        let second = try await TrawlProcess.run(["crawl", "--config", config, "--log-level", "error"], killAfter: .seconds(120))
        try await servers.shutdown()
        #expect(second.status == 0, "\(second.stderr.suffix(2000))")
        #expect(try harness.integrityCheck() == "ok")
        let captures = try harness.query("SELECT url, count(*) FROM captures GROUP BY url_id") {
            ($0.string(0) ?? "", $0.int(1))
        }
        let counts = Dictionary(uniqueKeysWithValues: captures)
        #expect(Set(counts.keys.filter { !$0.hasSuffix("/sitemap.xml") }) == servers.expectedURLs)
        #expect(counts.filter { $0.value != 1 }.isEmpty, "archived more than once: \(counts.filter { $0.value != 1 })")
        let left = try harness.query("SELECT count(*) FROM urls WHERE state IN (0, 1)") { $0.int(0) }.first
        #expect(left == 0)
        // The WARC folder reads back whole: every record's digest recomputes, no file left open.
        let warc = try WARCFolder(harness.folder.file("warc"))
        #expect(!warc.files.isEmpty)
    }

    /// Mounts a tmpfs of `size` at `path`; false when mounting is not permitted.
    static func mount(_ path: String, size: String) throws -> Bool {
        try run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path]) == 0
    }

    static func remount(_ path: String, size: String) throws -> Bool {
        try run("/bin/mount", ["-o", "remount,size=\(size)", path]) == 0
    }

    static func umount(_ path: String) throws -> Bool {
        try run("/bin/umount", [path]) == 0
    }

    private static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
