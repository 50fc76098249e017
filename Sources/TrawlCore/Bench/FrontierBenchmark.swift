import Foundation

/// Benchmark part 5 (issue 8): the frontier at scale, without the network.
///
/// Enqueues `urls` synthetic URLs over `hosts` hosts into a fresh database through the same
/// store path discoveries take (``CrawlStore`` inserts in batched transactions), then drains
/// `drain` of them through the real ``Scheduler`` the way `Crawler` does — poll, persist
/// "in flight", refill hosts from the store, report the transfer finished, record the outcome in
/// the store's batch, complete — with a fetch that does nothing. What is left is the frontier's
/// own cost: SQLite inserts and index upkeep, the scheduler's polls and refills, memory held per
/// queued URL. SPI for the `trawl-frontier-bench` executable, not crawl API.
public enum FrontierBenchmark {
    /// What to build and drain.
    public struct Parameters: Sendable {
        /// URLs to enqueue (1,000,000 in the case).
        public var urls: Int
        /// Hosts they are spread over, round-robin (10,000).
        public var hosts: Int
        /// URLs to schedule out with the no-op fetch (100,000).
        public var drain: Int
        /// URLs per enqueue transaction (a page's worth of discoveries is ~30; a batch of 64
        /// outcomes ~2,000; a bulk import more).
        public var batch: Int
        /// Concurrent no-op "transfers" (the crawl's `transfers`).
        public var transfers: Int
        /// The scheduler's in-memory ready URLs per host (nil: the crawler's default).
        public var memoryLimitPerHost: Int?
        /// The scheduler's global in-memory budget of ready URLs (nil: the crawler's default).
        public var memoryBudget: Int?
        /// SQLite page cache in MiB (`PRAGMA cache_size`; nil: the store's default, 2 MiB), to
        /// measure what a bigger cache would buy the enqueue (the url index is inserted in random order).
        public var cacheMiB: Int?

        public init(urls: Int = 1_000_000, hosts: Int = 10_000, drain: Int = 100_000, batch: Int = 2_000,
                    transfers: Int = 64, memoryLimitPerHost: Int? = nil) {
            self.urls = urls
            self.hosts = max(1, hosts)
            self.drain = drain
            self.batch = max(1, batch)
            self.transfers = max(1, transfers)
            self.memoryLimitPerHost = memoryLimitPerHost
        }
    }

    /// What was measured.
    public struct Result: Sendable, Codable {
        public var urlsEnqueued: Int
        public var enqueueSeconds: Double
        public var urlsDrained: Int
        public var drainSeconds: Double
        /// Scheduler polls during the drain and refill queries it asked for.
        public var polls: Int
        public var refills: Int
        /// Times the drain loop had nothing to do and waited for a change.
        public var waits: Int
        /// Database file size (+ WAL) after the enqueue, after a checkpoint.
        public var databaseBytes: Int64
        /// Peak resident set size of this process (VmHWM), bytes; nil off Linux.
        public var peakRSSAfterEnqueue: Int64?
        public var peakRSS: Int64?

        public var enqueuePerSecond: Double { Double(urlsEnqueued) / max(enqueueSeconds, 1e-9) }
        public var drainPerSecond: Double { Double(urlsDrained) / max(drainSeconds, 1e-9) }
        public var databaseBytesPerURL: Double { Double(databaseBytes) / Double(max(urlsEnqueued, 1)) }
    }

    /// Why the benchmark stopped.
    public enum Failure: Error, CustomStringConvertible {
        case databaseExists(String)
        case stalled(drained: Int, wanted: Int)

        public var description: String {
            switch self {
            case .databaseExists(let path): "the frontier benchmark needs a fresh database, and \(path) exists (remove it)"
            case .stalled(let drained, let wanted): "the scheduler stopped handing out URLs after \(drained) of \(wanted)"
            }
        }
    }

    /// The synthetic URL number `index`: host `index % hosts`, a news-like path of ~70 bytes.
    public static func url(_ index: Int, hosts: Int) -> (url: String, origin: String) {
        let host = index % hosts
        let origin = "https://www.site\(host).example"
        let n = index / hosts
        return ("\(origin)/section-\(n % 12)/2026/\(n % 28 + 1)/an-article-about-things-\(index).html", origin)
    }

