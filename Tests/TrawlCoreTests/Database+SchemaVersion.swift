import TrawlDB
@testable import TrawlCore

extension Database {
    /// A database at `path` migrated up to schema `version` only, as an older Trawl left it (the
    /// starting point of an upgrade test), with the SQL functions the store defines on its
    /// connection (`trawl_url_hash`, which v15 needs).
    static func migrated(path: String, toVersion version: Int) throws -> Database {
        let database = try Database(path: path)
        try database.defineFunction(URLHash.sqlFunctionName, URLHash.of)
        try Migrator(migrations: Array(Schema.migrator.migrations.prefix(version))).migrate(database)
        return database
    }
}
