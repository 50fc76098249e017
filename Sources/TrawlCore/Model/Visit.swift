import TrawlFetch
import TrawlWARC

/// What the store knows of a URL's earlier visits, read before a revisit is fetched: the
/// validators for its conditional request and the inputs of its next interval.
struct PreviousVisit: Sendable, Equatable {
    /// The interval in force (seconds), nil when none was set.
    var interval: Double?
    /// The fingerprint of the last answered visit (``ContentFingerprint``).
    var fingerprint: [UInt8]?
    /// `ETag` and `Last-Modified` of the last 200 answer.
    var etag: String?
    var lastModified: String?
    /// Visits in a row without a usable answer, up to the last one.
    var failedVisits = 0
    /// The WARC response record holding the last 200 answer's payload, when archived: what a
    /// `304 Not Modified` revisit record refers to.
    var original: RevisitOriginal?

    /// `If-None-Match` / `If-Modified-Since` for the revisit (RFC 9110 §13.1).
    var conditionalHeaders: [HTTPHeader] {
        var headers: [HTTPHeader] = []
        if let etag { headers.append(HTTPHeader(name: "If-None-Match", value: etag)) }
        if let lastModified { headers.append(HTTPHeader(name: "If-Modified-Since", value: lastModified)) }
        return headers
    }
}

/// What a completed visit (an answer, or a failure for good) changes in the URL's schedule,
/// written with its capture.
struct VisitRecord: Sendable, Equatable {
    /// What the visit found (``RevisitPolicy/Change``).
    var change: RevisitPolicy.Change
    /// Unix time the visit's request started.
    var visitedAt: Double
    /// The interval set after this visit (seconds); nil = no next visit.
    var interval: Double?
    /// Visits in a row without a usable answer, this one included (0 after an answer).
    var failedVisits = 0
    /// The `every` of the rule in force for the URL (nil: never revisited).
    var every: Double?
    /// The new fingerprint; nil keeps the stored one (a 304, a failure).
    var fingerprint: [UInt8]?
    /// New validators (from a 200, or a 304's fresh ETag); nil keeps the stored ones.
    var validators: Validators?
    /// The WARC payload digest of a 200 that may be revisited (for a later 304's record).
    var payloadDigest: String?

    struct Validators: Sendable, Equatable {
        var etag: String?
        var lastModified: String?
    }

    /// Unix time the URL is due again, nil = never.
    var nextVisitAt: Double? { interval.map { visitedAt + $0 } }

    /// `captures.changed`: 1 changed, 0 unchanged, nil for a first visit or no answer.
    var changedFlag: Int? {
        switch change {
        case .changed: 1
        case .unchanged: 0
        case .first, .unknown: nil
        }
    }
}
