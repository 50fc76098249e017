internal import CSQLite

/// A prepared statement; finalized exactly once, when it is released.
///
/// Bound to its `Database` and the thread using it: not `Sendable`.
public final class Statement {
    private let handle: OpaquePointer
    private let database: Database
    /// The SQL text, for error messages.
    public let sql: String

    init(database: Database, sql: String) throws(SQLiteError) {
        var statement: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, 0, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            throw database.error(code: rc, sql: sql)
        }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement and binds `values` to its parameters, in order.
    public func bind(_ values: [any SQLBindable]) throws(SQLiteError) {
        let start = clearBindings()
        defer { database.profile?.addBind(sql, since: start) }
        for (offset, value) in values.enumerated() {
            try bind(value.sqlValue, at: Int32(offset + 1))
        }
    }

    /// Resets the statement and clears its parameters, the start of every bind; returns the
    /// profile's start time for the bind (0 when profiling is off).
    private func clearBindings() -> UInt64 {
        let start = database.profile == nil ? 0 : StatementProfile.now()
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        return start
    }

    private func bind(_ value: SQLValue, at index: Int32) throws(SQLiteError) {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
        case .real(let v): rc = sqlite3_bind_double(handle, index, v)
        case .text(var v):
            // SQLite copies the bytes (transient); the string's own UTF-8 storage is handed over
            // as is, not first copied into a NUL-terminated array.
            rc = v.withUTF8 { utf8 in
                // An empty string is bound as "" (a nil pointer would bind NULL).
                guard let base = utf8.baseAddress, !utf8.isEmpty else {
                    return trawl_sqlite3_bind_text_transient(handle, index, "", 0)
                }
                return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                    trawl_sqlite3_bind_text_transient(handle, index, $0, Int32(utf8.count))
                }
            }
        case .blob(let v):
            rc = v.withUnsafeBytes { raw in
                trawl_sqlite3_bind_blob_transient(handle, index, raw.baseAddress, Int32(raw.count))
            }
        }
        guard rc == SQLITE_OK else { throw database.error(code: rc, sql: sql) }
    }

    /// Advances to the next row; false when the statement is done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        let start = database.profile == nil ? 0 : StatementProfile.now()
        let rc = sqlite3_step(handle)
        database.profile?.addStep(sql, since: start)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            sqlite3_reset(handle)
            throw database.error(code: rc, sql: sql)
        }
    }

    /// Binds `values` and runs the statement to completion, ignoring rows.
    public func run(_ values: [any SQLBindable] = []) throws(SQLiteError) {
        try bind(values)
        try runToCompletion()
    }

    /// Binds `values` and runs the statement to completion, like ``run(_:)``, with each value
    /// bound from its own static type: no array and no existential box per call, for the
    /// statements run once per URL in the frontier's insert loop.
    public func run<each Value: SQLBindable>(binding values: repeat each Value) throws(SQLiteError) {
        try bind(each: repeat each values)
        try runToCompletion()
    }

    /// Steps the bound statement until it is done, ignoring rows, and resets it.
    private func runToCompletion() throws(SQLiteError) {
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Binds `values` like ``run(binding:)`` and tells whether the statement yields a row.
    public func hasRow<each Value: SQLBindable>(binding values: repeat each Value) throws(SQLiteError) -> Bool {
        try bind(each: repeat each values)
        defer { sqlite3_reset(handle) }
        return try step()
    }

    private func bind<each Value: SQLBindable>(each values: repeat each Value) throws(SQLiteError) {
        let start = clearBindings()
        defer { database.profile?.addBind(sql, since: start) }
        var index: Int32 = 1
        for value in repeat each values {
            try bind(value.sqlValue, at: index)
            index += 1
        }
    }

    /// Binds `values` and calls `body` for every row.
    public func forEachRow(_ values: [any SQLBindable] = [], _ body: (Row) throws -> Void) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() { try body(Row(statement: self)) }
    }

    /// Binds `values` and calls `body` for each row while it returns true (the rest of the rows
    /// are never stepped: a scan can stop as soon as it has what it needs).
    public func scanRows(_ values: [any SQLBindable], while body: (Row) throws -> Bool) throws {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() {
            guard try body(Row(statement: self)) else { return }
        }
    }

    /// Binds `values` and maps every row.
    public func rows<T>(_ values: [any SQLBindable] = [], _ transform: (Row) throws -> T) throws -> [T] {
        var result: [T] = []
        try forEachRow(values) { result.append(try transform($0)) }
        return result
    }

    /// Binds `values` and maps the first row, if any.
    public func firstRow<T>(_ values: [any SQLBindable] = [], _ transform: (Row) throws -> T) throws -> T? {
        try bind(values)
        defer { sqlite3_reset(handle) }
        return try step() ? try transform(Row(statement: self)) : nil
    }

    // MARK: Column access (used by Row)

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }
    func blob(_ column: Int32) -> [UInt8]? {
        guard sqlite3_column_type(handle, column) != SQLITE_NULL else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

/// The current row of a stepping statement; valid only inside the row callback.
public struct Row {
    fileprivate let statement: Statement

    fileprivate init(statement: Statement) { self.statement = statement }

    public func isNull(_ column: Int) -> Bool { statement.isNull(Int32(column)) }
    public func int(_ column: Int) -> Int { Int(statement.int64(Int32(column))) }
    public func int64(_ column: Int) -> Int64 { statement.int64(Int32(column)) }
    public func double(_ column: Int) -> Double { statement.double(Int32(column)) }
    public func string(_ column: Int) -> String? { statement.text(Int32(column)) }
    public func blob(_ column: Int) -> [UInt8]? { statement.blob(Int32(column)) }
    public func optionalInt(_ column: Int) -> Int? { isNull(column) ? nil : int(column) }
    public func optionalDouble(_ column: Int) -> Double? { isNull(column) ? nil : double(column) }
}

@available(*, unavailable)
extension Statement: Sendable {}
