import Foundation
import TrawlDB
import TrawlWARC

extension CrawlStore {
    /// The archived originals of these payload digests, from the persistent digest index:
    /// what a capture with the same payload becomes a revisit of.
    func warcOriginals(_ digests: [String]) throws -> [String: RevisitOriginal] {
        try Self.warcOriginals(digests, in: database)
    }

    /// ``warcOriginals(_:)`` read through `database`: the store's own connection or a reader's.
    static func warcOriginals(_ digests: [String], in database: Database) throws -> [String: RevisitOriginal] {
        let lookup = try database.cached("SELECT record_id, target_uri, warc_date FROM warc_digests WHERE digest = ?")
        var found: [String: RevisitOriginal] = [:]
        for digest in digests {
            if let original = try lookup.firstRow([digest], {
                RevisitOriginal(recordID: $0.string(0) ?? "", targetURI: $0.string(1) ?? "", date: $0.string(2) ?? "")
            }) {
                found[digest] = original
            }
        }
        return found
    }

    /// Adds an original payload to the digest index, inside the current transaction (a revisit
    /// adds nothing; the first original of a digest stays its original).
    func writeDigest(_ archived: ArchivedCapture) throws {
        guard !archived.isRevisit, let digest = archived.payloadDigest else { return }
        try database.cached("""
            INSERT OR IGNORE INTO warc_digests(digest, record_id, target_uri, warc_date, warc_file, warc_offset)
            VALUES (?, ?, ?, ?, ?, ?)
            """).run([
                digest, archived.location.recordID, archived.targetURI, archived.warcDate,
                archived.location.fileName, Int64(archived.location.offset),
            ])
    }

    /// After WARC recovery: captures whose record is gone are deleted and their URLs queued
    /// again, so they are fetched (and archived) anew; digest-index entries pointing at lost
    /// records are dropped so no revisit refers to them. Captures whose identical-payload
    /// revisit record refers to an original no longer in the index (`captures.warc_revisit_of`)
    /// go the same way, though their own record survives: the payload, and so the body (the
    /// WARC files are the body store), was only in the lost original.
    ///
    /// - Parameters:
    ///   - survivors: for each recovered (formerly `.open`) file, the offsets of its complete records.
    ///   - existing: every closed WARC file name in the directory; a file a capture names that is
    ///     not there (deleted, or an `.open` file with nothing complete) lost all its records.
    /// - Returns: how many captures were re-queued.
    func dropLostCaptures(survivors: [String: Set<Int64>], existing: Set<String>) throws -> Int {
        try transaction {
            let files = try database.cached("SELECT DISTINCT warc_file FROM captures WHERE warc_file IS NOT NULL")
                .rows { $0.string(0) ?? "" }
            let digestFiles = try database.cached("SELECT DISTINCT warc_file FROM warc_digests").rows { $0.string(0) ?? "" }
            var lost: [(captureID: Int64, urlID: Int64)] = []
            var droppedDigests = 0
            for file in Set(files) {
                let kept = existing.contains(file) ? survivors[file] : Set<Int64>()
                guard let kept else { continue }  // a closed file untouched by recovery: complete
                try database.cached("SELECT id, url_id, warc_offset FROM captures WHERE warc_file = ?")
                    .forEachRow([file]) { row in
                        if !kept.contains(row.int64(2)) { lost.append((row.int64(0), row.int64(1))) }
                    }
            }
            for file in Set(digestFiles) {
                let kept = existing.contains(file) ? survivors[file] : Set<Int64>()
                guard let kept else { continue }
                let offsets = try database.cached("SELECT warc_offset FROM warc_digests WHERE warc_file = ?")
                    .rows([file]) { $0.int64(0) }
                let drop = try database.cached("DELETE FROM warc_digests WHERE warc_file = ? AND warc_offset = ?")
                for offset in offsets where !kept.contains(offset) {
                    try drop.run([file, offset])
                    droppedDigests += database.changes
                }
            }
            for capture in lost { try deleteCapture(capture.captureID, urlID: capture.urlID) }
            // Only after a loss: a start that lost nothing reads no revisit rows.
            guard !lost.isEmpty || droppedDigests > 0 else { return 0 }
            let orphaned = try database.cached("""
                SELECT id, url_id FROM captures INDEXED BY captures_revisit_of WHERE warc_revisit_of IS NOT NULL
                    AND NOT EXISTS (SELECT 1 FROM warc_digests WHERE digest = captures.warc_revisit_of)
                """).rows { (captureID: $0.int64(0), urlID: $0.int64(1)) }
            for capture in orphaned { try deleteCapture(capture.captureID, urlID: capture.urlID) }
            return lost.count + orphaned.count
        }
    }

