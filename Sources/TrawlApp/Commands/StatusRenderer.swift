import Foundation
import TrawlCore

/// Renders `CrawlStatus` as the human-readable `trawl status` report.
struct StatusRenderer {
    var database: String
    var now = Date()

    /// Pretty-printed JSON with sorted keys (the format of every `--json`).
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Where the bodies are: the database (compressed) and/or the WARC files.
    private func bodies(_ status: CrawlStatus) -> String {
        let inDatabase = status.uniqueBodies - status.bodiesInWARC
        let database = "\(inDatabase) in the database (\(bytes(status.bytesStored)))"
        guard status.bodiesInWARC > 0 || status.warcBytes > 0 else { return database }
        return database + ", \(status.bodiesInWARC) in WARC records only (responses and revisits: \(bytes(status.warcBytes)))"
    }

    func render(_ status: CrawlStatus) -> String {
        var lines = [
            "Trawl status: \(database)",
            "Daemon    " + daemon(status.daemon),
            "URLs      \(status.urlsTotal) total: \(status.urlsQueued) queued, \(status.urlsInFlight) in flight, "
                + "\(status.urlsDone) done, \(status.urlsFailed) failed, \(status.urlsBlocked) blocked by robots.txt",
            "Archive   \(status.captures) captures, \(status.uniqueBodies) unique bodies ("
                + "\(bytes(status.bytesDecoded)) uncompressed): " + bodies(status),
            "Articles  \(status.articles) extracted, \(status.nearDuplicates) near-duplicates of another URL's article",
            "Rate      \(status.fetchesLastMinute) fetches in the last minute, "
                + String(format: "%.1f", Double(status.fetchesLast15Minutes) / 15)
                + "/min over the last 15 minutes; last fetch \(ago(status.lastFetchAt))",
            "Revisits  \(status.revisitsDueNow) due now, \(status.revisitsDueNextHour) due in the next hour; fetches: "
                + "\(status.hosts.reduce(0) { $0 + $1.newFetches }) new, \(status.hosts.reduce(0) { $0 + $1.revisitFetches }) revisits",
        ]
        guard !status.hosts.isEmpty else { return lines.joined(separator: "\n") }
        let names = status.hosts.map { $0.paused ? $0.host + " [paused]" : $0.host }
        let width = max(4, names.map(\.count).max() ?? 4)
        lines.append("")
        let delays = status.hosts.map(delay)
        let robots = status.hosts.map(robots)
        let delayWidth = max(5, delays.map(\.count).max() ?? 5)
        let robotsWidth = max(6, robots.map(\.count).max() ?? 6)
        lines.append(
            pad("HOST", width) + "  QUEUED  IN FLIGHT  FETCHED  NEW  REVISITS  ERRORS  BLOCKED  " + pad("DELAY", delayWidth) + "  "
                + pad("ROBOTS", robotsWidth) + "  LAST FETCH")
        for (index, host) in status.hosts.enumerated() {
            lines.append(
                pad(names[index], width) + "  " + left(host.queued, 6) + "  " + left(host.inFlight, 9) + "  "
                    + left(host.fetched, 7) + "  " + left(host.newFetches, 3) + "  " + left(host.revisitFetches, 8) + "  "
                    + left(host.errors, 6) + "  " + left(host.blocked, 7) + "  "
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

    /// "running (pid 812, run mode, up 3m, heartbeat 1s ago)", "not running (last heartbeat 2h ago)".
    private func daemon(_ daemon: DaemonInfo?) -> String {
        guard let daemon else { return "unknown" }
        let paused = daemon.paused ? "; the whole crawl is paused (trawl resume)" : ""
        guard daemon.running else {
            return "not running" + (daemon.lastHeartbeat.map { " (last heartbeat \(ago($0)))" } ?? "") + paused
        }
        var parts = ["pid \(daemon.pid ?? 0)"]
        if let mode = daemon.mode { parts.append("\(mode) mode") }
        if let version = daemon.version { parts.append("trawl \(version)") }
        if let uptime = daemon.uptimeSeconds { parts.append("up " + seconds(uptime)) }
        parts.append("heartbeat \(ago(daemon.lastHeartbeat))")
        return daemon.state + " (" + parts.joined(separator: ", ") + ")" + paused
    }

    /// `trawl hosts`: one block per host with everything known about it.
    func renderHosts(_ hosts: [CrawlStatus.Host]) -> String {
        guard !hosts.isEmpty else { return "no hosts yet" }
        var lines: [String] = []
        for host in hosts {
            if !lines.isEmpty { lines.append("") }
            lines.append(host.host + (host.paused ? "  [paused: trawl resume --host \(host.host)]" : ""))
            lines.append("  queue    \(host.queued) queued, \(host.inFlight) in flight, \(host.fetched) done, \(host.blocked) blocked by robots.txt")
            lines.append("  fetches  \(host.newFetches) new, \(host.revisitFetches) revisits")
            lines.append("  delay    " + delay(host))
            lines.append("  robots   " + robots(host))
            let kinds = host.errorsByKind.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            lines.append("  errors   \(host.errors)" + (kinds.isEmpty ? "" : " (" + kinds.joined(separator: ", ") + ")")
                + (host.consecutiveFailures > 0 ? "; \(host.consecutiveFailures) failures in a row" : ""))
            lines.append("  last     " + ago(host.lastFetchAt))
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
