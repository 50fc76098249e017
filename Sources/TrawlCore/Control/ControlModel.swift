import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A live-control command the CLI queues in the database for the daemon (`trawl pause`,
/// `trawl resume`, `trawl drop`). There is no control port: the daemon polls the `control` table.
public enum ControlAction: String, Sendable, Codable, CaseIterable {
    /// Stop dispatching (the whole crawl, or one host); in-flight fetches finish.
    case pause
    /// Dispatch again. Without a host it clears the whole-crawl pause and every host's pause.
    case resume
    /// Mark a host's queued URLs failed ("dropped by trawl drop") and forget them.
    case drop
}

/// The daemon's heartbeat row and the persisted whole-crawl pause, as `trawl status` shows them.
public struct DaemonInfo: Sendable, Codable, Equatable {
    /// "running", "paused", "stopping", or "not running" (stopped, stale heartbeat, or pid gone).
    public var state: String
    /// Whether a daemon is alive now (fresh heartbeat and its process exists).
    public var running: Bool
    public var pid: Int?
    public var startedAt: Double?
    public var lastHeartbeat: Double?
    /// Seconds since `startedAt`, while running.
    public var uptimeSeconds: Double?
    /// "crawl" or "run".
    public var mode: String?
    public var version: String?
    /// The whole crawl is paused (persists across restarts until `trawl resume`).
    public var paused: Bool

    /// A heartbeat older than this means the daemon is gone (it writes one every 2 s).
    public static let staleAfter: Double = 20

    enum CodingKeys: String, CodingKey {
        case state, running, pid, mode, version, paused
        case startedAt = "started_at", lastHeartbeat = "last_heartbeat", uptimeSeconds = "uptime_seconds"
    }

    /// Decides liveness from the stored row: a row saying stopped, a stale heartbeat or a pid
    /// that no longer exists all mean "not running" (a SIGKILLed daemon leaves "running" behind).
    static func from(
        pid: Int?, startedAt: Double?, lastHeartbeat: Double?, state: String?, mode: String?, version: String?,
        paused: Bool, now: Double, processExists: (Int) -> Bool = DaemonInfo.processExists
    ) -> DaemonInfo {
        var alive = false
        if let pid, let lastHeartbeat, let state, state != "stopped",
           now - lastHeartbeat < staleAfter, processExists(pid) {
            alive = true
        }
        return DaemonInfo(
            state: alive ? (state ?? "running") : "not running", running: alive, pid: pid, startedAt: startedAt,
            lastHeartbeat: lastHeartbeat, uptimeSeconds: alive ? startedAt.map { max(0, now - $0) } : nil,
            mode: mode, version: version, paused: paused)
    }

    /// Whether a process with this id exists (signal 0 probes without sending anything).
    public static func processExists(_ pid: Int) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid_t(pid), 0) == 0 || errno == EPERM
    }
}

/// One queued URL, as `trawl queue` lists it.
public struct QueuedURL: Sendable, Codable, Equatable {
    public var url: String
    public var host: String
    public var depth: Int
    public var attempts: Int
    /// Unix time before which it is not retried (0: ready now).
    public var notBefore: Double

    enum CodingKeys: String, CodingKey {
        case url, host, depth, attempts
        case notBefore = "not_before"
    }
}

/// Which hosts the scheduler must not dispatch to (the persisted pauses).
struct PausedState: Sendable, Equatable {
    var all = false
    var hosts: Set<Int64> = []
}

/// What applying one queued command did, for the log and for the scheduler.
struct AppliedControl: Sendable {
    var action: ControlAction
    /// The hosts it touched (empty: the whole crawl).
    var hostIDs: [Int64]
    /// In words, also stored in `control.result` for the CLI to print.
    var result: String
}

/// A control command the CLI could not queue, with what to do about it.
public enum ControlError: Error, Sendable, CustomStringConvertible {
    case unknownHost(String, known: [String])
    case hostRequired(ControlAction)

    public var description: String {
        switch self {
        case .unknownHost(let host, let known):
            "no host matches \"\(host)\" in the database (give an origin like http://example.com or a host[:port]"
                + (known.isEmpty ? ")" : "; known: \(known.prefix(8).joined(separator: ", "))\(known.count > 8 ? ", …" : ""))")
        case .hostRequired(let action):
            "`trawl \(action.rawValue)` needs --host HOST"
        }
    }
}
