internal import CSQLite

/// One SQLite connection, owned by one thread at a time (callers confine it to a serial executor).
///
/// Opens in WAL mode with a busy timeout and foreign keys on, so a crawler process can write
/// while `trawl status` reads the same file. `close()` must be called before release.
public final class Database {
    let handle: OpaquePointer
    /// The database file path.
    public let path: String
    private var statementCache: [String: Statement] = [:]
    private var isClosed = false
    /// The rule ``checkpointWAL(atFrames:orFramesAtLeast:after:)`` installed; SQLite reads it at
    /// each commit, so it lives until the connection is closed.
    private var checkpointPolicy: UnsafeMutablePointer<trawl_wal_checkpoint_policy>?

    /// The WAL checkpoint rule ``checkpointWAL(atFrames:orFramesAtLeast:after:)`` set, if any
    /// (read back from the policy SQLite applies).
    public var checkpointRule: CheckpointRule? {
        checkpointPolicy.map {
            CheckpointRule(frames: $0.pointee.max_frames, minFrames: $0.pointee.min_frames,
                           interval: .nanoseconds($0.pointee.min_interval_ns))
        }
    }

    /// When a commit checkpoints the WAL: at `frames` frames, or at `minFrames` once the last
    /// checkpoint is `interval` old.
    public struct CheckpointRule: Sendable, Equatable {
        public var frames: Int32
        public var minFrames: Int32
        public var interval: Duration

        public init(frames: Int32, minFrames: Int32, interval: Duration) {
            self.frames = frames
            self.minFrames = minFrames
            self.interval = interval
        }
    }
    /// CPU time per statement when `TRAWL_SQL_PROFILE` is set (``StatementProfile``), else nil.
    let profile: StatementProfile? = StatementProfile.reportPath == nil ? nil : StatementProfile()

    /// How the connection opens the file.
    public enum Mode: Sendable {
        /// Read and write; creates the file when missing (its folder must exist).
        case readWrite
        /// Read only; the file must exist.
        case readOnly
    }

    /// Opens (or creates) the database at `path`. A file created read-write gets pages of
    /// `newFilePageSize` bytes when given (a power of two, 512 to 65,536; SQLite's default is
    /// 4,096); an existing file keeps its own page size, which only a `VACUUM` would change (and
    /// a WAL-mode file not even that).
    public init(
        path: String, mode: Mode = .readWrite, busyTimeoutMilliseconds: Int32 = 10_000, newFilePageSize: Int32? = nil
    ) throws(SQLiteError) {
        var connection: OpaquePointer?
        let flags: Int32 = switch mode {
        case .readWrite: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        case .readOnly: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
        }
        let rc = sqlite3_open_v2(path, &connection, flags, nil)
        guard rc == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let connection { sqlite3_close_v2(connection) }
            throw SQLiteError(code: rc, message: message, path: path)
        }
        self.handle = connection
        self.path = path
        sqlite3_extended_result_codes(connection, 1)
        sqlite3_busy_timeout(connection, busyTimeoutMilliseconds)
        do {
            try execute("PRAGMA foreign_keys = ON")
            if mode == .readWrite {
                // Before the switch to WAL, which writes the new file's header: after it, the
                // page size is fixed. On an existing file the pragma changes nothing.
                if let newFilePageSize { try execute("PRAGMA page_size = \(newFilePageSize)") }
                try execute("PRAGMA journal_mode = WAL")
                try execute("PRAGMA synchronous = NORMAL")
            }
        } catch {
            sqlite3_close_v2(connection)
            isClosed = true
            throw error
        }
    }

    deinit {
        assert(isClosed, "Database \(path) released without close()")
        releaseConnection()
    }

    /// Finalizes cached statements and closes the connection. Idempotent.
    public func close() {
        guard !isClosed else { return }
        profile?.write(database: path)
        releaseConnection()
    }

    /// Frees what the connection holds, once: its statements, the handle, then the checkpoint
    /// policy (SQLite reads it until the handle is closed).
    private func releaseConnection() {
        guard !isClosed else { return }
        statementCache.removeAll()
        sqlite3_close_v2(handle)
        checkpointPolicy?.deallocate()
        checkpointPolicy = nil
        isClosed = true
    }

    /// Checkpoints the WAL after a commit (PASSIVE: never waiting for readers or writers) once
    /// it holds `frames` frames, as `PRAGMA wal_autocheckpoint = frames` does, and also once it
    /// holds `minFrames` frames when the last checkpoint is `interval` old. Replaces the
    /// auto-checkpoint. The second rule bounds what a slow writer leaves in the WAL to about
    /// `interval` of commits, so the checkpoint when the last connection closes has little left.
    public func checkpointWAL(atFrames frames: Int32, orFramesAtLeast minFrames: Int32, after interval: Duration) {
        let policy = checkpointPolicy ?? .allocate(capacity: 1)
        let (seconds, attoseconds) = interval.components
        policy.initialize(to: trawl_wal_checkpoint_policy(
            max_frames: frames, min_frames: minFrames,
            min_interval_ns: seconds * 1_000_000_000 + attoseconds / 1_000_000_000, last_ns: 0))
        checkpointPolicy = policy
        trawl_sqlite3_wal_checkpoint_policy(handle, policy)
    }

    /// Runs one or more SQL statements that take no parameters.
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let start = profile == nil ? 0 : StatementProfile.now()
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        profile?.addStep(sql, since: start)
        guard rc == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(message)
            throw SQLiteError(code: rc, message: text, path: path, sql: sql)
        }
    }

    /// Prepares a statement that is not cached.
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Returns a prepared statement for `sql`, prepared once per connection and reused.
    public func cached(_ sql: String) throws(SQLiteError) -> Statement {
        if let statement = statementCache[sql] { return statement }
        let statement = try Statement(database: self, sql: sql)
        statementCache[sql] = statement
        return statement
    }

    /// Runs `body` inside one `BEGIN IMMEDIATE` transaction; rolls back if it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last successful INSERT.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// `PRAGMA user_version`: the schema version applied by migrations.
    public var userVersion: Int {
        get throws { try cached("PRAGMA user_version").firstRow { $0.int(0) } ?? 0 }
    }

    /// `PRAGMA page_size`: the file's page size in bytes (the size of a WAL frame's page).
    public var pageSize: Int {
        get throws { try cached("PRAGMA page_size").firstRow { $0.int(0) } ?? 4096 }
    }

    /// Runs `PRAGMA integrity_check` and returns its report ("ok" when healthy).
    public func integrityCheck() throws -> String {
        try prepare("PRAGMA integrity_check").rows { $0.string(0) ?? "" }.joined(separator: "\n")
    }

    func error(code: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)), path: path, sql: sql)
    }
}

@available(*, unavailable)
extension Database: Sendable {}
