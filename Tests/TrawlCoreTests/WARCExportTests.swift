import Foundation
import Testing
import TrawlTestSupport
import TrawlWARC

/// `trawl export` (issue 5): a WARC subset copied byte for byte, with warcinfo and CDXJ, that
/// warcio reads without complaint.
@Suite("WARC export", .serialized)
struct WARCExportTests {
    @Test("trawl export --since/--until/--host: the selected captures' records copied byte-exact, revisit originals included, valid for warcio")
    func exportSubset() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 2, pagesPerHost: 15, duplicates: 3))
        let harness = try CrawlHarness()
        let config = harness.folder.file("crawl.toml")
        try """
            seeds = [\(servers.seeds.map { "\"\($0)\"" }.joined(separator: ", "))]
            database = "trawl.sqlite"
            [politeness]
            delay_ms = 5
            [network]
            allow_private = true
            [warc]
            dir = "warc"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let crawl = try await TrawlProcess.run(["crawl", "--config", config, "--log-level", "error"])
        try await servers.shutdown()
        #expect(crawl.status == 0, "crawl failed: \(crawl.stderr)")
        let source = try WARCFolder(harness.folder.file("warc"))

        // One host (host:port, as its origin names it), everything since the epoch.
        let host = try #require(URL(string: servers.seeds[1])).host! + ":\(try #require(URL(string: servers.seeds[1])).port!)"
        let out = harness.folder.file("export-host")
        let run = try await TrawlProcess.run(["export", "--config", config, "--since", "0", "--host", host, "--out", out])
        #expect(run.status == 0, "export failed: \(run.stderr)")
        let exported = try WARCFolder(out)
        #expect(exported.files.count == 1)
        #expect(exported.of(.warcinfo).count == 1)
        let hostRows = try harness.query("""
            SELECT url, warc_file, warc_offset FROM captures WHERE warc_file IS NOT NULL AND url LIKE '\(servers.seeds[1])%'
            """) { (url: $0.string(0) ?? "", file: $0.string(1) ?? "", offset: $0.int64(2)) }
        #expect(!hostRows.isEmpty)
        // Every capture of the host is there with its request and metadata, byte for byte.
        for row in hostRows {
            let original = try source.record(file: row.file, offset: row.offset)
            let copy = try #require(exported.records[original.recordID], "\(row.url) missing from the export")
            #expect(copy.record == original)
            let linked = source.records.values.filter {
                $0.record.headers["WARC-Concurrent-To"] == original.recordID
                    || ($0.record.type == .conversion && $0.record.headers["WARC-Refers-To"] == original.recordID)
            }
            #expect(linked.count >= 2)  // request + metadata (+ conversion)
            for record in linked { #expect(exported.records[record.record.recordID]?.record == record.record) }
            try Self.expectSameBytes(source: source.path + "/" + row.file, at: UInt64(row.offset),
                                     copy: out + "/" + copy.file, at: copy.offset)
        }
        // Other hosts' pages appear only as originals of exported revisits.
        let others = exported.records.values.filter {
            $0.record.type == .response && $0.record.targetURI?.hasPrefix(servers.seeds[1]) == false
        }
        let referred = Set(exported.of(.revisit).compactMap { $0.headers["WARC-Refers-To"] })
        #expect(others.allSatisfy { referred.contains($0.record.recordID) })
        exported.checkRevisits()
        // The CDXJ lists the exported responses and revisits at their new offsets.
        let index = try String(contentsOfFile: out + "/" + exported.files[0].replacingOccurrences(of: ".warc.gz", with: ".cdxj"), encoding: .utf8)
        let lines = index.split(separator: "\n")
        #expect(lines.count == exported.of(.response).count + exported.of(.revisit).count)
        for line in lines {
            let offset = try #require(line.firstMatch(of: /"offset": "(\d+)"/)).1
            let record = try exported.record(file: exported.files[0], offset: Int64(offset)!)
            #expect(record.type == .response || record.type == .revisit)
        }

        // A time range: only captures fetched in [since, until).
        let times = try harness.query("SELECT fetched_at FROM captures ORDER BY fetched_at") { $0.double(0) }
        let middle = times[times.count / 2]
        let rangeOut = harness.folder.file("export-range")
        let ranged = try await TrawlProcess.run(["export", "--config", config, "--since", "\(middle)", "--until", "\(times.last! + 1)", "--out", rangeOut])
        #expect(ranged.status == 0, "export failed: \(ranged.stderr)")
        let rangeCount = try harness.query("SELECT count(*) FROM captures WHERE fetched_at >= \(middle) AND warc_file IS NOT NULL") { $0.int(0) }.first
        #expect(ranged.stdout.contains(": \(rangeCount ?? -1) captures"), "\(ranged.stdout)")
        let rangeFolder = try WARCFolder(rangeOut)
        rangeFolder.checkRevisits()

        // Nothing selected: a valid file holding only warcinfo.
        let emptyOut = harness.folder.file("export-empty")
        let empty = try await TrawlProcess.run(["export", "--config", config, "--since", "2999-01-01", "--out", emptyOut])
        #expect(empty.status == 0, "export failed: \(empty.stderr)")
        #expect(try WARCFolder(emptyOut).records.count == 1)
        let bad = try await TrawlProcess.run(["export", "--config", config, "--since", "yesterday", "--out", emptyOut])
        #expect(bad.status != 0 && bad.stderr.contains("--since"))

        // A reader nobody here wrote: warcio check + index on the exports.
        let check = try await Self.checkWARCs([out, rangeOut])
        #expect(check.status == 0, "scripts/check-warcs failed:\n\(check.output)")
    }

    /// The gzip member at `at` of `source` equals the one at `copy`'s offset, byte for byte.
    static func expectSameBytes(source: String, at: UInt64, copy: String, at copyOffset: UInt64) throws {
        let a = try Data(contentsOf: URL(fileURLWithPath: source)), b = try Data(contentsOf: URL(fileURLWithPath: copy))
        let length = try WARCReader(path: source).record(at: at).length
        #expect(a[Int(at)..<Int(at + length)] == b[Int(copyOffset)..<Int(copyOffset + length)])
    }

    /// Runs scripts/check-warcs on a plain thread (it blocks until warcio is done).
    static func checkWARCs(_ paths: [String]) async throws -> (status: Int32, output: String) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = root.appendingPathComponent("scripts/check-warcs")
        process.arguments = paths
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
            }
        }
    }
}
