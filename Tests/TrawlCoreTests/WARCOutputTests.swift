import Foundation
import Synchronization
import Testing
@testable import TrawlCore
import TrawlTestSupport
import TrawlWARC

/// WARC output of a whole crawl (issue 5), read back and checked record by record.
@Suite("WARC output", .serialized)
struct WARCOutputTests {
    /// The folder for the WARC files: `$TRAWL_WARC_KEEP` when set (kept for scripts/check-warcs,
    /// emptied first), else inside the harness's temporary folder.
    static func warcFolder(_ harness: CrawlHarness) throws -> String {
        guard let keep = ProcessInfo.processInfo.environment["TRAWL_WARC_KEEP"], !keep.isEmpty else {
            return harness.folder.file("warc")
        }
        try? FileManager.default.removeItem(atPath: keep)
        try FileManager.default.createDirectory(
            atPath: (keep as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        return keep
    }

    @Test("a crawl with [warc] dir archives every fetch: digests recompute, records read back at their rows' offsets, duplicates become revisits")
    func endToEnd() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 3, pagesPerHost: 12, duplicates: 3))
        let harness = try CrawlHarness()
        var settings = CrawlHarness.settings()
        let folder = try Self.warcFolder(harness)
        settings.warc = WARCSettings(directory: folder)
        try await harness.crawl(seeds: servers.seeds, settings: settings)
        try await servers.shutdown()

        // The crawl itself is unchanged: every page requested exactly once.
        let requested = servers.requests().pageURLs
        #expect(Set(requested) == servers.expectedURLs)
        #expect(requested.count == Set(requested).count, "a page was requested twice")
        #expect(servers.requests().filter { $0.path != "/robots.txt" }.allSatisfy { $0.header("Accept-Encoding") == ContentDecoder.acceptEncoding })

        let warc = try WARCFolder(folder)
        #expect(!warc.files.isEmpty)
        let rows = try harness.query("SELECT url, status, warc_file, warc_offset, warc_length FROM captures") {
            (url: $0.string(0) ?? "", status: $0.optionalInt(1), file: $0.string(2), offset: $0.isNull(3) ? nil : $0.int64(3),
             length: $0.optionalInt(4))
        }
        #expect(Set(rows.map(\.url)) == servers.expectedURLs)
        for row in rows {
            guard let file = row.file, let offset = row.offset else {
                Issue.record("capture of \(row.url) (status \(row.status ?? -1)) has no WARC record")
                continue
            }
            let record = try warc.record(file: file, offset: offset)
            #expect(record.type == .response || record.type == .revisit)
            #expect(record.targetURI == row.url)
            #expect(warc.records[record.recordID]?.offset == UInt64(offset))
            #expect(HTTPHead.statusCode(record.httpHead ?? []) == row.status)
        }
        // Redirects and 404s are archived like any other answer.
        #expect(rows.filter { $0.status == 404 }.count == servers.notFoundURLs.count)
        #expect(rows.filter { $0.status == 301 }.count == servers.redirects.count)

        // robots.txt of every host is archived (request + response) but is no capture.
        func isRobots(_ r: WARCRecord) -> Bool { r.targetURI?.hasSuffix("/robots.txt") == true }
        let robotsResponses = warc.of(.response).filter(isRobots)
        #expect(Set(robotsResponses.compactMap(\.targetURI)) == Set(servers.seeds.map { $0 + "robots.txt" }))
        #expect(!rows.contains { $0.url.hasSuffix("/robots.txt") })
        #expect(warc.of(.request).filter(isRobots).count == robotsResponses.count)

        // One request, one response-or-revisit and one metadata record per capture.
        let responses = warc.of(.response).filter { !isRobots($0) }, revisits = warc.of(.revisit)
        #expect(warc.of(.request).filter { !isRobots($0) }.count == rows.count)
        #expect(responses.count + revisits.count == rows.count)
        #expect(warc.of(.metadata).count == rows.count)
        #expect(warc.of(.warcinfo).count == warc.files.count)

