import Foundation
import Testing
@testable import TrawlWARC

@Suite struct SubsetTests {
    @Test func copiesChosenCapturesByteExactEvenFromAFileStillBeingWritten() throws {
        let dir = try TempDir("subset-src"), out = try TempDir("subset-out")
        defer { dir.cleanup(); out.cleanup() }
        var factory = ExchangeFactory()
        let writer = try WARCWriter(configuration: WARCWriterConfiguration(directory: dir.path, prefix: "S", hostname: "h", fsync: false))
        var responses: [WARCRecordLocation] = []
        for i in 0..<6 {
            let records = WARCRecord.capture(factory.make(i).0, outlinks: ["http://x/\(i)"])
            responses.append(try writer.write(records)[1])
        }
        // Not closed: the file is still `.open`, with a torn record in progress at its end.
        let openName = try #require(try dir.files(".open").first)
        let handle = try #require(FileHandle(forWritingAtPath: dir.path + "/" + openName))
        handle.seekToEndOfFile()
        handle.write(Data([0x1f, 0x8b, 8, 0, 0, 0]))
        try handle.close()

        let chosen = [responses[1], responses[4]]
        let result = try WARCSubset.write(
            sourceDirectory: dir.path, selection: [chosen[0].fileName: Set(chosen.map(\.offset))],
            outputDirectory: out.path, prefix: "E", software: "test", info: [("k", "v")])
        #expect(result.captures == 2 && result.missing.isEmpty)
        #expect(result.records == 6)  // request + response + metadata, twice
        let copied = try WARCReader(path: out.path + "/" + result.fileName).readAll()
        #expect(copied.first?.record.type == .warcinfo)
        #expect(Set(copied.map(\.record.recordID)).isSuperset(of: chosen.map(\.recordID)))
        let source = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/" + openName))
        let target = try Data(contentsOf: URL(fileURLWithPath: out.path + "/" + result.fileName))
        for location in chosen {
            let copy = try #require(copied.first { $0.record.recordID == location.recordID })
            #expect(source[Int(location.offset)..<Int(location.offset + location.length)]
                    == target[Int(copy.offset)..<Int(copy.offset + copy.length)])
        }
        let index = try String(contentsOfFile: out.path + "/" + WARCFileName.indexName(result.fileName), encoding: .utf8)
        #expect(index.split(separator: "\n").count == 2)
    }
}
