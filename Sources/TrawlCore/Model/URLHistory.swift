/// One URL's visits and schedule: what `trawl history` prints (its JSON keys are a stable
/// interface) and `trawl show` summarizes.
public struct URLHistory: Sendable, Codable, Equatable {
    public var url: String
    /// queued, in_flight, done, failed or blocked.
    public var state: String
    /// Unix time the URL is due again; nil = not scheduled, or queued now (a revisit that
    /// fell due: its visit sets the next one).
    public var nextVisitAt: Double?
    /// The revisit interval in force, seconds (adaptive); nil = none.
    public var intervalSeconds: Double?
    /// When the last visit started, and when a visit last found the content changed (or new).
    public var lastVisitAt: Double?
    public var lastChangedAt: Double?
    /// Visits in a row without a usable answer (a failure, 403/429/5xx); at
    /// ``RevisitPolicy/giveUpAfter`` the URL is no longer revisited.
    public var failedVisits: Int = 0
    /// Every capture, oldest first.
    public var visits: [Visit]

    /// One capture of the URL.
    public struct Visit: Sendable, Codable, Equatable {
        public var captureID: Int64
        public var fetchedAt: Double
        /// HTTP status; nil when the fetch failed (see `errorKind`).
        public var status: Int?
        public var errorKind: String?
        /// A scheduled revisit (false: the first visit, or a retry of it).
        public var revisit: Bool
        /// Whether the content had changed since the last answered visit; nil for the first
        /// visit and for failures.
        public var changed: Bool?
        /// The interval set after this visit, seconds; nil = no next visit.
        public var intervalSeconds: Double?
        /// Decoded body bytes.
        public var length: Int?

        enum CodingKeys: String, CodingKey {
            case status, revisit, changed, length
            case captureID = "capture_id", fetchedAt = "fetched_at", errorKind = "error_kind"
            case intervalSeconds = "interval_seconds"
        }
    }

    enum CodingKeys: String, CodingKey {
        case url, state, visits
        case nextVisitAt = "next_visit_at", intervalSeconds = "interval_seconds"
        case lastVisitAt = "last_visit_at", lastChangedAt = "last_changed_at", failedVisits = "failed_visits"
    }
}
