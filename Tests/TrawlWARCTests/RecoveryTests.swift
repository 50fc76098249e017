import Foundation
import Testing
import TrawlTestSupport
@testable import TrawlWARC

@Suite struct RecoveryTests {
    /// Truncates an unclosed file at many byte positions (every member boundary
    /// and its neighbours, plus random cuts) and checks that recovery keeps
    /// exactly the records that were complete, and leaves a valid closed file.
    @Test func truncatedAtManyPositionsRecoversExactlyTheCompleteRecords() throws {
        let source = try TempDir("recovery-source")
        defer { source.cleanup() }
        var writer: WARCWriter? = try WARCWriter(configuration: WARCWriterConfiguration(
            directory: source.path, prefix: "REC", hostname: "h", fsync: false))
        var factory = ExchangeFactory()
        _ = try writeCaptures(writer!, count: 25, factory: &factory)
        writer = nil  // crash: the file stays `.open`
        let openName = try #require(try source.files(".open").first)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: source.path + "/" + openName)))
        let members = try WARCReader(path: source.path + "/" + openName).readAll()
        let ends = members.map { $0.offset + $0.length }
        #expect(ends.last == UInt64(bytes.count))

        var positions = Set<Int>([0, 1, 10, bytes.count - 1, bytes.count])
        for e in ends { for d in [-2, -1, 0, 1, 2] { positions.insert(Int(e) + d) } }
        var rng = SplitMix64(seed: 7)
        for _ in 0..<150 { positions.insert(rng.int(in: 0..<bytes.count)) }
        positions = positions.filter { $0 >= 0 && $0 <= bytes.count }

        let work = try TempDir("recovery-work")
        defer { work.cleanup() }
        var kept = 0
        for cut in positions.sorted() {
            for name in try FileManager.default.contentsOfDirectory(atPath: work.path) {
                try FileManager.default.removeItem(atPath: work.path + "/" + name)
            }
            try Data(bytes[..<cut]).write(to: URL(fileURLWithPath: work.path + "/" + openName))
            let results = try WARCRecovery.recover(directory: work.path)
            #expect(results.count == 1)
            let complete = members.filter { $0.offset + $0.length <= UInt64(cut) }
            let result = results[0]
            #expect(result.survivors.map(\.recordID) == complete.map(\.record.recordID), "cut at \(cut)")
            #expect(try work.files(".open").isEmpty)
            let goodEnd = complete.last.map { $0.offset + $0.length } ?? 0
            #expect(result.truncatedBytes == UInt64(cut) - goodEnd)
            if complete.isEmpty {
                #expect(result.closedName == nil)
                #expect(try work.files(".warc.gz").isEmpty)
                continue
            }
            let closed = try #require(result.closedName)
            let path = work.path + "/" + closed
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! UInt64
            #expect(size == goodEnd)
            let reread = try WARCReader(path: path).readAll()
            #expect(reread.map(\.record) == complete.map(\.record))
            #expect(result.survivors.map(\.location.offset) == complete.map(\.offset))
            #expect(result.survivors.allSatisfy { $0.location.fileName == closed })
            let cdxj = try String(contentsOfFile: work.path + "/" + WARCFileName.indexName(closed), encoding: .utf8)
            #expect(cdxj.split(separator: "\n").count == complete.filter { $0.record.type == .response || $0.record.type == .revisit }.count)
            kept += 1
            if cut == Int(ends[ends.count / 2]) + 1, let keep = ProcessInfo.processInfo.environment["TRAWL_WARC_KEEP"], !keep.isEmpty {
                let dest = keep + "/recovered"
                try? FileManager.default.createDirectory(atPath: dest, withIntermediateDirectories: true)
                try? FileManager.default.removeItem(atPath: dest + "/" + closed)
                try FileManager.default.copyItem(atPath: path, toPath: dest + "/" + closed)
            }
        }
        #expect(kept > 100)
    }

    @Test func recoveryLeavesClosedFilesAloneAndAWriterCanContinue() throws {
        let dir = try TempDir("recovery-continue")
        defer { dir.cleanup() }
        var factory = ExchangeFactory()
        let w1 = try WARCWriter(configuration: WARCWriterConfiguration(directory: dir.path, prefix: "C", hostname: "h", fsync: false))
        _ = try writeCaptures(w1, count: 5, factory: &factory)
        try w1.close()
        var w2: WARCWriter? = try WARCWriter(configuration: WARCWriterConfiguration(directory: dir.path, prefix: "C", hostname: "h", fsync: false))
        let locs = try writeCaptures(w2!, count: 3, factory: &factory)
        w2 = nil
        let results = try WARCRecovery.recover(directory: dir.path)
        #expect(results.count == 1)
        #expect(results[0].truncatedBytes == 0 && results[0].tornTail == nil)
        #expect(Set(results[0].survivors.map(\.recordID)).isSuperset(of: locs.map(\.record.recordID)))
        #expect(try dir.files(".warc.gz").count == 2)
        #expect(try dir.files(".cdxj").count == 2)
        #expect(try WARCRecovery.recover(directory: dir.path).isEmpty)
    }
}
