import Foundation

extension RevisitPolicy {
    /// What a fetch outcome means for its URL's schedule: whether the content changed since
    /// the last answered visit, and the next interval. Nil when the URL's visit is not over (a
    /// retry is coming, the fetch was cancelled) or it is blocked.
    ///
    /// - Parameters:
    ///   - outcome: the processed fetch, with its ``PageOutcome/fingerprint``.
    ///   - previous: the URL's earlier visits (nil on a first visit).
    ///   - etag, lastModified: the answer's validators (headers), if any.
    func visit(after outcome: PageOutcome, previous: PreviousVisit?, etag: String?, lastModified: String?) -> VisitRecord? {
        guard let capture = outcome.capture else { return nil }
        switch outcome.disposition {
        case .done, .failed: break
        case .retry, .requeue, .blocked: return nil
        }
        let status = capture.status
        let change: Change
        if status == 304 {
            change = .unchanged
        } else if let fingerprint = outcome.fingerprint {
            if let before = previous?.fingerprint, outcome.entry.isRevisit {
                change = before == fingerprint ? .unchanged : .changed
            } else {
                change = .first
            }
        } else {
            change = .unknown
        }
        let failed = change == .unknown ? (previous?.failedVisits ?? 0) + 1 : 0
        // Too many visits in a row without a usable answer: the URL is given up.
        let interval = failed >= giveUpAfter
            ? nil : nextInterval(for: outcome.entry.url, previous: previous?.interval, change: change)
        var record = VisitRecord(
            change: change, visitedAt: capture.fetchedAt.timeIntervalSince1970,
            interval: interval, failedVisits: failed, every: bounds(for: outcome.entry.url)?.every)
        // What only a later revisit needs is kept only for URLs that will have one.
        guard interval != nil else { return record }
        record.fingerprint = outcome.fingerprint
        if status == 200 {
            record.validators = .init(etag: etag, lastModified: lastModified)
            record.payloadDigest = outcome.archived?.payloadDigest
        } else if status == 304, let etag {
            record.validators = .init(etag: etag, lastModified: lastModified ?? previous?.lastModified)
        }
        return record
    }
}