    /// Deletes a capture with its article (index entries included) and queues its URL again,
    /// without the validators and fingerprint of its visits: the refetch is unconditional (a
    /// 304 would refer to the lost record) and its body is archived again. A body kept only in
    /// WARC records (`contents.body` NULL) that no other capture has loses its row too: the
    /// refetch adds it again, and `trawl status` counts no body that nothing holds.
    private func deleteCapture(_ id: Int64, urlID: Int64) throws {
        if let article = try database.cached("SELECT title, text FROM articles WHERE capture_id = ?")
            .firstRow([id], { (title: $0.string(0) ?? "", text: $0.string(1) ?? "") }) {
            try database.cached("INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)")
                .run([id, article.title, article.text])
            try database.cached("DELETE FROM article_bands WHERE capture_id = ?").run([id])
            try database.cached("UPDATE articles SET near_duplicate_of = NULL WHERE near_duplicate_of = ?").run([id])
            try database.cached("DELETE FROM articles WHERE capture_id = ?").run([id])
        }
        let hash = try database.cached("SELECT content_hash FROM captures WHERE id = ?").firstRow([id]) { $0.blob(0) } ?? nil
        try database.cached("DELETE FROM captures WHERE id = ?").run([id])
        if let hash {  // a body only the lost record held, and no other capture has: its row goes too
            try database.cached("""
                DELETE FROM contents WHERE hash = ? AND body IS NULL
                    AND NOT EXISTS (SELECT 1 FROM captures WHERE content_hash = ?)
                """).run([hash, hash])
        }
        try database.cached("""
            UPDATE urls SET state = 0, next_attempt_at = 0, next_visit_at = NULL, etag = NULL, last_modified = NULL,
                fingerprint = NULL
            WHERE id = ?
            """).run([urlID])
    }
}

extension CrawlStore {
    /// The WARC records of the captures fetched in `[since, until)` (unix seconds), of host `host`
    /// when given (matched against the host part of the URL's origin, any scheme or port):
    /// closed WARC file name → offsets of the response/revisit records. For `trawl export`.
    public func warcSelection(since: Double, until: Double?, host: String?) throws -> [String: Set<UInt64>] {
        var sql = """
            SELECT c.warc_file, c.warc_offset FROM captures c
            JOIN urls u ON u.id = c.url_id JOIN hosts h ON h.id = u.host_id
            WHERE c.warc_file IS NOT NULL AND c.fetched_at >= ? AND c.fetched_at < ?
            """
        var arguments: [any SQLBindable] = [since, until ?? Double.greatestFiniteMagnitude]
        if let host {
            let name = host.lowercased()
            sql += " AND (h.origin = ? OR h.origin = ? OR h.origin LIKE ? OR h.origin LIKE ?)"
            arguments += ["http://" + name, "https://" + name, "http://" + name + ":%", "https://" + name + ":%"]
        }
        var selection: [String: Set<UInt64>] = [:]
        try database.prepare(sql).forEachRow(arguments) { row in
            selection[row.string(0) ?? "", default: []].insert(UInt64(row.int64(1)))
        }
        return selection
    }
}
