import Foundation
import TrawlDB

extension CrawlStore {
    /// Brings `database` (the file at `path`) to the current schema. A disk that fills up during
    /// the upgrade is reported with the file and the free space it needs, not as SQLite's bare
    /// "database or disk is full": v11 rebuilds `contents` in one transaction, so an archive
    /// from before v11 needs about twice that table free. The upgrade's transaction is rolled
    /// back, so the file is unchanged and the same binary upgrades it once there is room.
    static func upgrade(_ database: Database, path: String) throws(StoreError) {
        let before = (try? database.userVersion) ?? 0
        do {
            try Schema.migrator.migrate(database)
        } catch {
            if let sqlite = error as? SQLiteError, sqlite.primaryCode == 13 /* SQLITE_FULL */ {
                throw .noSpaceToUpgrade(database: path, needed: before < 11 ? contentsRebuildBytes(database) : nil)
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
}
