import Foundation
import TrawlCore

/// Renders `CrawlStatus` as the human-readable `trawl status` report.
struct StatusRenderer {
    var database: String
    var now = Date()

    func render(_ status: CrawlStatus) -> String {
        var lines = [
            "Trawl status: \(database)",
            "URLs      \(status.urlsTotal) total: \(status.urlsQueued) queued, \(status.urlsInFlight) in flight, "
                + "\(status.urlsDone) done, \(status.urlsFailed) failed, \(status.urlsBlocked) blocked by robots.txt",
            "Archive   \(status.captures) captures, \(status.uniqueBodies) unique bodies, "
                + "\(bytes(status.bytesStored)) stored (\(bytes(status.bytesDecoded)) uncompressed)",
            "Articles  \(status.articles) extracted, \(status.nearDuplicates) near-duplicates of another URL's article",
            "Rate      \(status.fetchesLastMinute) fetches in the last minute; last fetch \(ago(status.lastFetchAt))",
        ]
        guard !status.hosts.isEmpty else { return lines.joined(separator: "\n") }
        let width = max(4, status.hosts.map(\.host.count).max() ?? 4)
        lines.append("")
        let delays = status.hosts.map(delay)
        let robots = status.hosts.map(robots)
        let delayWidth = max(5, delays.map(\.count).max() ?? 5)
        let robotsWidth = max(6, robots.map(\.count).max() ?? 6)
        lines.append(
            pad("HOST", width) + "  QUEUED  IN FLIGHT  FETCHED  ERRORS  BLOCKED  " + pad("DELAY", delayWidth) + "  "
                + pad("ROBOTS", robotsWidth) + "  LAST FETCH")
        for (index, host) in status.hosts.enumerated() {
            lines.append(
                pad(host.host, width) + "  " + left(host.queued, 6) + "  " + left(host.inFlight, 9) + "  "
                    + left(host.fetched, 7) + "  " + left(host.errors, 6) + "  " + left(host.blocked, 7) + "  "
                    + pad(delays[index], delayWidth) + "  " + pad(robots[index], robotsWidth) + "  "
                    + ago(host.lastFetchAt))
        }
        let failing = status.hosts.filter { !$0.errorsByKind.isEmpty }
        if !failing.isEmpty {
            lines.append("")
            lines.append("Errors by kind")
            for host in failing {
                let kinds = host.errorsByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                lines.append("  " + pad(host.host, width) + "  " + kinds.joined(separator: ", "))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// "1.5s adaptive", "30s retry-after for 12s", "2s backoff (3 failures) for 4s", "parked for 58m".
    private func delay(_ host: CrawlStatus.Host) -> String {
        guard let reason = host.delayReason else { return "-" }
        var text = seconds((host.delayMilliseconds ?? 0) / 1000) + " " + reason
        if ["backoff", "retry-after", "parked"].contains(reason) {
            if host.consecutiveFailures > 0 { text += " (\(host.consecutiveFailures) failures)" }
            if let next = host.nextAllowedAt, next > now.timeIntervalSince1970 {
                text += " for " + seconds(next - now.timeIntervalSince1970)
            }
        }
        return text
    }

    /// "fetched", "allow-all (HTTP 404)", "disallow-all (HTTP 503), retry in 40s".
    private func robots(_ host: CrawlStatus.Host) -> String {
        guard let state = host.robots else { return "-" }
        var text = state
        if let detail = host.robotsDetail, state != "fetched" { text += " (\(detail.prefix(40)))" }
        if state == "disallow-all" || state == "last-good-copy", let until = host.robotsUntil {
            text += ", retry in " + seconds(max(0, until - now.timeIntervalSince1970))
        }
        return text
    }

    private func seconds(_ value: Double) -> String {
        switch value {
        case ..<10: return String(format: "%.1fs", value)
        case ..<120: return "\(Int(value))s"
        case ..<7200: return "\(Int(value / 60))m"
        default: return "\(Int(value / 3600))h"
        }
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: width, withPad: " ", startingAt: 0)
    }

    private func left(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private func ago(_ time: Double?) -> String {
        guard let time else { return "never" }
        let seconds = max(0, Int(now.timeIntervalSince1970 - time))
        switch seconds {
        case ..<60: return "\(seconds)s ago"
        case ..<3600: return "\(seconds / 60)m ago"
        case ..<86400: return "\(seconds / 3600)h ago"
        default: return "\(seconds / 86400)d ago"
        }
    }

    private func bytes(_ count: Int) -> String {
        ByteCountFormatter.string(fromByteCount: Int64(count), countStyle: .file)
    }
}