        // Duplicate bodies: all but the first of each group are revisits of an existing response.
        let expectedRevisits = servers.duplicateGroups.reduce(0) { $0 + $1.count - 1 }
        #expect(expectedRevisits > 0)
        #expect(revisits.count >= expectedRevisits, "\(revisits.count) revisits for \(expectedRevisits) duplicates")
        let distinctPayloads = Set(responses.filter { !$0.payload.isEmpty }.map { $0.headers["WARC-Payload-Digest"] ?? "" })
        #expect(distinctPayloads.count == responses.filter { !$0.payload.isEmpty }.count, "a payload was archived twice in full")
        warc.checkRevisits()
        let indexed = try harness.query("SELECT count(*) FROM warc_digests") { $0.int(0) }.first
        #expect(indexed == distinctPayloads.count)

        // Every capture with an article has a conversion record with its text, referring to the
        // capture's response (or revisit) record; conversions stay out of the CDXJ index.
        let articles = try harness.query("""
            SELECT c.url, c.warc_file, c.warc_offset, a.text FROM articles a JOIN captures c ON c.id = a.capture_id
            """) { (url: $0.string(0) ?? "", file: $0.string(1) ?? "", offset: $0.int64(2), text: $0.string(3) ?? "") }
        #expect(!articles.isEmpty)
        let conversions = warc.of(.conversion)
        #expect(conversions.count == articles.count)
        let conversionByTarget = Dictionary(conversions.map { ($0.headers["WARC-Refers-To"] ?? "", $0) }) { a, _ in a }
        for article in articles {
            let response = try warc.record(file: article.file, offset: article.offset)
            guard let conversion = conversionByTarget[response.recordID] else {
                Issue.record("no conversion record refers to the response of \(article.url)")
                continue
            }
            #expect(conversion.targetURI == article.url)
            #expect(conversion.headers["Content-Type"] == "text/plain; charset=utf-8")
            #expect(String(decoding: conversion.block, as: UTF8.self).hasSuffix(article.text))
        }
        for file in warc.files {
            let index = try String(contentsOfFile: folder + "/" + file.replacingOccurrences(of: ".warc.gz", with: ".cdxj"), encoding: .utf8)
            #expect(index.split(separator: "\n").count == warc.records.values.filter {
                $0.file == file && ($0.record.type == .response || $0.record.type == .revisit)
            }.count)
        }

        // The WARC files are the body store: no body in SQLite, each one in a record.
        #expect(try warc.checkBodiesInWARC(harness) == distinctPayloads.count)
        let status = try await harness.status()
        #expect(status.bodiesInWARC == status.uniqueBodies && status.bytesStored == 0 && status.bytesDecoded > 0)
        #expect(status.warcBytes == (try harness.query("SELECT sum(warc_length) FROM captures") { $0.int(0) }.first))
        // The closing log line's cheap counts are status's.
        let counts = try await harness.closingCounts()
        #expect(counts == ClosingCounts(urlsDone: status.urlsDone, urlsQueued: status.urlsQueued,
                                        urlsFailed: status.urlsFailed, uniqueBodies: status.uniqueBodies))
        #expect(counts.urlsDone > 0 && counts.uniqueBodies > 0)

        // Outlinks of a page are in its metadata record.
        let home = try #require(warc.of(.metadata).first { $0.targetURI == servers.seeds[0] })
        #expect(String(decoding: home.block, as: UTF8.self).contains("outlink: "))
    }

    @Test("a lost WARC file held the response a surviving revisit refers to, and its URL now serves another body: recovery refetches the revisit's URL too, so its body is in a record again")
    func lostOriginalOfRevisit() async throws {
        // /b is linked from /a's body alone, so it is fetched after /a's records were written:
        // its record goes into a later batch, i.e. another file (each batch closes its file).
        let same = "<html><body><p>the same story twice</p> <a href=\"/b\">b</a></body></html>"
        let changed = Switch()
        let server = try await TestHTTPServer.start { request in
            switch request.path {
            case "/": .html("<html><body><a href=\"/a\">a</a></body></html>")
            case "/a": .html(changed.on.load(ordering: .relaxed) ? "<html><body><p>rewritten</p></body></html>" : same)
            case "/b": .html(same)
            default: .notFound
            }
        }
        let harness = try CrawlHarness()
        var settings = CrawlHarness.settings()
        let folder = harness.folder.file("warc")
        settings.warc = WARCSettings(directory: folder, maxBytes: 1)
        try await harness.crawl(seeds: [server.origin + "/"], settings: settings)

        // /b's record is a revisit of /a's response, in another file.
        let pair = try #require(try harness.query("""
            SELECT c.warc_file, d.warc_file FROM captures c JOIN warc_digests d ON d.digest = c.warc_revisit_of
            WHERE c.url = '\(server.origin)/b'
            """) { (revisit: $0.string(0) ?? "", original: $0.string(1) ?? "") }.first)
        try #require(pair.revisit != pair.original)
        try FileManager.default.removeItem(atPath: folder + "/" + pair.original)
        changed.on.store(true, ordering: .relaxed)
        try await harness.crawl(seeds: [server.origin + "/"], settings: settings)
        try await server.shutdown()

        #expect(server.requests().filter { $0.path == "/b" }.count == 2, "the revisit's URL was fetched again")
        let warc = try WARCFolder(folder)
        #expect(try warc.checkBodiesInWARC(harness) == 3)  // home, the rewritten /a, and /b's body
        #expect(try harness.query("PRAGMA foreign_key_check") { $0.string(0) }.isEmpty)
    }

    @Test("gzip/deflate bodies are archived encoded and parsed decoded; a deflate bomb stops at max_body_bytes")
    func encodedBodies() async throws {
        let page = Array("<html><body><a href=\"/bomb\">bomb</a> <a href=\"/plain\">plain</a></body></html>".utf8)
        let compressedPage = try #require(BodyCodec.deflate(page))
        let bomb = try #require(BodyCodec.deflate([UInt8](repeating: 0x41, count: 40 << 20)))
        let server = try await TestHTTPServer.start { request in
            switch request.path {
            case "/": TestResponse(status: 200, headers: [(name: "Content-Type", value: "text/html"), (name: "Content-Encoding", value: "deflate")], body: compressedPage)
            case "/bomb": TestResponse(status: 200, headers: [(name: "Content-Type", value: "text/html"), (name: "Content-Encoding", value: "deflate")], body: bomb)
            case "/plain": .html("<p>plain</p>")
            default: TestResponse(status: 404, headers: [], body: [])
            }
        }
        let harness = try CrawlHarness()
        var settings = CrawlHarness.settings()
        settings.maxBodyBytes = 1 << 20
        settings.warc = WARCSettings(directory: harness.folder.file("warc"))
        try await harness.crawl(seeds: [server.origin + "/"], settings: settings)
        try await server.shutdown()

        let rows = try harness.query("SELECT url, length, error_kind, warc_file, warc_offset FROM captures") {
            (url: $0.string(0) ?? "", length: $0.int(1), kind: $0.string(2), file: $0.string(3) ?? "", offset: $0.int64(4))
        }
        let byURL = Dictionary(uniqueKeysWithValues: rows.map { ($0.url, $0) })
        let warc = try WARCFolder(harness.folder.file("warc"))
        // The page was decoded for parsing (its links were followed) and archived as received.
        let home = try #require(byURL[server.origin + "/"])
        #expect(home.length == page.count && home.kind == nil)
        #expect(Array(try warc.record(file: home.file, offset: home.offset).payload) == compressedPage)
        // Its payload is compressed already: the response record is stored in its member, not
        // deflated again (the member is no smaller than the record).
        let homeRecord = try warc.record(file: home.file, offset: home.offset)
        let memberLength = try #require(try harness.query(
            "SELECT warc_length FROM captures WHERE url = '\(server.origin)/'") { $0.int(0) }.first)
        #expect(memberLength > homeRecord.block.count)
        #expect(byURL[server.origin + "/plain"] != nil)
        // The bomb: inflation stopped at the cap, recorded as too large, raw bytes archived.
        let bombRow = try #require(byURL[server.origin + "/bomb"])
        #expect(bombRow.kind == "too_large")
        #expect(bombRow.length == 0)
        #expect(Array(try warc.record(file: bombRow.file, offset: bombRow.offset).payload) == bomb)
        // The decoded page's body is held by its (encoded) record alone.
        #expect(try warc.checkBodiesInWARC(harness) == 2)
    }

    @Test("robots.txt is archived without a capture row; one cut at its 500 KiB cap says WARC-Truncated: length")
    func robotsArchived() async throws {
        let robots = Array(("User-agent: *\nAllow: /\n" + String(repeating: "# padding line of a very long robots.txt\n", count: 16_000)).utf8)
        #expect(robots.count > 500 * 1024)
        let server = try await TestHTTPServer.start { request in
            switch request.path {
            case "/robots.txt": TestResponse(status: 200, headers: [(name: "Content-Type", value: "text/plain")], body: robots)
            case "/": .html("<p>home</p>")
            default: TestResponse(status: 404, headers: [], body: [])
            }
        }
        let harness = try CrawlHarness()
        var settings = CrawlHarness.settings()
        settings.warc = WARCSettings(directory: harness.folder.file("warc"))
        try await harness.crawl(seeds: [server.origin + "/"], settings: settings)
        try await server.shutdown()

        let warc = try WARCFolder(harness.folder.file("warc"))  // digests recompute
        let record = try #require(warc.of(.response).first { $0.targetURI == server.origin + "/robots.txt" })
        #expect(record.headers["WARC-Truncated"] == "length")
        #expect(record.payload.count == 500 * 1024)
        #expect(Array(record.payload) == Array(robots.prefix(500 * 1024)))
        let request = try #require(warc.of(.request).first { $0.targetURI == server.origin + "/robots.txt" })
        #expect(request.headers["WARC-Concurrent-To"] == record.recordID)
        let urls = try harness.query("SELECT url FROM captures") { $0.string(0) ?? "" }
        #expect(urls == [server.origin + "/"])
    }

    @Test("ContentDecoder: gzip-or-zlib auto-detected, raw deflate accepted, unknown codings kept, the cap holds")
    func decoder() throws {
        let text = Array(String(repeating: "hello ", count: 1000).utf8)
        let zlib = try #require(BodyCodec.deflate(text))
        #expect(ContentDecoder.decode(zlib, contentEncoding: "deflate", limit: 1 << 20) == .decoded(text))
        #expect(ContentDecoder.decode(Array(zlib.dropFirst(2)), contentEncoding: "deflate", limit: 1 << 20) == .decoded(text))
        #expect(ContentDecoder.decode(zlib, contentEncoding: "deflate", limit: 100) == .tooLarge(limit: 100))
        #expect(ContentDecoder.decode(text, contentEncoding: nil, limit: 10) == .decoded(text))
        #expect(ContentDecoder.decode(text, contentEncoding: "zstd", limit: 1 << 20) == .unsupported(coding: "zstd"))
        if case .corrupt = ContentDecoder.decode(Array(zlib.prefix(20)), contentEncoding: "gzip", limit: 1 << 20) {} else {
            Issue.record("a truncated stream must be reported as corrupt")
        }
    }
}

/// A flag a test server's handler reads while the test flips it.
private final class Switch: Sendable {
    let on = Atomic<Bool>(false)
}
