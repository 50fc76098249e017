import TrawlDB
import TrawlWARC

/// A read-only connection to the store's file for the WARC digest index, owned by the WARC
/// archive and used on its executor.
///
/// Through the store's actor, each WARC batch's lookup queued behind the store's batch commits
/// while the batch's pages waited to be written. A reader in WAL mode is never blocked by the
/// writer: it sees the last commit. What this run wrote and has not committed yet is in the
/// archive's ``ArchivedPayloads``, as it was with the actor's lookup.
final class WARCDigestReader {
    private let database: Database

    /// Opens `path` (the crawl's database, already created and migrated by ``CrawlStore``).
    init(path: String) throws(SQLiteError) {
        database = try Database(path: path, mode: .readOnly)
    }

    deinit { database.close() }

    /// The archived originals of these payload digests: ``CrawlStore/warcOriginals(_:)``, all
    /// read in one snapshot (one read transaction, not one per digest).
    func originals(_ digests: [String]) throws -> [String: RevisitOriginal] {
        try database.execute("BEGIN")
        defer { try? database.execute("COMMIT") }
        return try CrawlStore.warcOriginals(digests, in: database)
    }

    /// Closes the connection now (before the store closes, so the store's close is the last
    /// one and checkpoints the WAL into the file).
    func close() { database.close() }
}
