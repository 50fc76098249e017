import Foundation
import TrawlDB

extension CrawlStore {
    /// Puts URLs left in flight by a previous run (a crash, a kill) back in the queue.
    /// Returns how many were re-queued.
    public func recoverInFlight() throws -> Int {
        try database.cached("UPDATE urls SET state = 0 WHERE state = 1").run()
        return database.changes
    }

    /// Records seed URLs (already normalized); they enter the frontier when a crawler picks them up.
    /// Returns how many were new.
    @discardableResult
    public func addSeeds(_ seeds: [(url: String, origin: String)], source: String) throws -> Int {
        try transaction {
            var added = 0
            let insert = try database.cached(
                "INSERT OR IGNORE INTO seeds(url, origin, source, added_at) VALUES (?, ?, ?, ?)")
            let now = Date().timeIntervalSince1970
            for seed in seeds {
                try insert.run([seed.url, seed.origin, source, now])
                added += database.changes
            }
            return added
        }
    }

    /// Origins of every seed ever added: the default crawl scope.
    public func seedOrigins() throws -> Set<String> {
        Set(try database.cached("SELECT DISTINCT origin FROM seeds").rows { $0.string(0) ?? "" })
    }

    /// Moves seeds that are not yet in the frontier into it (depth 0) and returns the new entries
    /// with the set of all seed origins.
    func takeNewSeeds() throws -> (entries: [FrontierEntry], origins: Set<String>) {
        let fresh = try database.cached("SELECT id, url, origin FROM seeds WHERE enqueued = 0")
            .rows { (id: $0.int64(0), url: $0.string(1) ?? "", origin: $0.string(2) ?? "") }
        guard !fresh.isEmpty else { return ([], try seedOrigins()) }
        let entries = try transaction {
            let discoveries = fresh.map { Discovery(url: $0.url, origin: $0.origin, depth: 0) }
            let entries = try insert(discoveries, from: nil)
            let mark = try database.cached("UPDATE seeds SET enqueued = 1 WHERE id = ?")
            for seed in fresh { try mark.run([seed.id]) }
            return entries
        }
        return (entries, try seedOrigins())
    }

