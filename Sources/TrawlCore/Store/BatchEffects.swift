import TrawlHTML

/// What a store batch writes once for all its outcomes, collected while their rows are written
/// (``CrawlStore/flush()``), in the same transaction.
struct BatchEffects {
    /// Host id -> its latest fetch in the batch (`hosts.last_fetch_at`).
    var lastFetch: [Int64: Double] = [:]
    /// The batch's new articles, for the full-text index (capture id, article).
    var fullText: [(captureID: Int64, article: Article)] = []
    /// What the batch's captures add to `capture_totals` and `capture_classes`.
    var totals = CaptureTotalsDelta()

    mutating func fetched(hostID: Int64, at time: Double) {
        lastFetch[hostID] = max(lastFetch[hostID] ?? time, time)
    }
}

/// Captures inserted in a batch, summed as `capture_totals` and `capture_classes` count them
/// (the v14 triggers' arithmetic, done once per batch since v17).
struct CaptureTotalsDelta: Equatable {
    /// What the batch adds to each `capture_totals` column.
    var sums = CaptureTotals()
    /// Status class ("2xx" … "5xx", "error" for no answer) -> captures.
    var classes: [String: Int] = [:]

    /// Counts one capture. `newBody`: it has a body no other capture has (a distinct body).
    mutating func add(status: Int?, warcBytes: Int, decodedBytes: Int, hasBody: Bool, newBody: Bool) {
        sums.captures += 1
        sums.warcBytes += warcBytes
        sums.decodedBytes += decodedBytes
        if hasBody { sums.withBody += 1 }
        if newBody { sums.distinctBodies += 1 }
        classes[Self.statusClass(status), default: 0] += 1
    }

    /// The `capture_classes` key of a status: its hundreds, or "error" when nothing answered.
    static func statusClass(_ status: Int?) -> String { status.map { "\($0 / 100)xx" } ?? "error" }
}
