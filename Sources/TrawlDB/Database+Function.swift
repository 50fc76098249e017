internal import CSQLite

extension Database {
    /// Defines `name(text)`, a deterministic SQL function returning an integer computed by
    /// `body`, on this connection (until it closes). For values only Swift computes that a
    /// migration must fill in SQL (a hash of a column). A NULL argument gives NULL.
    public func defineFunction(_ name: String, _ body: @escaping (String) -> Int64) throws(SQLiteError) {
        let box = Unmanaged.passRetained(FunctionBox(body)).toOpaque()
        let rc = sqlite3_create_function_v2(
            handle, name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, box,
            { context, _, arguments in
                guard let context, let box = sqlite3_user_data(context),
                      let argument = arguments?[0], let text = sqlite3_value_text(argument)
                else {
                    if let context { sqlite3_result_null(context) }
                    return
                }
                let count = Int(sqlite3_value_bytes(argument))
                let string = String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
                let function = Unmanaged<FunctionBox>.fromOpaque(box).takeUnretainedValue()
                sqlite3_result_int64(context, function.body(string))
            },
            nil, nil,
            { box in if let box { Unmanaged<FunctionBox>.fromOpaque(box).release() } })
        // On failure SQLite has already called the destructor, which released the box.
        guard rc == SQLITE_OK else { throw error(code: rc, sql: nil) }
    }
}

/// Holds a SQL function's Swift body for SQLite's user-data pointer (released by its destructor).
private final class FunctionBox {
    let body: (String) -> Int64
    init(_ body: @escaping (String) -> Int64) { self.body = body }
}
