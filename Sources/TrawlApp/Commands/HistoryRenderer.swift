import Foundation
import TrawlCore

/// Renders a URL's visits and schedule (`trawl history`, and the tail of `trawl show`).
struct HistoryRenderer {
    var now = Date()

    /// The schedule line, then one line per visit (the last `limit` when given).
    func render(_ history: URLHistory, limit: Int? = nil) -> [String] {
        var lines = ["schedule  " + schedule(history)]
        let shown = limit.map { Array(history.visits.suffix($0)) } ?? history.visits
        if shown.count < history.visits.count {
            lines.append("          \(history.visits.count - shown.count) earlier visits: trawl history \(history.url)")
        }
        lines.append(pad("FETCHED", 22) + "  STATUS  " + pad("VISIT", 7) + "  " + pad("CHANGED", 9) + "  NEXT INTERVAL")
        for visit in shown {
            let status = visit.status.map(String.init) ?? (visit.errorKind ?? "error")
            let changed = visit.changed.map { $0 ? "changed" : "unchanged" } ?? (visit.status == nil ? "-" : "new")
            let interval = visit.intervalSeconds.map(DurationText.format) ?? "never"
            lines.append(
                pad(Self.time(visit.fetchedAt), 22) + "  " + pad(status, 6) + "  " + pad(visit.revisit ? "revisit" : "first", 7)
                    + "  " + pad(changed, 9) + "  " + interval)
        }
        return lines
    }

    /// "next visit in 1m (interval 2m), last changed 5m ago" or "not scheduled".
    private func schedule(_ history: URLHistory) -> String {
        var parts: [String] = [history.state]
        if let next = history.nextVisitAt {
            let wait = next - now.timeIntervalSince1970
            var text = wait > 0 ? "next visit in " + DurationText.format(wait) : "revisit due now"
            if let interval = history.intervalSeconds { text += " (interval " + DurationText.format(interval) + ")" }
            parts.append(text)
        } else if history.state == "queued" || history.state == "in_flight", history.lastVisitAt != nil {
            parts.append("revisit due now" + (history.intervalSeconds.map { " (interval " + DurationText.format($0) + ")" } ?? ""))
        } else if history.failedVisits > 0 {
            parts.append("revisits stopped after \(history.failedVisits) visits in a row without a usable answer")
        } else {
            parts.append("no revisit scheduled")
        }
        if let changed = history.lastChangedAt {
            parts.append("content last changed " + DurationText.format(max(0, now.timeIntervalSince1970 - changed)) + " ago")
        }
        return parts.joined(separator: "; ")
    }

    static func time(_ unix: Double) -> String {
        Date(timeIntervalSince1970: unix).formatted(.iso8601)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
    }
}
