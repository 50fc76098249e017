import Foundation
import Testing
import TrawlDB

/// The SQLite wrapper: binding, transactions, migrations, WAL sharing between connections.
@Suite("Database")
final class DatabaseTests {
    /// A folder of the test's own, removed when the test ends with the databases (and their WAL
    /// files) made in it: each test gets a new instance of this suite.
    private let folder = NSTemporaryDirectory() + "trawl-db-test-\(UUID().uuidString)"

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    private func temporaryPath() -> String {
        folder + "/\(UUID().uuidString).sqlite"
    }

    @Test("values of every type round-trip through bind and column access")
    func roundTrip() throws {
        let db = try Database(path: temporaryPath())
        defer { db.close() }
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        try db.prepare("INSERT INTO t VALUES (?, ?, ?, ?, ?)")
            .run([Int64.max, 2.5, "héllo\u{0}x", [UInt8]([0, 1, 255]), nil as String?])
        let row = try db.prepare("SELECT i, r, s, b, n FROM t").firstRow {
            ($0.int64(0), $0.double(1), $0.string(2), $0.blob(3), $0.isNull(4))
        }
        let values = try #require(row)
        #expect(values.0 == Int64.max)
        #expect(values.1 == 2.5)
        #expect(values.2 == "héllo\u{0}x")
        #expect(values.3 == [0, 1, 255])
        #expect(values.4)
    }

