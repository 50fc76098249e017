import Foundation
import TrawlHTML
import TrawlWARC

/// What one fetch produced, ready to be written in the store's next batch.
struct PageOutcome: Sendable {
    /// What becomes of the URL after this fetch.
    enum Disposition: Sendable, Equatable {
        /// Archived (any HTTP status counts as an answer).
        case done
        /// Failed for good; the capture holds the reason.
        case failed
        /// Failed transiently; try again at this unix time.
        case retry(at: Double)
        /// Never fetched (crawl stopping): back to the queue as it was.
        case requeue
        /// Never fetched and never will be (robots.txt disallows it): the reason is recorded.
        case blocked(reason: String)
    }

    var entry: FrontierEntry
    var disposition: Disposition
    /// The capture row; nil when nothing was fetched (requeue).
    var capture: Capture?
    /// The body, when there was one.
    var content: StoredContent?
    /// In-scope links and redirect targets to offer to the frontier.
    var discoveries: [Discovery]
    /// The article extracted from an HTML page (nil for other captures or an empty article).
    var article: ExtractedArticle? = nil
    /// The HTTP exchange as sent and received, for the WARC archive (nil when nothing was
    /// received). Dropped by the archive once written, so the raw body is not held longer.
    var exchange: HTTPExchange? = nil
    /// The exchange's WARC records, built and compressed on the blocking pool
    /// (`WARCArchive.Preparer`); replaces `exchange` when WARC output is on. The failure of a
    /// record that cannot be written fails its batch, as a write error would.
    var warc: Result<PreparedCapture, WARCError>? = nil
    /// Every link of the page (resolved, in or out of scope) or a redirect's target: the
    /// outlinks of the capture's WARC metadata record.
    var outlinks: [String] = []
    /// What ``ContentFingerprint`` judges a page without an article on: its in-scope links (at
    /// any depth; off-site ad and tracker links rotate on every fetch), a sitemap's entries, or
    /// a redirect's target.
    var hubLinks: [String] = []
    /// For a capture that was a feed: its entries' links (resolved, in or out of scope), what
    /// ``ContentFingerprint`` judges a feed on, so a new `lastBuildDate` is not a change.
    var feedEntries: [String]? = nil
    /// Where the capture's WARC records went (nil when WARC output is off or nothing was received).
    var archived: ArchivedCapture? = nil
    /// What "changed since the last visit" is judged on (``ContentFingerprint``).
    var fingerprint: [UInt8]? = nil
    /// The visit's effect on the URL's revisit schedule (nil while a retry is pending).
    var visit: VisitRecord? = nil
    /// For a revisit: the WARC response record of the URL's last 200 answer, which a
    /// `304 Not Modified` answer's revisit record refers to (nil when unknown).
    var earlierResponse: RevisitOriginal? = nil
}

/// A capture's place in the WARC files: its response (or revisit) record, and the digest-index
/// entry it makes when it is an original payload.
struct ArchivedCapture: Sendable {
    /// The response or revisit record.
    var location: WARCRecordLocation
    /// Its WARC-Payload-Digest (`sha1:…`); nil for an empty payload (nothing to dedupe).
    var payloadDigest: String?
    /// True when a revisit was written (the payload was archived before).
    var isRevisit: Bool
    /// WARC-Target-URI and WARC-Date of the record, for later revisits of the same payload.
    var targetURI: String
    var warcDate: String
}

/// An article ready for the articles table.
struct ExtractedArticle: Sendable {
    var article: Article
    var simhash: UInt64?
}

/// One fetch attempt as archived.
struct Capture: Sendable {
    var fetchedAt: Date
    var status: Int?
    var httpVersion: String?
    var finalURL: String?
    var remoteIP: String?
    var headers: String?
    var contentType: String?
    var length: Int?
    var durationMilliseconds: Double?
    var errorKind: String?
    var error: String?
}

/// A body prepared for the contents table: hashed (and, when SQLite keeps the bytes,
/// compressed) off the store's thread.
struct StoredContent: Sendable {
    /// SHA-256 of the decoded body.
    var hash: [UInt8]
    var size: Int
    /// `zlib` or `identity` (`data` holds the body), or `warc` (the WARC files hold it).
    var encoding: String
    /// The stored bytes; nil when the WARC response record is the body's only copy.
    var data: [UInt8]?
}
