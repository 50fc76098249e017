import Foundation
import Testing
@testable import TrawlWARC

@Suite struct WriterTests {
    /// Writes a crawl's worth of captures and checks every file independently of
    /// the writer: warcinfo first, digests recompute, revisits point at records
    /// that exist, every location reads alone, CDXJ is sorted and matches. Both write paths:
    /// records compressed by the writer, and captures prepared (compressed) ahead of it, with
    /// the response swapped for a revisit when the payload was seen (what the crawler does).
    @Test(arguments: [false, true]) func writtenFilesAreSelfConsistent(prepared: Bool) throws {
        let dir = try TempDir("consistent")
        defer { dir.cleanup() }
        let writer = try WARCWriter(configuration: WARCWriterConfiguration(
            directory: dir.path, prefix: "TEST", maxBytes: 200_000, hostname: "testhost",
            software: "Trawl/test", info: [("robots", "obey"), ("user-agent", "Trawl/test")], fsync: false))
        var factory = ExchangeFactory()
        let written = try writeCaptures(writer, count: 150, factory: &factory, prepared: prepared)
        try writer.close()

        let warcs = try dir.files(".warc.gz")
        #expect(warcs.count >= 2, "150 captures at maxBytes 200 kB should rotate")
        #expect(try dir.files(".open").isEmpty)
        #expect(warcs == writer.closedFiles.sorted())

        var allIDs = Set<String>()
        var byID: [String: WARCRecord] = [:]
        var revisits: [WARCRecord] = []
        for name in warcs {
            #expect(name.hasPrefix("TEST-") && name.hasSuffix("-testhost.warc.gz"))
            let reader = try WARCReader(path: dir.path + "/" + name)
            let records = try reader.readAll()
            #expect(records.first?.record.type == .warcinfo, "\(name) must start with warcinfo")
            let info = String(decoding: records[0].record.block, as: UTF8.self)
            #expect(info.contains("software: Trawl/test") && info.contains("robots: obey") && info.contains("hostname: testhost"))
            #expect(records[0].record.headers["WARC-Filename"] == name)
            #expect(records.dropFirst().allSatisfy { $0.record.type != .warcinfo })
            for r in records {
                #expect(WARCValidation.digestProblems(r.record).isEmpty, "\(WARCValidation.digestProblems(r.record))")
                #expect(allIDs.insert(r.record.recordID).inserted, "duplicate record ID \(r.record.recordID)")
                byID[r.record.recordID] = r.record
                if r.record.type == .revisit { revisits.append(r.record) }
                // Every record can be read alone at its offset.
                let alone = try WARCReader(path: dir.path + "/" + name).record(at: r.offset)
                #expect(alone.record == r.record && alone.length == r.length)
            }
            // CDXJ: sorted, one line per response/revisit, offsets point at those records.
            let cdxj = try String(contentsOfFile: dir.path + "/" + WARCFileName.indexName(name), encoding: .utf8)
            let lines = cdxj.split(separator: "\n").map(String.init)
            #expect(lines == lines.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            #expect(lines.count == records.filter { $0.record.type == .response || $0.record.type == .revisit }.count)
            for line in lines {
                let parts = line.split(separator: " ", maxSplits: 2)
                let json = try JSONSerialization.jsonObject(with: Data(parts[2].utf8)) as! [String: String]
                #expect(json["filename"] == name)
                let r = try reader.record(at: UInt64(json["offset"]!)!)
                #expect(r.length == UInt64(json["length"]!)!)
                #expect(r.record.targetURI == json["url"])
                #expect(String(parts[0]) == SURT.key(json["url"]!))
                #expect(WARCDigest.bare(r.record.headers["WARC-Payload-Digest"]!) == json["digest"])
                #expect(parts[1].count == 14)
            }
        }
        #expect(!revisits.isEmpty)
        for rv in revisits {
            let target = rv.headers["WARC-Refers-To"]!
            let original = try #require(byID[target], "revisit refers to missing record \(target)")
            #expect(original.type == .response)
            #expect(original.headers["WARC-Payload-Digest"] == rv.headers["WARC-Payload-Digest"])
            #expect(original.targetURI == rv.headers["WARC-Refers-To-Target-URI"])
            #expect(original.date == rv.headers["WARC-Refers-To-Date"])
        }
        // The writer's locations are the truth the capture rows will store.
        for (record, loc) in written {
            let r = try WARCReader(path: dir.path + "/" + loc.fileName).record(at: loc.offset)
            #expect(r.record == record && r.length == loc.length && loc.recordID == record.recordID)
        }
        // Request/response pairs share a file and link both ways.
        for (record, _) in written where record.type == .request {
            let other = try #require(byID[record.headers["WARC-Concurrent-To"]!])
            #expect(other.headers["WARC-Concurrent-To"] == record.recordID)
        }
    }

