/// Applies numbered schema migrations, tracked in `PRAGMA user_version`.
///
/// Migration N (1-based) runs once, in its own transaction, when the database is older than N.
public struct Migrator: Sendable {
    /// The SQL of each migration, in order; never edit a shipped one, append a new one.
    public var migrations: [String]

    public init(migrations: [String]) { self.migrations = migrations }

    /// Brings `database` up to the latest version. Throws if the file is newer than this build knows.
    public func migrate(_ database: Database) throws {
        let current = try database.userVersion
        guard current <= migrations.count else {
            throw SQLiteError(
                code: 1,
                message: "database schema version \(current) is newer than this trawl understands (\(migrations.count)); upgrade trawl",
                path: database.path)
        }
        for version in current..<migrations.count {
            try database.transaction {
                try database.execute(migrations[version])
                try database.execute("PRAGMA user_version = \(version + 1)")
            }
        }
    }
}
