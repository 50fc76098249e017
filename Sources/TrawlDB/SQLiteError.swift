/// An SQLite failure, with the result code, SQLite's own message and what Trawl was doing.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The (extended) SQLite result code, e.g. 5 (SQLITE_BUSY) or 14 (SQLITE_CANTOPEN).
    public var code: Int32
    /// SQLite's message (`sqlite3_errmsg`).
    public var message: String
    /// The database file, when known.
    public var path: String?
    /// The statement that failed, when there was one.
    public var sql: String?

    public init(code: Int32, message: String, path: String? = nil, sql: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.sql = sql
    }

    /// The primary result code (the low byte of an extended code).
    public var primaryCode: Int32 { code & 0xff }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let path { text += " (database \(path))" }
        if let sql { text += " in `\(sql.prefix(120))`" }
        return text
    }
}
