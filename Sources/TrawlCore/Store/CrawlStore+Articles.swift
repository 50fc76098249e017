import Foundation
import TrawlDB
import TrawlHTML

extension CrawlStore {
    /// Stores an extracted article in the current transaction and links it to an earlier capture
    /// of another URL whose text is nearly the same. Its full-text index entry is written with
    /// the batch's others (``indexFullText(_:)``), after every other row of the batch.
    func writeArticle(_ extracted: ExtractedArticle, captureID: Int64, url: String, contentHash: [UInt8]?) throws {
        let article = extracted.article
        let nearDuplicateOf = try extracted.simhash.flatMap { try nearDuplicate(of: $0, url: url, contentHash: contentHash) }
        try database.cached("""
            INSERT INTO articles(capture_id, url, title, byline, published, language, site_name, canonical_url,
                                 text, word_count, simhash, near_duplicate_of)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run([
                captureID, url, article.title, article.byline, article.published, article.language,
                article.siteName, article.canonicalURL, article.text, article.wordCount,
                extracted.simhash.map { Int64(bitPattern: $0) }, nearDuplicateOf,
            ])
        if let simhash = extracted.simhash {
            let band = try database.cached("INSERT OR IGNORE INTO article_bands(band, capture_id, simhash) VALUES (?, ?, ?)")
            for key in NearDuplicateKeys.stored(simhash) { try band.run([key, captureID, Int64(bitPattern: simhash)]) }
        }
    }

    /// Adds articles stored in the current transaction to the full-text index. Called once per
    /// batch, after the batch's other rows: FTS5 keeps a transaction's new entries in memory and
    /// writes them as one segment at the commit, but a statement that opens a statement
    /// journal (an INSERT into `captures`, which has triggers) makes it write what it holds
    /// first. Indexed one by one between the batch's captures, each article became a segment of
    /// its own, which FTS5 then kept merging: ~0.2 ms of CPU per page, more than the rest of
    /// the capture's rows.
    func indexFullText(_ articles: [(captureID: Int64, article: Article)]) throws {
        guard !articles.isEmpty else { return }
        let insert = try database.cached("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)")
        for entry in articles { try insert.run([entry.captureID, entry.article.title ?? "", entry.article.text]) }
    }

    /// The first earlier capture of a different URL, with a different body, whose article text
    /// is within `SimHash.nearDuplicateDistance` bits. The candidates come from the band index
    /// (``NearDuplicateKeys``), which holds each hash, so the distance is checked there; only the
    /// few captures that pass are read.
    private func nearDuplicate(of simhash: UInt64, url: String, contentHash: [UInt8]?) throws -> Int64? {
        var close = Set<Int64>()
        try database.cached(NearDuplicateKeys.lookupSQL)
            .forEachRow(NearDuplicateKeys.probes(simhash).map { $0 as any SQLBindable }) { row in
                if SimHash.distance(UInt64(bitPattern: row.int64(1)), simhash) <= SimHash.nearDuplicateDistance {
                    close.insert(row.int64(0))
                }
            }
        guard !close.isEmpty else { return nil }
        let other = try database.cached("""
            SELECT a.url, c.content_hash FROM articles a JOIN captures c ON c.id = a.capture_id WHERE a.capture_id = ?
            """)
        for id in close.sorted() {
            let differs = try other.firstRow([id]) { $0.string(0) != url && $0.blob(1) != contentHash } ?? false
            if differs { return id }
        }
        return nil
    }

    /// Archived articles matching an FTS5 query, best first (bm25, title weighted ×4), with a
    /// snippet of the text around the match.
    public func searchArticles(_ query: String, limit: Int) throws -> [ArticleHit] {
        do {
            return try database.prepare("""
                SELECT a.url, a.title, c.fetched_at, snippet(articles_fts, 1, '[', ']', ' … ', 16),
                       bm25(articles_fts, 4.0, 1.0), a.capture_id
                FROM articles_fts JOIN articles a ON a.capture_id = articles_fts.rowid
                JOIN captures c ON c.id = a.capture_id
                WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ?
                """).rows([query, limit]) {
                ArticleHit(
                    url: $0.string(0) ?? "", title: $0.string(1), fetchedAt: $0.double(2),
                    snippet: $0.string(3) ?? "", score: -$0.double(4), captureID: $0.int64(5))
            }
        } catch let error as SQLiteError where error.primaryCode == 1 {
            throw SearchError.badQuery(query: query, reason: error.message)
        }
    }

    /// The newest capture of `url` (normalized as the frontier stores it), with its article; a
    /// body-less `304 Not Modified` revisit only when the URL has no other capture (the answer
    /// it confirmed is the content shown). Captures are found through the URL's row
    /// (`captures.url_id`, indexed), not by their text, which no index holds.
    public func latestCapture(of url: String) throws -> CaptureDetail? {
        guard let key = Self.rowKey(of: url) else { return nil }
        return try database.cached(Self.latestCaptureQuery).firstRow(key) { row in
            var article: Article?
            if let text = row.string(18) {
                article = Article(
                    title: row.string(12), byline: row.string(13), published: row.string(14), language: row.string(15),
                    siteName: row.string(16), canonicalURL: row.string(17), text: text)
            }
            return CaptureDetail(
                captureID: row.int64(0), url: row.string(1) ?? "", fetchedAt: row.double(2), status: row.optionalInt(3),
                finalURL: row.string(4), contentType: row.string(5), length: row.optionalInt(6),
                contentHash: row.string(7), durationMilliseconds: row.optionalDouble(8), errorKind: row.string(9),
                error: row.string(10), headers: row.string(11), article: article,
                nearDuplicateOf: row.isNull(20) ? nil : row.int64(20), captureCount: row.int(21),
                warcFile: row.string(22), warcOffset: row.isNull(23) ? nil : row.int64(23),
                warcLength: row.isNull(24) ? nil : row.int64(24))
        }
    }

    /// ``latestCapture(of:)``'s query (parameters: ``rowKey(of:)``): the URL's row by its text,
    /// then its captures by `url_id` (`captures_url`).
    static let latestCaptureQuery = """
        SELECT c.id, c.url, c.fetched_at, c.status, c.final_url, c.content_type, c.length, hex(c.content_hash),
               c.duration_ms, c.error_kind, c.error, c.headers,
               a.title, a.byline, a.published, a.language, a.site_name, a.canonical_url, a.text, a.word_count,
               a.near_duplicate_of, (SELECT count(*) FROM captures WHERE url_id = c.url_id),
               c.warc_file, c.warc_offset, c.warc_length
        FROM captures c LEFT JOIN articles a ON a.capture_id = c.id
        WHERE c.url_id = (SELECT id FROM urls WHERE \(CrawlStore.urlRowByText))
        ORDER BY c.status IS 304, c.fetched_at DESC, c.id DESC LIMIT 1
        """
}

/// One full-text search result.
public struct ArticleHit: Sendable, Codable, Equatable {
    public var url: String
    public var title: String?
    public var fetchedAt: Double
    public var snippet: String
    /// Higher is better (negated bm25).
    public var score: Double
    public var captureID: Int64

    enum CodingKeys: String, CodingKey {
        case url, title, snippet, score
        case fetchedAt = "fetched_at"
        case captureID = "capture_id"
    }
}

/// A capture as `trawl show` prints it.
public struct CaptureDetail: Sendable, Codable {
    public var captureID: Int64
    public var url: String
    public var fetchedAt: Double
    public var status: Int?
    public var finalURL: String?
    public var contentType: String?
    public var length: Int?
    public var contentHash: String?
    public var durationMilliseconds: Double?
    public var errorKind: String?
    public var error: String?
    public var headers: String?
    public var article: Article?
    /// An earlier capture of another URL carrying nearly the same article text.
    public var nearDuplicateOf: Int64?
    /// Captures of this URL in all.
    public var captureCount: Int
    /// The WARC file (in `[warc] dir`) holding the capture's response or revisit record.
    public var warcFile: String? = nil
    /// Offset and compressed length of that record's gzip member.
    public var warcOffset: Int64? = nil
    public var warcLength: Int64? = nil

    enum CodingKeys: String, CodingKey {
        case url, status, length, headers, article, error
        case captureID = "capture_id", fetchedAt = "fetched_at", finalURL = "final_url"
        case contentType = "content_type", contentHash = "content_hash", durationMilliseconds = "duration_ms"
        case errorKind = "error_kind", nearDuplicateOf = "near_duplicate_of", captureCount = "capture_count"
        case warcFile = "warc_file", warcOffset = "warc_offset", warcLength = "warc_length"
    }
}

/// A full-text query SQLite could not parse.
public enum SearchError: Error, Sendable, CustomStringConvertible {
    case badQuery(query: String, reason: String)

    public var description: String {
        switch self {
        case .badQuery(let query, let reason):
            "cannot search for \"\(query)\": \(reason) (FTS5 syntax: words, \"exact phrases\", AND/OR/NOT, prefix*)"
        }
    }
}
