import Foundation
import Testing
@testable import TrawlCore
import TrawlDB

/// Schema v11: `contents.body` becomes optional (WARC output keeps bodies in the WARC files)
/// without losing a row of an existing archive.
@Suite("contents migration (v11)")
struct ContentsMigrationTests {
    @Test("v11 rebuilds contents with every row and byte kept, captures still pointing at them (foreign keys on, no violation), and a row without a body is accepted")
    func keepsRowsAndAllowsBodyless() async throws {
        let folder = try TemporaryFolder()
        let path = folder.file("v10.sqlite")
        let page = Array(String(repeating: "<p>an archived page</p>", count: 50).utf8)
        let stored = BodyCodec.store(page)
        let tiny = BodyCodec.store(Array("x".utf8))  // kept as is: compression would not save space
        #expect(stored.encoding == "zlib" && tiny.encoding == "identity")

        // An archive as v10 left it: two bodies, three captures (two share a body).
        let old = try Database.migrated(path: path, toVersion: 10)
        try old.execute("INSERT INTO hosts(id, origin, first_seen) VALUES (1, 'http://a.example', 0)")
        for id in 1...3 {
            try old.prepare("INSERT INTO urls(id, url, host_id, depth, discovered_at) VALUES (?, ?, 1, 0, 0)")
                .run([Int64(id), "http://a.example/\(id)"])
        }
        for content in [stored, tiny] {
            try old.prepare("INSERT INTO contents(hash, size, encoding, body, first_seen) VALUES (?, ?, ?, ?, 7)")
                .run([content.hash, content.size, content.encoding, content.data])
        }
        for (id, content) in [(1, stored), (2, stored), (3, tiny)] {
            try old.prepare("INSERT INTO captures(url_id, url, fetched_at, status, content_hash) VALUES (?, ?, 1, 200, ?)")
                .run([Int64(id), "http://a.example/\(id)", content.hash])
        }
        #expect(try old.userVersion == 10)
        old.close()

        let store = try await CrawlStore.open(path: path, logger: CrawlHarness.quietLogger)
        await store.close()

        let db = try Database(path: path)
        defer { db.close() }
        #expect(try db.userVersion == Schema.migrator.migrations.count)
        let rows = try db.prepare("SELECT hash, size, encoding, body, first_seen FROM contents ORDER BY size").rows {
            (hash: $0.blob(0) ?? [], size: $0.int(1), encoding: $0.string(2) ?? "", body: $0.blob(3), firstSeen: $0.double(4))
        }
        #expect(rows.map(\.hash) == [tiny.hash, stored.hash])
        #expect(rows.map(\.encoding) == ["identity", "zlib"] && rows.allSatisfy { $0.firstSeen == 7 })
        #expect(rows.last.flatMap { BodyCodec.load(encoding: $0.encoding, data: $0.body ?? [], size: $0.size) } == page)
        #expect(rows.first?.body == tiny.data)
        #expect(try db.prepare("PRAGMA foreign_key_check").rows { $0.string(0) }.isEmpty)
        #expect(try db.prepare("SELECT count(*) FROM captures c JOIN contents b ON b.hash = c.content_hash").firstRow { $0.int(0) } == 3)
        #expect(try db.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'contents_%'").firstRow { $0.int(0) } == 0)
        let reference = BodyCodec.reference(Array("a body only a WARC record holds".utf8))
        try db.prepare("INSERT INTO contents(hash, size, encoding, body, first_seen) VALUES (?, ?, ?, ?, 8)")
            .run([reference.hash, reference.size, reference.encoding, reference.data])
        #expect(try db.prepare("SELECT count(*) FROM contents WHERE body IS NULL AND encoding = 'warc'").firstRow { $0.int(0) } == 1)
    }

    @Test("a disk that fills up during the v11 rebuild: the error names the database and the free space the upgrade needs (twice the contents table), and the file stays at v10, upgradable once there is room")
    func fullDiskDuringUpgradeSaysHowMuchSpace() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("v10.sqlite")
        let db = try Database.migrated(path: path, toVersion: 10)
        defer { db.close() }
        let rows = 256, bodyBytes = 4096
        try db.transaction {
            let insert = try db.prepare("INSERT INTO contents(hash, size, encoding, body, first_seen) VALUES (?, ?, 'identity', ?, 1)")
            for row in 0..<rows {
                let hash = [UInt8](repeating: UInt8(row & 0xff), count: 31) + [UInt8(row >> 8)]
                try insert.run([hash, bodyBytes, [UInt8](repeating: UInt8(row & 0xff), count: bodyBytes)])
            }
        }
        // The file system's room, as SQLite sees it: a few pages more than the archive has now.
        let pages = try #require(try db.prepare("PRAGMA page_count").firstRow { $0.int(0) })
        _ = try db.prepare("PRAGMA max_page_count = \(pages + 16)").rows { $0.int(0) }
        do {
            try CrawlStore.upgrade(db, path: path)
            Issue.record("the upgrade did not run out of room")
        } catch {
            guard case .noSpaceToUpgrade(let database, let needed?) = error else {
                Issue.record("not the disk-full upgrade error: \(error)")
                return
            }
            #expect(database == path)
            let tableBytes = Int64(rows * (bodyBytes + 32))
            #expect(needed >= 2 * tableBytes && needed < 3 * tableBytes, "\(needed) bytes for a \(tableBytes)-byte table")
            #expect(error.description.contains(path) && error.description.contains("no space left on device"))
            #expect(error.description.contains(ByteCountFormatter.string(fromByteCount: needed, countStyle: .file)))
        }
        #expect(try db.userVersion == 10, "the upgrade's transaction was rolled back")
        _ = try db.prepare("PRAGMA max_page_count = 1073741823").rows { $0.int(0) }
        try CrawlStore.upgrade(db, path: path)
        #expect(try db.userVersion == Schema.migrator.migrations.count)
        #expect(try db.prepare("SELECT count(*) FROM contents").firstRow { $0.int(0) } == rows)
    }
}