    /// Runs both phases on a new database at `path` (which must not exist).
    public static func run(databasePath path: String, parameters p: Parameters,
                           progress: @Sendable (String) -> Void = { _ in }) async throws -> Result {
        guard !FileManager.default.fileExists(atPath: path) else { throw Failure.databaseExists(path) }
        let store = try await CrawlStore.open(path: path)
        if let cacheMiB = p.cacheMiB { try await store.benchSetCache(mebibytes: cacheMiB) }
        let clock = ContinuousClock()

        // Phase 1: enqueue, in batched transactions, as discoveries arrive.
        let start = clock.now
        var added = 0
        var next = 0
        while next < p.urls {
            let end = min(next + p.batch, p.urls)
            let discoveries = (next..<end).map { i -> Discovery in
                let (url, origin) = url(i, hosts: p.hosts)
                return Discovery(url: url, origin: origin, depth: 1)
            }
            added += try await store.benchEnqueue(discoveries)
            next = end
            if next % 100_000 < p.batch { progress("enqueued \(next)") }
        }
        let enqueueSeconds = (clock.now - start).seconds
        let bytes = try await store.benchCheckpoint(path: path)
        let rssAfterEnqueue = peakRSS()
        progress("database \(bytes) bytes; draining \(p.drain)")

        // Phase 2: drain through the scheduler, like Crawler.crawlLoop with a no-op fetch.
        let politeness = Politeness(delay: .zero, perHost: 8, transfers: p.transfers, maxDelay: .zero, delayFactor: 0,
                                    robots: RobotsPolicy(mode: .ignore))
        let defaults = Scheduler(politeness: politeness)
        let scheduler = Scheduler(
            politeness: politeness, memoryLimitPerHost: p.memoryLimitPerHost ?? defaults.memoryLimitPerHost,
            memoryBudget: p.memoryBudget ?? defaults.memoryBudget)
        for host in try await store.hostsWithQueuedURLs() {
            await scheduler.addStoredHost(id: host.id, origin: host.origin)
        }
        progress("hosts registered")
        let debug = ProcessInfo.processInfo.environment["TRAWL_BENCH_DEBUG"] != nil
        let drainStart = clock.now
        let counter = DrainCounter()
        var polls = 0
        var refills = 0
        var waits = 0
        var dispatched = 0
        try await withThrowingDiscardingTaskGroup { group in
            while dispatched < p.drain {
                let poll = await scheduler.poll()
                polls += 1
                if debug { progress("poll: \(poll.dispatch.count) dispatch, \(poll.refill.count) refill, exhausted \(poll.exhausted), wake \(String(describing: poll.wakeAt))") }
                // Every URL a poll hands out has its slot reserved: all must be reported back
                // (the last poll may overshoot `drain` by less than `transfers`).
                let batch = poll.dispatch
                if !batch.isEmpty {
                    store.queueInFlight(batch.map(\.id))  // as the crawl loop: joins the next batch
                    if dispatched / 10_000 != (dispatched + batch.count) / 10_000 { progress("dispatched \(dispatched)") }
                    dispatched += batch.count
                    for entry in batch {
                        group.addTask {
                            _ = await scheduler.fetchFinished(entry, signal: .answered(duration: .zero))
                            let outcome = PageOutcome(entry: entry, disposition: .done, capture: nil, content: nil,
                                                      discoveries: [])
                            let added = try await store.record(outcome)
                            await scheduler.complete(entry, added: added)
                            await counter.increment()
                        }
                    }
                }
                refills += poll.refill.count
                try await Scheduler.refill(poll.refill, store: store, scheduler: scheduler)
                if poll.hasActions { continue }
                if poll.exhausted { throw Failure.stalled(drained: dispatched, wanted: p.drain) }
                // A completion between `poll()` and `waitForChange` is not lost (the scheduler's
                // "changed since the last poll" flag), so wait like the crawl loop does.
                await scheduler.waitForChange(until: poll.wakeAt)
                waits += 1
            }
        }
        await scheduler.waitUntilIdle()
        let drainSeconds = (clock.now - drainStart).seconds
        await store.close()
        return Result(
            urlsEnqueued: added, enqueueSeconds: enqueueSeconds, urlsDrained: await counter.value,
            drainSeconds: drainSeconds, polls: polls, refills: refills, waits: waits, databaseBytes: bytes,
            peakRSSAfterEnqueue: rssAfterEnqueue, peakRSS: peakRSS())
    }

    /// VmHWM of this process from /proc/self/status, in bytes (nil where there is no procfs).
    public static func peakRSS() -> Int64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").dropFirst().first.flatMap { Int64($0) }
            return kb.map { $0 * 1024 }
        }
        return nil
    }
}

/// Counts finished no-op fetches.
private actor DrainCounter {
    var value = 0
    func increment() { value += 1 }
}

extension CrawlStore {
    /// Inserts discoveries in one transaction (the bench's batch; in a crawl they ride in the
    /// outcome batch). Returns how many were new.
    func benchEnqueue(_ discoveries: [Discovery]) throws -> Int {
        try transaction { try insert(discoveries, from: nil).count }
    }

    /// Sets the connection's page cache size (measurement only; the store keeps SQLite's default).
    func benchSetCache(mebibytes: Int) throws {
        try database.execute("PRAGMA cache_size = -\(mebibytes * 1024)")
    }

    /// Checkpoints the WAL and returns the database's bytes on disk (main file + WAL).
    func benchCheckpoint(path: String) throws -> Int64 {
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let size = { (file: String) -> Int64 in
            ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return size(path) + size(path + "-wal")
    }
}
