import Foundation
import Testing
@testable import TrawlCore

/// The store's memory of URLs already in the frontier (``KnownURLs``) only skips statements:
/// what `insert` adds is exactly what `INSERT OR IGNORE` alone would add.
@Suite("Known URLs")
struct KnownURLsTests {
    private static let origin = "https://news.example"

    private func discoveries(_ paths: [String]) -> [Discovery] {
        paths.map { Discovery(url: Self.origin + $0, origin: Self.origin, depth: 1) }
    }

    @Test("two generations: the newest URLs stay remembered, the oldest are dropped when the young one fills")
    func generations() {
        var known = KnownURLs(generationSize: 2)
        let (a, b, c, d) = (KnownURLs.Key("a"), KnownURLs.Key("b"), KnownURLs.Key("c"), KnownURLs.Key("d"))
        for url in [a, b, c] { known.insert(url) }
        #expect(known.contains(a) && known.contains(b) && known.contains(c))
        known.insert(d)  // young {c, d} is full: it becomes old, {a, b} is dropped
        #expect(!known.contains(a) && !known.contains(b))
        #expect(known.contains(c) && known.contains(d))
        #expect(known.count == 2)
        known.forgetAll()
        #expect(known.count == 0 && !known.contains(d))
    }

    @Test("keys are the URL's text, hashed by its URLHash: a key with the same hash and other text is another URL")
    func keysCompareText() {
        let url = "https://news.example/a"
        let key = KnownURLs.Key(url)
        #expect(key.hash == URLHash.of(url) && key == KnownURLs.Key(url))
        var known = KnownURLs()
        known.insert(key)
        // Another text under the same hash (what a collision looks like) is not known.
        let impostor = KnownURLs.Key(url: "https://news.example/b", hash: key.hash)
        #expect(impostor.hash == key.hash && impostor != key)
        #expect(known.contains(key) && !known.contains(impostor))
    }

    @Test("URLs offered again, remembered or already forgotten, are never added twice")
    func noDuplicates() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        await store.setKnownURLs(KnownURLs(generationSize: 2))
        let first = try await store.insert(discoveries(["/1", "/2", "/3", "/4", "/5"]), from: nil)
        #expect(first.map(\.url) == discoveries(["/1", "/2", "/3", "/4", "/5"]).map(\.url))
        // /1-/2 are forgotten by now (generations of 2), /4-/5 remembered: both kinds add nothing.
        let again = try await store.insert(discoveries(["/1", "/5", "/2", "/4", "/6"]), from: nil)
        #expect(again.map(\.url) == [Self.origin + "/6"])
        #expect(try harness.query("SELECT count(*) FROM urls") { $0.int(0) } == [6])
        await store.close()
    }

    @Test("a rolled-back transaction's URLs and new hosts are forgotten, so offering them again inserts them")
    func rollbackForgets() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        await #expect(throws: RolledBack.self) { try await store.insertThenRollBack(discoveries(["/lost"])) }
        #expect(try harness.query("SELECT (SELECT count(*) FROM urls) + (SELECT count(*) FROM hosts)") { $0.int(0) } == [0])
        let added = try await store.insert(discoveries(["/lost"]), from: nil)
        #expect(added.map(\.url) == [Self.origin + "/lost"], "remembered from the rolled-back insert, it would be lost")
        await store.close()
    }
}

private struct RolledBack: Error {}

extension CrawlStore {
    fileprivate func setKnownURLs(_ known: KnownURLs) { knownURLs = known }

    /// Inserts in a transaction that then fails, as a batch whose later write throws does.
    fileprivate func insertThenRollBack(_ discoveries: [Discovery]) throws {
        try transaction {
            _ = try insert(discoveries, from: nil)
            throw RolledBack()
        }
    }
}
