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
                + "\(status.urlsDone) done, \(status.urlsFailed) failed",
            "Archive   \(status.captures) captures, \(status.uniqueBodies) unique bodies, "
                + "\(bytes(status.bytesStored)) stored (\(bytes(status.bytesDecoded)) uncompressed)",
            "Rate      \(status.fetchesLastMinute) fetches in the last minute; last fetch \(ago(status.lastFetchAt))",
        ]
        guard !status.hosts.isEmpty else { return lines.joined(separator: "\n") }
        let width = max(4, status.hosts.map(\.host.count).max() ?? 4)
        lines.append("")
        lines.append(pad("HOST", width) + "  QUEUED  IN FLIGHT  FETCHED  ERRORS  LAST FETCH")
        for host in status.hosts {
            lines.append(
                pad(host.host, width) + "  " + left(host.queued, 6) + "  " + left(host.inFlight, 9) + "  "
                    + left(host.fetched, 7) + "  " + left(host.errors, 6) + "  " + ago(host.lastFetchAt))
        }
        return lines.joined(separator: "\n")
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
