import Foundation

/// Where a connection's SQL spends its thread's CPU time, per statement text: a measuring aid
/// for the store's cost per page (issue 8), off unless the environment variable
/// `TRAWL_SQL_PROFILE` names a file. Each `bind`, `step` and `execute` is timed with the
/// calling thread's CPU clock (user + system, so the kernel work of a commit's WAL writes
/// counts too); `Database.close()` appends the table, costliest first, to that file.
///
/// Confined to its connection's thread like the `Database` that owns it (not `Sendable`).
final class StatementProfile {
    /// The report file, from `TRAWL_SQL_PROFILE`; nil when profiling is off.
    static let reportPath: String? = {
        guard let path = ProcessInfo.processInfo.environment["TRAWL_SQL_PROFILE"], !path.isEmpty else { return nil }
        return path
    }()

    private struct Entry {
        var steps = 0
        var stepNanoseconds: UInt64 = 0
        var binds = 0
        var bindNanoseconds: UInt64 = 0
    }

    private var entries: [String: Entry] = [:]
    /// What one reading of the clock costs (a system call), subtracted from each sample so a
    /// statement stepped many times (a SELECT's rows) is not charged for the measuring.
    private let clockCost: UInt64 = {
        let start = StatementProfile.now()
        for _ in 0..<1_000 { _ = StatementProfile.now() }
        return (StatementProfile.now() &- start) / 1_001
    }()

    /// The calling thread's CPU time, nanoseconds.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    func addStep(_ sql: String, since start: UInt64) {
        entries[sql, default: Entry()].steps += 1
        entries[sql, default: Entry()].stepNanoseconds += elapsed(since: start)
    }

    func addBind(_ sql: String, since start: UInt64) {
        entries[sql, default: Entry()].binds += 1
        entries[sql, default: Entry()].bindNanoseconds += elapsed(since: start)
    }

    private func elapsed(since start: UInt64) -> UInt64 {
        let time = Self.now() &- start
        return time > clockCost ? time - clockCost : 0
    }

    /// Appends the table (milliseconds of CPU in step and bind, calls, µs per step, the SQL
    /// on one line) for the database at `path` to the report file.
    func write(database path: String) {
        guard let reportPath = Self.reportPath else { return }
        let total = entries.values.reduce(UInt64(0)) { $0 + $1.stepNanoseconds + $1.bindNanoseconds }
        var text = "# SQL profile of \(path) (pid \(getpid())): \(total / 1_000_000) ms CPU in SQLite calls"
        text += " (less \(clockCost) ns per sample for reading the clock)\n"
        text += "step_ms\tbind_ms\tsteps\tus_per_step\tsql\n"
        for (sql, entry) in entries.sorted(by: { $0.value.stepNanoseconds + $0.value.bindNanoseconds > $1.value.stepNanoseconds + $1.value.bindNanoseconds }) {
            let oneLine = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let perStep = entry.steps == 0 ? 0 : Double(entry.stepNanoseconds) / Double(entry.steps) / 1000
            text += String(format: "%.1f\t%.1f\t%d\t%.1f\t", Double(entry.stepNanoseconds) / 1e6,
                           Double(entry.bindNanoseconds) / 1e6, entry.steps, perStep)
            text += String(oneLine.prefix(160)) + "\n"
        }
        guard let handle = FileHandle(forWritingAtPath: reportPath) ?? {
            FileManager.default.createFile(atPath: reportPath, contents: nil)
            return FileHandle(forWritingAtPath: reportPath)
        }() else { return }
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try? handle.close()
    }
}

@available(*, unavailable)
extension StatementProfile: Sendable {}
