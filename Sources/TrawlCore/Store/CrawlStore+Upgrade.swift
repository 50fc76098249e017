import Foundation
import TrawlDB

extension CrawlStore {
    /// Brings `database` (the file at `path`) to the current schema. A disk that fills up during
    /// the upgrade is reported with the file and the free space it needs, not as SQLite's bare
    /// "database or disk is full": v11 rebuilds `contents` and v15 `urls` in one transaction, so
    /// an archive from before them needs about twice those tables free. The upgrade's transaction
    /// is rolled back, so the file is unchanged and the same binary upgrades it once there is room.
    /// The connection gets the SQL function v15 fills `urls.url_hash` with (``URLHash``).
    static func upgrade(_ database: Database, path: String) throws(StoreError) {
        let before = (try? database.userVersion) ?? 0
        do {
            try database.defineFunction(URLHash.sqlFunctionName, URLHash.of)
            try Schema.migrator.migrate(database)
        } catch {
            if let sqlite = error as? SQLiteError, sqlite.primaryCode == 13 /* SQLITE_FULL */ {
                let contents = before < 11 ? contentsRebuildBytes(database) : 0
                let urls = before < 15 ? urlsRebuildBytes(database) : 0
                throw .noSpaceToUpgrade(database: path, needed: contents.flatMap { c in urls.map { c + $0 } })
            }
            throw .cannotOpen(database: path, reason: "\(error)")
        }
    }

    /// What the v11 rebuild of `contents` writes before it commits: the table twice (a copy,
    /// then the new table; both go to the WAL). Estimated from the rows (key, body and a
    /// little per row), since SQLite's page statistics (`dbstat`) may not be compiled in.
    static func contentsRebuildBytes(_ database: Database) -> Int64? {
        let table = try? database.prepare("""
            SELECT coalesce(sum(length(hash) + coalesce(length(body), 0) + 32), 0) FROM contents
            """).firstRow { $0.int64(0) }
        return table.map { 2 * $0 }
    }

    /// What the v15 rebuild of `urls` writes before it commits: the table twice and its new
    /// indexes. Estimated from the rows (the URL text, ~64 bytes of other columns and ~40 of
    /// index entries per row).
    static func urlsRebuildBytes(_ database: Database) -> Int64? {
        let table = try? database.prepare("SELECT coalesce(sum(length(url) + 64), 0), count(*) FROM urls")
            .firstRow { (bytes: $0.int64(0), rows: $0.int64(1)) }
        return table.map { 2 * $0.bytes + 40 * $0.rows }
    }
}
