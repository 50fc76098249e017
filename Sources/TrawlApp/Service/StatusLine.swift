import TrawlCore

/// The one-line crawl summary for `STATUS=` (shown by `systemctl status`), e.g.
/// "12 hosts, 3,410 queued, 4 in flight, 9,120 archived, 28.1 pages/s".
///
/// Numbers are grouped with commas whatever the locale: the line is read in logs and bug reports.
enum StatusLine {
    static func format(_ status: CrawlProgress, pagesPerSecond: Double?) -> String {
        var parts = [
            "\(grouped(status.hosts)) host\(status.hosts == 1 ? "" : "s")",
            "\(grouped(status.urlsQueued)) queued",
            "\(grouped(status.urlsInFlight)) in flight",
            "\(grouped(status.urlsDone)) archived",
        ]
        if status.urlsFailed > 0 { parts.append("\(grouped(status.urlsFailed)) failed") }
        if let pagesPerSecond { parts.append("\(oneDecimal(pagesPerSecond)) pages/s") }
        return parts.joined(separator: ", ")
    }

    /// 3410 -> "3,410".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// 28.14 -> "28.1" (no locale, no exponent).
    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((max(0, value) * 10).rounded())
        return "\(grouped(tenths / 10)).\(tenths % 10)"
    }
}

/// Pages per second between two samples of an ever-growing count (captures).
struct RateMeter {
    private var last: (count: Int, at: ContinuousClock.Instant)?

    /// Records `count` at `now`; returns the rate since the previous sample (nil for the first).
    mutating func sample(_ count: Int, at now: ContinuousClock.Instant) -> Double? {
        defer { last = (count, now) }
        guard let last else { return nil }
        let elapsed = now - last.at
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        guard seconds > 0 else { return nil }
        return Double(max(0, count - last.count)) / seconds
    }
}