    @Test("run(binding:) and hasRow(binding:) bind each value in order, as run([...]) does (a reused statement: every call rebinds all parameters)")
    func packBinding() throws {
        let db = try Database(path: temporaryPath())
        defer { db.close() }
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, n TEXT)")
        let insert = try db.cached("INSERT INTO t VALUES (?, ?, ?, ?)")
        try insert.run(binding: Int64.max, 2.5, "héllo", nil as String?)
        try insert.run(binding: 7, 0.5, "", "x" as String?)
        let rows = try db.prepare("SELECT i, r, s, n FROM t ORDER BY rowid").rows {
            ($0.int64(0), $0.double(1), $0.string(2), $0.string(3))
        }
        #expect(rows.map(\.0) == [Int64.max, 7] && rows.map(\.1) == [2.5, 0.5])
        #expect(rows.map(\.2) == ["héllo", ""] && rows.map(\.3) == [nil, "x"])
        let lookup = try db.cached("SELECT 1 FROM t WHERE i = ? AND s = ?")
        #expect(try lookup.hasRow(binding: 7, ""))
        #expect(try !lookup.hasRow(binding: 7, "héllo"))
        #expect(try lookup.hasRow(binding: Int64.max, "héllo"))
    }

    @Test("text binds as its UTF-8 bytes: an empty string is empty text, not NULL; long and non-ASCII text round-trip")
    func textBinding() throws {
        let db = try Database(path: temporaryPath())
        defer { db.close() }
        try db.execute("CREATE TABLE t (s TEXT)")
        let long = String(repeating: "Grüße, 世界 ", count: 2_000)
        let insert = try db.cached("INSERT INTO t VALUES (?)")
        for text in ["", "a", long, String("x\(long)".dropFirst())] { try insert.run([text]) }
        let rows = try db.prepare("SELECT s IS NULL, s, length(CAST(s AS BLOB)) FROM t ORDER BY rowid").rows {
            ($0.int(0), $0.string(1), $0.int(2))
        }
        #expect(rows.map(\.0) == [0, 0, 0, 0], "no value binds as NULL")
        #expect(rows.map(\.1) == ["", "a", long, long])
        #expect(rows.map(\.2) == [0, 1, long.utf8.count, long.utf8.count])
    }

    @Test("a throwing transaction rolls back everything it did")
    func rollback() throws {
        let db = try Database(path: temporaryPath())
        defer { db.close() }
        try db.execute("CREATE TABLE t (x INTEGER UNIQUE)")
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.cached("INSERT INTO t VALUES (?)").run([1])
                throw Boom()
            }
        }
        #expect(try db.prepare("SELECT count(*) FROM t").firstRow { $0.int(0) } == 0)
    }

    @Test("constraint violations surface as SQLiteError with the statement")
    func constraintError() throws {
        let db = try Database(path: temporaryPath())
        defer { db.close() }
        try db.execute("CREATE TABLE t (x INTEGER UNIQUE)")
        try db.cached("INSERT INTO t VALUES (?)").run([1])
        do {
            try db.cached("INSERT INTO t VALUES (?)").run([1])
            Issue.record("duplicate insert must fail")
        } catch {
            #expect(error.primaryCode == 19)  // SQLITE_CONSTRAINT
            #expect(error.sql?.contains("INSERT INTO t") == true)
        }
    }

    @Test("migrations run once each, in order, and record user_version")
    func migrations() throws {
        let path = temporaryPath()
        let migrator = Migrator(migrations: ["CREATE TABLE a (x)", "CREATE TABLE b (y)"])
        do {
            let db = try Database(path: path)
            try migrator.migrate(db)
            #expect(try db.userVersion == 2)
            db.close()
        }
        let db = try Database(path: path)
        defer { db.close() }
        try migrator.migrate(db)  // second run: nothing to do, no "table exists" error
        #expect(try db.userVersion == 2)
        let older = Migrator(migrations: ["CREATE TABLE a (x)"])
        #expect(throws: SQLiteError.self) { try older.migrate(db) }
    }

    @Test("a second connection reads committed data while the first holds the file (WAL)")
    func concurrentReader() throws {
        let path = temporaryPath()
        let writer = try Database(path: path)
        defer { writer.close() }
        try writer.execute("CREATE TABLE t (x)")
        try writer.execute("BEGIN; INSERT INTO t VALUES (1);")
        let reader = try Database(path: path)
        defer { reader.close() }
        #expect(try reader.prepare("SELECT count(*) FROM t").firstRow { $0.int(0) } == 0)
        try writer.execute("COMMIT")
        #expect(try reader.prepare("SELECT count(*) FROM t").firstRow { $0.int(0) } == 1)
        #expect(try reader.prepare("PRAGMA journal_mode").firstRow { $0.string(0) } == "wal")
    }

    @Test("newFilePageSize sets the page size of a file the connection creates; an existing file keeps its own, rows and all")
    func newFilePageSize() throws {
        let path = temporaryPath()
        let created = try Database(path: path, newFilePageSize: 8192)
        try created.execute("CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(20000));")
        #expect(try created.pageSize == 8192)
        created.close()
        let older = temporaryPath()
        let plain = try Database(path: older)
        try plain.execute("CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(20000));")
        #expect(try plain.pageSize == 4096, "SQLite's default")
        plain.close()
        for (file, size) in [(path, 8192), (older, 4096)] {
            let reopened = try Database(path: file, newFilePageSize: 16384)
            defer { reopened.close() }
            #expect(try reopened.pageSize == size)
            try reopened.execute("INSERT INTO t VALUES (1)")
            #expect(try reopened.prepare("SELECT count(*), sum(length(x)) FROM t").firstRow { [$0.int(0), $0.int(1)] } == [2, 20001])
            #expect(try reopened.integrityCheck() == "ok")
        }
    }

    @Test("opening a database in a missing folder fails with the path in the error")
    func missingFolder() {
        do {
            let db = try Database(path: "/nonexistent-folder-\(UUID().uuidString)/x.sqlite")
            db.close()
            Issue.record("must fail")
        } catch {
            #expect(error.description.contains("nonexistent-folder"))
        }
    }

    @Test("checkpointWAL: a commit leaving the WAL at `frames` frames, or at `minFrames` once the last checkpoint is `interval` old, copies it into the database file; below both rules it stays in the WAL")
    func checkpointPolicy() throws {
        /// The database file's size after a transaction writing ~50 pages, before the close
        /// (whose own checkpoint would copy everything).
        func fileBytesAfterCommit(frames: Int32, minFrames: Int32, interval: Duration) throws -> Int {
            let path = temporaryPath()
            let db = try Database(path: path)
            defer { db.close() }
            db.checkpointWAL(atFrames: frames, orFramesAtLeast: minFrames, after: interval)
            try db.execute("CREATE TABLE t (b BLOB)")
            let insert = try db.prepare("INSERT INTO t VALUES (?)")
            try db.transaction {
                for _ in 0..<50 { try insert.run([[UInt8](repeating: 7, count: 4000)]) }
            }
            return try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        }
        let written = 50 * 4096
        #expect(try fileBytesAfterCommit(frames: 1_000_000, minFrames: 1_000_000, interval: .zero) < written / 2)
        #expect(try fileBytesAfterCommit(frames: 1_000_000, minFrames: 20, interval: .seconds(3600)) < written / 2)
        #expect(try fileBytesAfterCommit(frames: 20, minFrames: 1_000_000, interval: .seconds(3600)) >= written)
        #expect(try fileBytesAfterCommit(frames: 1_000_000, minFrames: 20, interval: .zero) >= written)
    }
}
