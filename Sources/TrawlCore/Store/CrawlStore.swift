import Foundation
import Logging
import Synchronization
import TrawlDB

/// The crawl's single source of truth: frontier and archive in one SQLite file (WAL).
///
/// An actor whose jobs run on its own dispatch queue, so every `sqlite3_step` happens off the
/// cooperative thread pool. The crawler writes through it in batched transactions; the CLI opens
/// its own `CrawlStore` on the same file to read status or add seeds while a crawl runs.
public actor CrawlStore {
    private let executor: DispatchSerialExecutor
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    let database: Database
    /// The database file (other connections to it: ``WARCDigestReader``).
    nonisolated let path: String
    let logger: Logger
    /// origin -> hosts.id, for hosts already in the table.
    var hostIDs: [String: Int64] = [:]
    /// Outcomes waiting for the next batch commit, with the fetch tasks waiting on them.
    var pending: [(PageOutcome, CheckedContinuation<[FrontierEntry], any Error>)] = []
    /// "In flight" marks and hosts' states deposited without waiting for the actor
    /// (``queueInFlight(_:)``, ``noteHost(_:)``), for the next transaction and batch.
    let inbox = Mutex(StoreInbox())
    var flushScheduled = false
    /// URLs known to be in `urls`, so discoveries seen again skip their insert.
    var knownURLs = KnownURLs()
    /// Commit a batch once this many outcomes are waiting (or after `batchDelay`).
    let batchSize: Int
    let batchDelay: Duration

    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    public static func open(
        path: String, logger: Logger = Logger(label: "trawl.store"),
        batchSize: Int = 64, batchDelay: Duration = .milliseconds(20)
    ) async throws(StoreError) -> CrawlStore {
        let folder = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) || !isDirectory.boolValue {
            throw .missingFolder(database: path, folder: folder)
        }
        let executor = DispatchSerialExecutor(label: "trawl.store")
        let database: Database
        do {
            database = try Database(
                path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds, newFilePageSize: newDatabasePageSize)
        } catch {
            throw .cannotOpen(database: path, reason: "\(error)")
        }
        do {
            try upgrade(database, path: path)
        } catch {
            database.close()
            throw error
        }
        do {
            let pageSize = try database.pageSize
            database.checkpointWAL(
                atFrames: Int32(walCheckpointBytes / pageSize), orFramesAtLeast: Int32(walAgeCheckpointBytes / pageSize),
                after: walAgeCheckpointInterval)
            try database.execute("PRAGMA cache_size = -\(pageCacheKiB)")
        } catch {
            database.close()
            throw .cannotOpen(database: path, reason: "\(error)")
        }
        return CrawlStore(
            executor: executor, database: database, path: path, logger: logger, batchSize: batchSize, batchDelay: batchDelay)
    }

    /// The page size of a database the store creates: 8 KiB (SQLite's default is 4 KiB; a file
    /// created before keeps its own). An article row carries ~15 KB of text, an overflow chain
    /// of four 4 KiB pages or two 8 KiB ones, and SQLite writes each WAL frame with two
    /// `pwrite`s (header, page) and copies it back at the checkpoint with a `pread` and a
    /// `pwrite`: a bench crawl wrote 355,000 frames (1.46 GB) at 4 KiB, 217,000 (1.78 GB) at
    /// 8 KiB, 146,000 (2.39 GB) at 16 KiB. The bytes grow because a batch's inserts into the
    /// hash-keyed indexes (digests, bodies, SimHash bands) each dirty a whole page. Fewer frames
    /// cost less: the store's SQLite CPU besides the FTS5 insert, per unit of FTS5 insert CPU
    /// (`TRAWL_SQL_PROFILE`, 6 crawls each), fell from 2.31 (median) to 2.16 at 8 KiB and 2.15
    /// at 16 KiB; of the two, 8 KiB writes the fewer bytes.
    static let newDatabasePageSize: Int32 = 8192

    /// WAL size at which a commit checkpoints: 10,000 pages of 4 KiB (40 MB; 5,000 pages of
    /// 8 KiB), ten times SQLite's default. A crawl commits a batch every few tens of milliseconds
    /// and rewrites the same hot pages (index interiors, the FTS structure, counters) in each;
    /// checkpointing less often copies each such page back to the database once per checkpoint
    /// instead of ten times, and fsyncs less. Durability is unchanged (a commit is in the WAL
    /// either way); the WAL file grows to about this size before it is reused.
    static let walCheckpointBytes = 10_000 * 4096

    /// A slower crawl's WAL is also checkpointed once it holds 4 MB (1,000 pages of 4 KiB) and
    /// the last checkpoint is 2 s old. A crawl's close checkpoints whatever the WAL holds, and at
    /// a few hundred pages a second the WAL never reached 40 MB: the close of the politeness
    /// bench's crawl (1,600 pages in 10 s) copied ~3,800 pages for ~100 ms after its last fetch.
    /// A fast crawl reaches 40 MB within 2 s and checkpoints as before; the readers of a slow one
    /// (`trawl status`) read a shorter WAL.
    static let walAgeCheckpointBytes = 1_000 * 4096
    static let walAgeCheckpointInterval: Duration = .seconds(2)

    /// The connection's page cache: 8 MiB, four times SQLite's default. A batch inserts into
    /// several indexes keyed by hashes (bodies, payload digests, near-duplicate bands), each a
    /// random leaf; with 2 MiB those leaves fell out between batches and each came back with a
    /// `pread`. Over a bench crawl (20,000 pages, `scripts/bench --syscalls`): 864,000 `pread`s
    /// at 2 MiB (745db36), 323,000 at 8 MiB, and `pwrite`s 1.20 M → 0.93 M (fewer spills of dirty
    /// pages); 16 MiB read little less (288,000).
    static let pageCacheKiB = 8 * 1024

    /// How long a write waits for another process's lock (a backup tool, an admin's sqlite3
    /// shell holding `BEGIN EXCLUSIVE`) before the crawl gives up with "database is locked": two
    /// minutes, so a long hold stalls the daemon instead of ending it. Writes run on the store's
    /// own executor, so the wait blocks no cooperative thread.
    static let busyTimeoutMilliseconds: Int32 = 120_000

    private init(
        executor: DispatchSerialExecutor, database: Database, path: String, logger: Logger, batchSize: Int,
        batchDelay: Duration
    ) {
        self.executor = executor
        self.database = database
        self.path = path
        self.logger = logger
        self.batchSize = batchSize
        self.batchDelay = batchDelay
    }

    /// Commits any pending batch and closes the database.
    public func close() {
        flush()
        database.close()
    }

    /// `PRAGMA integrity_check` ("ok" when the file is sound).
    public func integrityCheck() throws -> String { try database.integrityCheck() }

    // MARK: Hosts

    func hostID(for origin: String) throws -> Int64 {
        if let id = hostIDs[origin] { return id }
        try database.cached("INSERT OR IGNORE INTO hosts(origin, first_seen) VALUES (?, ?)")
            .run([origin, Date().timeIntervalSince1970])
        guard let id = try database.cached("SELECT id FROM hosts WHERE origin = ?").firstRow([origin], { $0.int64(0) }) else {
            throw SQLiteError(code: 1, message: "host \(origin) vanished", path: database.path)
        }
        hostIDs[origin] = id
        return id
    }
}

/// Why the store could not be used, in words that say what to do.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case missingFolder(database: String, folder: String)
    case cannotOpen(database: String, reason: String)
    case missingDatabase(String)
    /// The disk filled up while the schema was upgraded; `needed` estimates the free space the
    /// upgrade takes (bytes), when known.
    case noSpaceToUpgrade(database: String, needed: Int64?)

    public var description: String {
        switch self {
        case .missingFolder(let database, let folder):
            "cannot create the database \(database): the folder \(folder) does not exist (create it, or change `database` in the config)"
        case .cannotOpen(let database, let reason):
            "cannot open the database \(database): \(reason)"
        case .noSpaceToUpgrade(let database, let needed):
            "cannot upgrade the database \(database) to this trawl's schema: no space left on device. The upgrade "
                + (needed.map {
                    "rewrites the contents table in one transaction and needs about "
                        + ByteCountFormatter.string(fromByteCount: $0, countStyle: .file)
                        + " free (twice that table) on that file system"
                } ?? "needs free space on that file system for the tables it rewrites")
                + "; the database is unchanged: free space and start trawl again"
        case .missingDatabase(let path):
            "no database at \(path): nothing has been crawled with this config yet (run `trawl crawl --config …` first)"
        }
    }
}
