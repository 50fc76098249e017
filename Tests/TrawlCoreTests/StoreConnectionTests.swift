import Foundation
import Testing
@testable import TrawlCore

/// The crawl store's connection settings that the crawl's speed was measured with.
@Suite("Store connection")
struct StoreConnectionTests {
    @Test("the store's connection has an 8 MiB page cache (SQLite's default 2 MiB re-read index leaves with a pread each) and checkpoints at 10,000 WAL pages")
    func connectionSettings() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let cache = try await store.pragma("cache_size")
        let checkpoint = try await store.pragma("wal_autocheckpoint")
        await store.close()
        #expect(cache == -8 * 1024, "negative: KiB")
        #expect(checkpoint == 10_000)
    }
}

extension CrawlStore {
    /// A PRAGMA's value on the store's own connection.
    fileprivate func pragma(_ name: String) throws -> Int? {
        try database.prepare("PRAGMA \(name)").firstRow { $0.int(0) }
    }
}