    /// Inserts new URLs into the frontier; returns the entries actually added (unknown URLs).
    /// URLs remembered in ``knownURLs`` (in `urls` already) are skipped without a statement.
    /// A URL is new when its host has no row with its text: looked up by host and hash
    /// (``urlLookupQuery``), so a hash shared with another URL still gets its own row. (Two
    /// statements, not one `INSERT … SELECT … WHERE NOT EXISTS`: SQLite runs an insert that
    /// reads its own table through a temporary table, which cost more than the second step.)
    func insert(_ discoveries: [Discovery], from parent: Int64?) throws -> [FrontierEntry] {
        let lookup = try database.cached(Self.urlLookupQuery)
        let statement = try database.cached("""
            INSERT INTO urls(url, url_hash, host_id, depth, redirects, discovered_from, discovered_at, priority)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // Whole seconds: SQLite stores an integral REAL as a 4-byte integer, not an 8-byte
        // double (4 of the ~250 bytes a queued URL costs; nothing needs sub-second discovery times).
        let now = Date().timeIntervalSince1970.rounded(.down)
        var added: [FrontierEntry] = []
        for discovery in discoveries {
            let key = KnownURLs.Key(discovery.url)
            guard !knownURLs.contains(key) else { continue }
            let hostID = try hostID(for: discovery.origin)
            if try !lookup.hasRow(binding: hostID, key.hash, discovery.url) {
                try statement.run(binding: discovery.url, key.hash, hostID, discovery.depth, discovery.redirects,
                                  parent, now, discovery.priority)
                added.append(FrontierEntry(
                    id: database.lastInsertRowID, url: discovery.url, hostID: hostID, origin: discovery.origin,
                    depth: discovery.depth, redirects: discovery.redirects, attempts: 0, notBefore: 0,
                    priority: discovery.priority))
            }
            knownURLs.insert(key)  // its row is there now, inserted or not
        }
        return added
    }

    /// Finds a URL's row (parameters: host id, ``URLHash`` of the text, the text) through the
    /// index `urls_host_url (host_id, url_hash)` (v16); the text is compared, so URLs sharing a
    /// hash are told apart.
    static let urlLookupQuery = "SELECT 1 FROM urls WHERE host_id = ? AND url_hash = ? AND url = ?"

    /// Hosts that have queued URLs, with their origins.
    func hostsWithQueuedURLs() throws -> [(id: Int64, origin: String)] {
        try database.cached("""
            SELECT h.id, h.origin FROM hosts h
            WHERE EXISTS (SELECT 1 FROM urls u WHERE u.host_id = h.id AND u.state = 0)
            """).rows { (id: $0.int64(0), origin: $0.string(1) ?? "") }
    }

    /// Queued URLs of one host: up to `limit` new ones (priority first, then breadth-first: by
    /// depth, then discovery order) and up to `limit` revisits (breadth-first), interleaved, so a
    /// refill never brings only one kind (the scheduler serves them in turn, see ``ReadyQueue``).
    /// Each order is an index's (`urls_host_queue`, `urls_queued_revisits`): no sort.
    func queuedURLs(hostID: Int64, origin: String, limit: Int) throws -> [FrontierEntry] {
        try queuedURLs(RefillRequest(hostID: hostID, origin: origin, newLimit: limit, revisitLimit: limit))
    }

    /// The refills a scheduler poll asked for, in one call (one hop to the store's queue): for
    /// each request, its rows in request order.
    func queuedURLs(_ requests: [RefillRequest]) throws -> [[FrontierEntry]] {
        try requests.map { try queuedURLs($0) }
    }

    /// One host's refill: the kinds it asks for (a limit of 0 skips that kind's query), new URLs
    /// and revisits interleaved. Each kind's rows in index order until `limit` rows due at
    /// `request.asOf`: pending retries met on the way come too (the scheduler holds them for
    /// their time or already does) without counting, so they never hide the URLs behind them.
    func queuedURLs(_ request: RefillRequest) throws -> [FrontierEntry] {
        func load(revisits: Bool, limit: Int) throws -> [FrontierEntry] {
            guard limit > 0 else { return [] }
            var rows: [FrontierEntry] = []
            var due = 0
            try database.cached(Self.queuedURLsQuery(revisits: revisits)).scanRows([request.hostID, -1], while: {
                let entry = FrontierEntry(
                    id: $0.int64(0), url: $0.string(1) ?? "", hostID: request.hostID, origin: request.origin,
                    depth: $0.int(2), redirects: $0.int(3), attempts: $0.int(4), notBefore: $0.double(5),
                    isRevisit: revisits, priority: revisits ? 0 : $0.int(6))
                rows.append(entry)
                if entry.notBefore <= request.asOf { due += 1 }
                return due < limit
            })
            return rows
        }
        let fresh = try load(revisits: false, limit: request.newLimit)
        let revisits = try load(revisits: true, limit: request.revisitLimit)
        guard !revisits.isEmpty else { return fresh }
        guard !fresh.isEmpty else { return revisits }
        var merged: [FrontierEntry] = []
        merged.reserveCapacity(fresh.count + revisits.count)
        for index in 0..<max(fresh.count, revisits.count) {
            if index < fresh.count { merged.append(fresh[index]) }
            if index < revisits.count { merged.append(revisits[index]) }
        }
        return merged
    }

    /// The refill query for one kind (parameters: host id, limit; -1: no limit). Revisits keep the
    /// breadth-first order: priority is for getting new hub entries fetched first.
    /// New URLs are read from `urls_host_queue`, whose key has the expression
    /// `last_visit_at IS NULL` (written as in the index so SQLite matches it).
    static func queuedURLsQuery(revisits: Bool) -> String {
        """
        SELECT id, url, depth, redirects, attempts, next_attempt_at, priority
        FROM urls INDEXED BY \(revisits ? "urls_queued_revisits" : "urls_host_queue")
        WHERE host_id = ? AND state = 0 AND \(revisits ? "last_visit_at IS NOT NULL" : "(last_visit_at IS NULL) = 1")
        ORDER BY \(revisits ? "depth, id" : "priority DESC, depth, id") LIMIT ?
        """
    }

    /// Persists that these URLs are being fetched, in a transaction of its own, before it returns.
    func markInFlight(_ ids: [Int64]) throws {
        try transaction { try writeInFlight(ids) }
    }

    /// Queues "in flight" marks for these URLs for the store's next write transaction (at the
    /// latest the next batch, ``flush()``), which writes them before anything else; returns
    /// without waiting for the commit. The crawl loop marks every poll's URLs: in a transaction
    /// of their own, these marks were 14 of every 15 commits of a bench crawl (about 2 URLs
    /// each). Anything written after this call returns (an outcome, a drop) is in the mark's
    /// transaction, after it, or in a later one, so the mark never overwrites it; a crash before
    /// the commit leaves the URLs queued, which the next start serves like re-queued ones.
    ///
    /// Waits for neither the commit nor the actor (``StoreInbox``): the crawl loop calls it
    /// before it starts the fetches, without waiting out a commit in progress.
    nonisolated func queueInFlight(_ ids: [Int64]) {
        guard !ids.isEmpty else { return }
        deposit { $0.marks += ids }
    }

    /// Marks URLs in flight (state 1, one more attempt) in the current transaction.
    func writeInFlight(_ ids: [Int64]) throws {
        let statement = try database.cached("UPDATE urls SET state = 1, attempts = attempts + 1 WHERE id = ?")
        for id in ids { try statement.run([id]) }
    }

    /// Runs `body` in one SQLite transaction: every write transaction of the store goes through
    /// here. The queued "in flight" marks (``queueInFlight(_:)``) are written first, so no write
    /// after their queuing (an outcome, a drop, a re-queue) is overwritten by them. When it
    /// throws (rolled back), the marks wait for the next transaction, and the memories of rows
    /// it may have inserted go: ``knownURLs`` and the `hosts` ids cache (a host row inserted in a
    /// rolled-back transaction is gone, and its cached id would make the next insert of its URLs
    /// fail on the foreign key).
    func transaction<T>(_ body: () throws -> T) throws -> T {
        let marks = inbox.withLock { $0.takeMarks() }
        do {
            return try database.transaction {
                try writeInFlight(marks)
                return try body()
            }
        } catch {
            inbox.withLock { $0.marks = marks + $0.marks }
            knownURLs.forgetAll()
            hostIDs.removeAll()
            throw error
        }
    }
}