    @Test func rotatesAtMaxBytes() throws {
        let dir = try TempDir("rotation")
        defer { dir.cleanup() }
        let maxBytes: UInt64 = 50_000
        let writer = try WARCWriter(configuration: WARCWriterConfiguration(
            directory: dir.path, prefix: "ROT", maxBytes: maxBytes, hostname: "h", fsync: false))
        var factory = ExchangeFactory()
        var batches: [[WARCRecordLocation]] = []
        for i in 0..<120 {
            let (ex, links) = factory.make(i)
            batches.append(try writer.write(WARCRecord.capture(ex, outlinks: links)))
        }
        try writer.close()
        let files = try dir.files(".warc.gz")
        #expect(files.count >= 3)
        var serials = Set<Int>()
        let last = files.max { WARCFileName.serial(of: $0, prefix: "ROT")! < WARCFileName.serial(of: $1, prefix: "ROT")! }
        for name in files {
            let size = try FileManager.default.attributesOfItem(atPath: dir.path + "/" + name)[.size] as! UInt64
            #expect(size <= maxBytes, "\(name) is \(size) bytes, over maxBytes")
            // The last file was closed by `close()`, not by rotation: it may hold any amount.
            if name != last { #expect(size > maxBytes / 2, "\(name) rotated too early (\(size) bytes)") }
            serials.insert(WARCFileName.serial(of: name, prefix: "ROT")!)
        }
        #expect(serials.count == files.count)
        // A batch never straddles two files.
        for b in batches { #expect(Set(b.map(\.fileName)).count == 1) }
        // A new writer on the same directory continues the serials.
        let again = try WARCWriter(configuration: WARCWriterConfiguration(directory: dir.path, prefix: "ROT", hostname: "h", fsync: false))
        let (ex, _) = factory.make(0)
        let loc = try again.write(WARCRecord.capture(ex))
        try again.close()
        #expect(WARCFileName.serial(of: loc[0].fileName, prefix: "ROT")! == serials.max()! + 1)
    }

    @Test func writerReportsUnwritableDirectoryByName() throws {
        let dir = try TempDir("unwritable")
        defer { dir.cleanup() }
        let file = dir.path + "/not-a-dir"
        _ = FileManager.default.createFile(atPath: file, contents: Data())
        do {
            _ = try WARCWriter(configuration: WARCWriterConfiguration(directory: file))
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains(file))
        }
    }
}

/// The shape the crawl integration will take: the non-Sendable writer lives
/// inside one actor; `Sendable` exchanges and locations cross the boundary.
actor ArchiveActor {
    private let writer: WARCWriter
    private var seen: [String: RevisitOriginal] = [:]

    init(directory: String) throws {
        writer = try WARCWriter(configuration: WARCWriterConfiguration(directory: directory, prefix: "ACT", hostname: "h", fsync: false))
    }

    func archive(_ exchange: HTTPExchange, outlinks: [String]) throws -> [WARCRecordLocation] {
        let digest = exchange.payloadDigest
        let records = WARCRecord.capture(exchange, duplicateOf: seen[digest], outlinks: outlinks)
        let locations = try writer.write(records)
        if seen[digest] == nil, records[1].type == .response {
            seen[digest] = RevisitOriginal(recordID: records[1].recordID, targetURI: exchange.targetURI, date: records[1].date)
        }
        return locations
    }

    func close() throws { try writer.close() }
}

@Suite struct ActorIntegrationTests {
    @Test func concurrentTasksArchiveThroughOneActor() async throws {
        let dir = try TempDir("actor")
        defer { dir.cleanup() }
        let archive = try ArchiveActor(directory: dir.path)
        var factory = ExchangeFactory()
        let exchanges = (0..<40).map { factory.make($0) }
        let locations = try await withThrowingTaskGroup(of: [WARCRecordLocation].self) { group in
            for (ex, links) in exchanges { group.addTask { try await archive.archive(ex, outlinks: links) } }
            var all: [WARCRecordLocation] = []
            for try await l in group { all += l }
            return all
        }
        try await archive.close()
        let files = try dir.files(".warc.gz")
        #expect(files.count == 1)
        let records = try WARCReader(path: dir.path + "/" + files[0]).readAll()
        #expect(records.count == locations.count + 1)  // + warcinfo
        #expect(Set(records.map(\.offset)) == Set(locations.map(\.offset)).union([0]))
    }
}
