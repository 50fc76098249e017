import Foundation
import TrawlDB

/// Live control through the database: the CLI queues commands and reads the heartbeat; the
/// daemon applies the commands (persisting pauses and drops) and writes the heartbeat.
extension CrawlStore {
    // MARK: CLI side

    /// Hosts a `--host` argument names: an exact origin ("http://example.com:8080") or a
    /// host[:port] under http or https.
    public func matchingHosts(_ pattern: String) throws -> [String] {
        try matches(pattern).map(\.origin)
    }

    /// Every known origin (for error messages).
    public func knownOrigins() throws -> [String] {
        try database.cached("SELECT origin FROM hosts ORDER BY origin").rows { $0.string(0) ?? "" }
    }

    /// Queues a command for the daemon and returns its id (to wait for it with `controlResult`).
    /// A host that matches nothing is refused unless it is a full origin (it may be seeded later).
    public func enqueueControl(_ action: ControlAction, host: String?) throws -> Int64 {
        if let host {
            let normalized = Self.normalize(host)
            if try matches(normalized).isEmpty, !normalized.contains("://") {
                throw ControlError.unknownHost(host, known: try knownOrigins())
            }
        } else if action == .drop {
            throw ControlError.hostRequired(action)
        }
        try database.cached("INSERT INTO control(command, host, issued_at) VALUES (?, ?, ?)")
            .run([action.rawValue, host.map(Self.normalize), Date().timeIntervalSince1970])
        return database.lastInsertRowID
    }

    /// What the daemon said when it applied command `id`, or nil while it is pending.
    public func controlResult(_ id: Int64) throws -> String? {
        try database.cached("SELECT result FROM control WHERE id = ? AND applied_at IS NOT NULL")
            .firstRow([id]) { $0.string(0) ?? "applied" }
    }

    /// The heartbeat row, judged for liveness at `now`.
    public func daemonInfo(now: Date = Date()) throws -> DaemonInfo {
        try database.cached("SELECT pid, started_at, last_heartbeat, state, mode, version, paused FROM daemon WHERE id = 1")
            .firstRow {
                DaemonInfo.from(
                    pid: $0.optionalInt(0), startedAt: $0.optionalDouble(1), lastHeartbeat: $0.optionalDouble(2),
                    state: $0.string(3), mode: $0.string(4), version: $0.string(5), paused: $0.int(6) != 0,
                    now: now.timeIntervalSince1970)
            } ?? DaemonInfo.from(
                pid: nil, startedAt: nil, lastHeartbeat: nil, state: nil, mode: nil, version: nil, paused: false,
                now: now.timeIntervalSince1970)
    }

    /// What is fetched next: queued URLs breadth-first (depth, then discovery order), optionally
    /// of the hosts `host` names.
    public func queue(host: String?, limit: Int) throws -> [QueuedURL] {
        var sql = """
            SELECT u.url, h.origin, u.depth, u.attempts, u.next_attempt_at FROM urls u JOIN hosts h ON h.id = u.host_id
            WHERE u.state = 0
            """
        var values: [any SQLBindable] = []
        if let host {
            let ids = try matches(Self.normalize(host)).map(\.id)
            if ids.isEmpty { throw ControlError.unknownHost(host, known: try knownOrigins()) }
            sql += " AND u.host_id IN (\(ids.map(String.init).joined(separator: ",")))"
        }
        sql += " ORDER BY u.depth, u.id LIMIT ?"
        values.append(limit)
        return try database.cached(sql).rows(values) {
            QueuedURL(url: $0.string(0) ?? "", host: $0.string(1) ?? "", depth: $0.int(2), attempts: $0.int(3),
                      notBefore: $0.double(4))
        }
    }

    // MARK: Daemon side

    /// Records this process as the daemon (start-up) or refreshes its heartbeat: one tiny
    /// transaction, cheap enough every few seconds.
    public func writeHeartbeat(pid: Int, startedAt: Double, state: String, mode: String, version: String) throws {
        try database.cached("""
            UPDATE daemon SET pid = ?, started_at = ?, last_heartbeat = ?, state = ?, mode = ?, version = ? WHERE id = 1
            """).run([pid, startedAt, Date().timeIntervalSince1970, state, mode, version])
    }

    /// The pauses in force (persisted, so they survive restarts).
    func pausedState() throws -> PausedState {
        let all = try database.cached("SELECT paused FROM daemon WHERE id = 1").firstRow { $0.int(0) != 0 } ?? false
        let hosts = try database.cached("SELECT id FROM hosts WHERE paused != 0").rows { $0.int64(0) }
        return PausedState(all: all, hosts: Set(hosts))
    }

