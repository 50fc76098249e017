import Foundation
import Testing
@testable import TrawlCore
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

extension WARCFolder {
    /// The body a capture's record holds, decoded from the capture's own Content-Encoding as
    /// the crawler decoded it for hashing; an identical-payload revisit's payload is its
    /// original's (the same bytes as received, whatever the original's Content-Encoding said).
    func decodedBody(of record: WARCRecord) -> [UInt8]? {
        guard let head = record.httpHead else { return nil }
        var response = record
        if record.type == .revisit {
            guard record.headers["WARC-Profile"] == WARCRecord.identicalPayloadDigestProfile,
                  let original = records[record.headers["WARC-Refers-To"] ?? ""]?.record else { return nil }
            response = original
        }
        guard response.type == .response else { return nil }
        let payload = Array(response.payload)
        switch ContentDecoder.decode(payload, contentEncoding: HTTPHead.header("Content-Encoding", in: head), limit: .max) {
        case .decoded(let body): return body
        default: return payload  // stored as received when it could not be decoded
        }
    }

    /// With WARC output on the WARC files are the body store (schema v11): every `contents` row
    /// is a `warc` row without bytes, and a capture with its hash has a record (response, or a
    /// revisit of one) whose decoded payload hashes to it. No body is in SQLite twice, and
    /// none is lost. Returns how many rows were checked.
    @discardableResult
    func checkBodiesInWARC(_ harness: CrawlHarness) throws -> Int {
        let rows = try harness.query("SELECT hash, encoding, body IS NULL FROM contents") {
            (hash: $0.blob(0) ?? [], encoding: $0.string(1) ?? "", bodyless: $0.int(2) == 1)
        }
        let holders = try harness.query("""
            SELECT content_hash, warc_file, warc_offset FROM captures WHERE content_hash IS NOT NULL AND warc_file IS NOT NULL
            """) { (hash: $0.blob(0) ?? [], file: $0.string(1) ?? "", offset: $0.int64(2)) }
        let byHash = Dictionary(grouping: holders, by: \.hash)
        for row in rows {
            #expect(row.encoding == BodyCodec.warcEncoding && row.bodyless, "a body is stored in SQLite too (\(row.encoding))")
            let held = try (byHash[row.hash] ?? []).contains { holder in
                try decodedBody(of: record(file: holder.file, offset: holder.offset)).map(BodyCodec.hash) == row.hash
            }
            #expect(held, "no WARC record holds the body \(row.hash.prefix(6).map { String($0, radix: 16) }.joined())")
        }
        return rows.count
    }
}
