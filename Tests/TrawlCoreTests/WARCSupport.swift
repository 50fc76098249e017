import Foundation
import Testing
import TrawlWARC

/// Reads a WARC folder back with TrawlWARC's own reader and checks it independently of how
/// it was written: every file reads to its end, every digest recomputes, no `.open` is left.
struct WARCFolder {
    let path: String
    /// Every record of every closed file, by record ID, with its file and offset.
    private(set) var records: [String: (record: WARCRecord, file: String, offset: UInt64)] = [:]
    private(set) var files: [String] = []

    init(_ path: String) throws {
        self.path = path
        let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        #expect(!names.contains { $0.hasSuffix(".open") }, "a WARC file was left open: \(names)")
        files = names.filter { $0.hasSuffix(".warc.gz") }
        for file in files {
            let all = try WARCReader(path: path + "/" + file).readAll()
            #expect(all.first?.record.type == .warcinfo, "\(file) does not start with warcinfo")
            for r in all {
                let problems = WARCValidation.digestProblems(r.record)
                #expect(problems.isEmpty, "\(file)@\(r.offset): \(problems)")
                #expect(records[r.record.recordID] == nil, "duplicate record ID \(r.record.recordID)")
                records[r.record.recordID] = (r.record, file, r.offset)
            }
        }
    }

    func of(_ type: WARCRecordType) -> [WARCRecord] {
        records.values.map(\.record).filter { $0.type == type }
    }

    /// The record alone at `offset` of `file` (as `trawl show --raw` reads it).
    func record(file: String, offset: Int64) throws -> WARCRecord {
        try WARCReader(path: path + "/" + file).record(at: UInt64(offset)).record
    }

    /// Every identical-payload revisit refers to an existing response with the same payload
    /// digest and URI; every server-not-modified one (a 304) to an earlier response of its URI.
    func checkRevisits() {
        for revisit in of(.revisit) {
            let target = revisit.headers["WARC-Refers-To"] ?? ""
            if revisit.headers["WARC-Profile"] == WARCRecord.serverNotModifiedProfile {
                let original = records[target]?.record
                #expect(original?.type == .response, "304 revisit \(revisit.recordID) refers to \(target)")
                #expect(original?.targetURI == revisit.targetURI)
                #expect(original?.date == revisit.headers["WARC-Refers-To-Date"])
                #expect((original?.date ?? "") < revisit.date)
                #expect(HTTPHead.statusCode(revisit.httpHead ?? []) == 304)
                continue
            }
            guard let original = records[target]?.record else {
                Issue.record("revisit \(revisit.recordID) refers to missing record \(target)")
                continue
            }
            #expect(original.type == .response)
            #expect(original.headers["WARC-Payload-Digest"] == revisit.headers["WARC-Payload-Digest"])
            #expect(original.targetURI == revisit.headers["WARC-Refers-To-Target-URI"])
            #expect(original.date == revisit.headers["WARC-Refers-To-Date"])
            #expect(revisit.headers["WARC-Profile"] == WARCRecord.identicalPayloadDigestProfile)
        }
    }
}