    /// Applies every pending command in one transaction (pauses and drops persisted, each row
    /// marked applied with what it did) and returns them in order for the scheduler. A command
    /// naming an unknown origin inserts its host row (and caches its id): a rolled-back
    /// transaction forgets the cache (``transaction(_:)``), or the next insert of that
    /// origin's URLs would fail on the foreign key.
    func applyPendingControl() throws -> [AppliedControl] {
        let pending = try database.cached("SELECT id, command, host FROM control WHERE applied_at IS NULL ORDER BY id")
            .rows { (id: $0.int64(0), command: $0.string(1) ?? "", host: $0.string(2)) }
        guard !pending.isEmpty else { return [] }
        return try transaction {
            var applied: [AppliedControl] = []
            let now = Date().timeIntervalSince1970
            for command in pending {
                let outcome: AppliedControl
                if let action = ControlAction(rawValue: command.command) {
                    outcome = try apply(action, host: command.host)
                } else {
                    outcome = AppliedControl(action: .resume, hostIDs: [], result: "unknown command \"\(command.command)\" ignored")
                }
                try database.cached("UPDATE control SET applied_at = ?, result = ? WHERE id = ?")
                    .run([now, outcome.result, command.id])
                applied.append(outcome)
            }
            return applied
        }
    }

    private func apply(_ action: ControlAction, host: String?) throws -> AppliedControl {
        guard let host else {
            switch action {
            case .pause:
                try database.cached("UPDATE daemon SET paused = 1 WHERE id = 1").run()
                return AppliedControl(action: action, hostIDs: [], result: "paused the whole crawl")
            case .resume:
                try database.cached("UPDATE daemon SET paused = 0 WHERE id = 1").run()
                try database.cached("UPDATE hosts SET paused = 0 WHERE paused != 0").run()
                let hosts = database.changes
                return AppliedControl(
                    action: action, hostIDs: [],
                    result: "resumed the whole crawl" + (hosts > 0 ? " and \(hosts) paused host\(hosts == 1 ? "" : "s")" : ""))
            case .drop:
                return AppliedControl(action: action, hostIDs: [], result: "drop needs a host; ignored")
            }
        }
        var targets = try matches(host)
        if targets.isEmpty, host.contains("://") { targets = [(try hostID(for: host), host)] }
        if targets.isEmpty { return AppliedControl(action: action, hostIDs: [], result: "no host matches \(host); ignored") }
        let ids = targets.map(\.id)
        let names = targets.map(\.origin).joined(separator: ", ")
        switch action {
        case .pause, .resume:
            let statement = try database.cached("UPDATE hosts SET paused = ? WHERE id = ?")
            for id in ids { try statement.run([action == .pause, id]) }
            return AppliedControl(action: action, hostIDs: ids, result: "\(action == .pause ? "paused" : "resumed") \(names)")
        case .drop:
            let statement = try database.cached(
                "UPDATE urls SET state = 3, last_error = 'dropped by trawl drop' WHERE host_id = ? AND state = 0")
            // A dropped host is not revisited either, now or after a fetch in flight completes.
            let noRevisits = try database.cached("UPDATE urls SET next_visit_at = NULL WHERE host_id = ? AND next_visit_at IS NOT NULL")
            let mark = try database.cached("UPDATE hosts SET dropped_at = ? WHERE id = ?")
            var dropped = 0
            for id in ids {
                try statement.run([id])
                dropped += database.changes
                try noRevisits.run([id])
                try mark.run([Date().timeIntervalSince1970, id])
            }
            return AppliedControl(action: action, hostIDs: ids, result: "dropped \(dropped) queued URL\(dropped == 1 ? "" : "s") of \(names)")
        }
    }

    private func matches(_ pattern: String) throws -> [(id: Int64, origin: String)] {
        try database.cached("""
            SELECT id, origin FROM hosts WHERE origin = ?1 OR origin = 'http://' || ?1 OR origin = 'https://' || ?1
            ORDER BY origin
            """).rows([pattern]) { (id: $0.int64(0), origin: $0.string(1) ?? "") }
    }

    /// Lowercased, without a trailing slash: "HTTP://Example.com/" and "example.com" compare as origins do.
    static func normalize(_ host: String) -> String {
        var text = host.trimmingCharacters(in: .whitespaces).lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
