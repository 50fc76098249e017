import Foundation
import Testing
import TrawlWARC
@testable import TrawlCore

/// The WARC archive reads the digest index through its own read-only connection, not through
/// the store's actor: it must see each commit of the store as soon as it is made.
@Suite("WARC digest reader")
struct WARCDigestReaderTests {
    private static func archived(_ digest: String, record: String) -> ArchivedCapture {
        ArchivedCapture(
            location: WARCRecordLocation(fileName: "t-00000.warc.gz", offset: 0, length: 100, recordID: record),
            payloadDigest: digest, isRevisit: false, targetURI: "https://a.example/\(record)",
            warcDate: "2026-11-30T00:00:00Z")
    }

    @Test("a reader opened before a commit sees it at its next lookup (no snapshot held between lookups) and reads what the store's own lookup reads")
    func readerSeesEachCommit() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let reader = try WARCDigestReader(path: store.path)
        #expect(try reader.originals(["sha1:A"]).isEmpty)

        try await store.commitDigest(Self.archived("sha1:A", record: "<urn:uuid:1>"))
        #expect(try reader.originals(["sha1:A", "sha1:B"]).mapValues(\.recordID) == ["sha1:A": "<urn:uuid:1>"])

        try await store.commitDigest(Self.archived("sha1:B", record: "<urn:uuid:2>"))
        let read = try reader.originals(["sha1:A", "sha1:B"])
        #expect(read.mapValues(\.recordID) == ["sha1:A": "<urn:uuid:1>", "sha1:B": "<urn:uuid:2>"])
        #expect(read == (try await store.warcOriginals(["sha1:A", "sha1:B"])))
        reader.close()
        await store.close()
    }
}

extension CrawlStore {
    /// Adds one original to the digest index in a transaction of its own.
    fileprivate func commitDigest(_ archived: ArchivedCapture) throws {
        try transaction { try writeDigest(archived) }
    }
}
