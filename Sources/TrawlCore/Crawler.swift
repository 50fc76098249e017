import Foundation
import Logging
import Synchronization
import TrawlFetch

/// The crawl loop: seeds in, pages fetched politely, archived, their links fed back to the frontier.
///
/// One door into the frontier (the store), one decider (the scheduler), one fetcher thread, parsing
/// on the blocking pool, and batched archive writes. A stop request lets in-flight fetches finish
/// (up to `stopGrace`), then cancels the rest, which go back to the queue; the store stays consistent.
public final class Crawler: Sendable {
    /// `untilEmpty` ends when the frontier is exhausted (`trawl crawl`: it makes the revisits
    /// due when it starts, each URL at most once, so it always ends; later ones wait for the
    /// next run); `service` keeps waiting for new seeds and sleeps until the next revisit is due
    /// (`trawl run`).
    public enum Mode: Sendable { case untilEmpty, service }

    /// What a finished crawl did.
    public struct Summary: Sendable {
        /// Fetch attempts completed (answers and failures, not cancelled ones).
        public var fetches: Int
        /// URLs found in flight from an interrupted run and re-queued at start.
        public var recovered: Int
        /// The crawl ended because a stop was requested.
        public var stopped: Bool
    }

    /// The settings in force; `reload` replaces them (scope, limits, politeness, user agent).
    private let currentSettings: Mutex<CrawlSettings>
    var settings: CrawlSettings { currentSettings.withLock { $0 } }
    private let store: CrawlStore
    private let logger: Logger
    private let fetcher: Fetcher
    /// Internal, not private: live control (`DaemonControl`) feeds it pauses and drops.
    let scheduler: Scheduler
    private let pool = BlockingPool()
    private let stop: StopSignal
    private let seedPollInterval: Duration
    private let fetches = Atomic<Int>(0)
    private let processor = Mutex<PageProcessor?>(nil)
    /// Per-host page budget (`[scope] max_pages_per_host`), checked before URLs reach the store.
    private let budget: Mutex<HostBudget>
    /// When revisits fall due; URLs between fetch and completion (continuous archiving).
    private let revisits = RevisitTracker()

    public init(settings: CrawlSettings, store: CrawlStore, stop: StopSignal = StopSignal(),
                logger: Logger = Logger(label: "trawl.crawl"), seedPollInterval: Duration = .seconds(2)) {
        self.currentSettings = Mutex(settings)
        self.store = store
        self.logger = logger
        self.stop = stop
        self.seedPollInterval = seedPollInterval
        self.budget = Mutex(HostBudget(limit: settings.scope.maxPagesPerHost))
        self.fetcher = Fetcher(configuration: settings.fetcherConfiguration, logger: logger)
        self.scheduler = Scheduler(
            politeness: settings.politeness, userAgent: settings.userAgent, retry: settings.retry,
            memoryBudget: settings.frontierMemoryURLs)
    }

    /// Crawls until the frontier is empty (`untilEmpty`) or a stop is requested.
    public func run(mode: Mode) async throws -> Summary {
        defer { fetcher.shutdown() }
        // WARC recovery comes first: captures whose records were lost go back to the queue.
        var archive: WARCArchive?
        if let warc = settings.warc {
            let opened = WARCArchive(settings: warc, store: store, info: warcInfo, logger: logger)
            _ = try await opened.start()
            archive = opened
        }
        do {
            let summary = try await crawlLoop(mode: mode, archive: archive)
            try await archive?.close()  // CDXJ index written, `.open` dropped from the name
            return summary
        } catch {
            try? await archive?.close()
            throw error
        }
    }

    /// The warcinfo fields describing this crawl's configuration.
    private var warcInfo: [(String, String)] {
        [
            ("http-header-user-agent", settings.userAgent),
            ("robots", settings.politeness.robots.mode.rawValue),
            ("description", "Trawl crawl; max_depth \(settings.scope.maxDepth), max_body_bytes \(settings.maxBodyBytes)"),
        ]
    }

    private func crawlLoop(mode: Mode, archive: WARCArchive?) async throws -> Summary {
        let recovered = try await store.recoverInFlight()
        if recovered > 0 { logger.notice("re-queued \(recovered) URLs left in flight by an interrupted run") }
        let counts = try await store.urlCountsByOrigin()
        budget.withLock { $0 = HostBudget(limit: settings.scope.maxPagesPerHost, counts: counts) }
        await scheduler.restore(try await store.savedHosts())
        for host in try await store.hostsWithQueuedURLs() {
            await scheduler.addStoredHost(id: host.id, origin: host.origin)
        }
        try await pickUpNewSeeds()
        try await reconcileSchedules(settings.revisit)
        let scheduler = self.scheduler
        stop.onRequest { Task { await scheduler.signal() } }

        if mode == .untilEmpty {
            // Everything due now, in batches; nothing that falls due later in this run.
            while let wake = try await revisits.promoteDue(store: store, scheduler: scheduler, logger: logger),
                  wake <= ContinuousClock.now {}
        }
        try await withThrowingDiscardingTaskGroup { group in
            var nextSeedPoll = ContinuousClock.now.advanced(by: seedPollInterval)
            while !stop.isRequested {
                if mode == .service, ContinuousClock.now >= nextSeedPoll {
                    nextSeedPoll = ContinuousClock.now.advanced(by: seedPollInterval)
                    try await pickUpNewSeeds()
                }
                let revisitWake = mode == .service
                    ? try await revisits.promoteDue(store: store, scheduler: scheduler, logger: logger) : nil
                let poll = await scheduler.poll()
                if !poll.dispatch.isEmpty {
                    // "In flight" is persisted beside the fetches, not before them: waiting for a
                    // commit here would hold every host's next request behind the store's slowest
                    // one (a checkpoint, an FTS5 merge, a slow disk: up to 300 ms measured, gaps
                    // of 100 ms in the politeness case). The marks go into the store's inbox,
                    // without waiting for its actor either, before the fetches start; the store's
                    // next write transaction writes them before anything else, so a mark never
                    // overwrites an outcome. A crash before the marks' commit leaves the URLs
                    // queued, which the next start serves like re-queued ones; the scheduler
                    // tracks them meanwhile, so no refill serves them twice, and pages awaiting
                    // their record count against the scheduler's commit backlog, which bounds them.
                    store.queueInFlight(poll.dispatch.map(\.id))
                    for entry in poll.dispatch {
                        let startAt = poll.startAt[entry.id]
                        group.addTask { try await self.crawl(entry, startAt: startAt, archive: archive) }
                    }
                }
                for host in poll.robots {
                    group.addTask { try await self.fetchRobots(hostID: host.id, origin: host.origin, archive: archive) }
                }
                if !poll.blocked.isEmpty {
                    let blocked = poll.blocked
                    logger.debug("robots.txt disallows \(blocked.count) URLs", metadata: ["host": "\(blocked[0].origin)"])
                    for entry in blocked {
                        let outcome = PageOutcome(
                            entry: entry, disposition: .blocked(reason: "disallowed by robots.txt"),
                            capture: nil, content: nil, discoveries: [])
                        group.addTask {
                            _ = try await self.store.record(outcome)
                            await scheduler.blockedRecorded([entry])
                        }
                    }
                }
                try await Scheduler.refill(poll.refill, store: store, scheduler: scheduler)
                if poll.hasActions { continue }
                if poll.exhausted, mode == .untilEmpty { break }
                var wake = poll.wakeAt
                if mode == .service { wake = min(wake ?? nextSeedPoll, nextSeedPoll) }
                if let revisitWake { wake = min(wake ?? revisitWake, revisitWake) }
                await scheduler.waitForChange(until: wake)
            }
            if stop.isRequested {
                let fetcher = self.fetcher
                let grace = settings.stopGrace
                let inFlight = await scheduler.transfersInFlight
                if inFlight > 0 { logger.notice("stopping: waiting up to \(grace) for \(inFlight) transfers") }
                group.addTask {
                    // Past the grace time, cancel what is left; cancelled fetches are re-queued.
                    try? await Task.sleep(for: grace)
                    fetcher.shutdown()
                }
                await scheduler.waitUntilIdle()
                group.cancelAll()  // ends the grace timer early
            }
        }
        return Summary(fetches: fetches.load(ordering: .relaxed), recovered: recovered, stopped: stop.isRequested)
    }

    /// Applies a reloaded config (SIGHUP in `trawl run`): politeness, scope, limits, retries and
    /// the user agent govern the next requests and the next pages processed. What was fixed at
    /// start stays: the fetcher's connection pool size, the WARC output and the database.
    public func reload(_ new: CrawlSettings) async {
        let (scope, sameSchedules) = currentSettings.withLock { current -> (Scope, Bool) in
            let same = current.revisit.schedulesAlike(new.revisit)
            var next = new
            next.warc = current.warc
            next.frontierMemoryURLs = current.frontierMemoryURLs
            current = next
            return (next.scope, same)
        }
        processor.withLock { processor in
            guard let old = processor else { return }
            var rescoped = scope
            rescoped.seedOrigins = old.scope.seedOrigins
            processor = PageProcessor(
                scope: rescoped, maxRedirects: new.maxRedirects, retry: new.retry, maxBodyBytes: new.maxBodyBytes,
                revisit: new.revisit, bodiesInWARC: old.bodiesInWARC)
        }
        await scheduler.update(new.politeness)
        guard !sameSchedules else { return }
        do {
            try await reconcileSchedules(new.revisit)
            await scheduler.signal()  // the loop looks for revisits due under the new rules
        } catch {
            logger.error("revisit schedules not updated to the reloaded config: \(error)")
        }
    }

    /// Applies the revisit rules in force to URLs fetched before (a config change reaches
    /// them), in chunks on the store's executor; the loop then looks for due revisits at once.
    private func reconcileSchedules(_ policy: RevisitPolicy) async throws {
        var after: Int64 = 0
        var changed = 0
        while true {
            let chunk = try await store.reconcileSchedules(policy, after: after, chunk: 2_000)
            if let earliest = chunk.earliest {
                revisits.noteNextVisit(earliest)
                changed += 1
            }
            guard let last = chunk.last else { break }
            after = last
        }
        if changed > 0 { logger.info("revisit schedules updated to the config's rules") }
    }

    /// Moves seeds added since the last look (config or `trawl seed`) into the frontier and widens
    /// the scope to their hosts.
    private func pickUpNewSeeds() async throws {
        let seeds = try await store.takeNewSeeds()
        var scope = settings.scope
        scope.seedOrigins = seeds.origins
        let processor = PageProcessor(
            scope: scope, maxRedirects: settings.maxRedirects, retry: settings.retry, maxBodyBytes: settings.maxBodyBytes,
            revisit: settings.revisit, bodiesInWARC: settings.warc != nil)
        self.processor.withLock { $0 = processor }
        if !seeds.entries.isEmpty {
            logger.info("enqueued \(seeds.entries.count) new seeds")
            budget.withLock { $0.settle(reserved: [], added: seeds.entries) }
            await scheduler.add(seeds.entries)
            if settings.politeness.robots.mode == .ignore {  // no robots.txt fetch to find sitemaps after
                for origin in Set(seeds.entries.map(\.origin)) {
                    try await enqueue(Self.hostStart(origin: origin, robotsBody: nil, scope: scope))
                }
            }
        }
    }

    /// ``crawlOne(_:startAt:archive:)``, and when archiving or recording fails (a full disk, a database
    /// error) the crawl stops: the entry is handed back to the scheduler (it stays in flight in
    /// the store, so the next start re-queues it), a stop is requested and the error ends the
    /// crawl. Without this the loop would wait forever for an entry that never completes.
    private func crawl(
        _ entry: FrontierEntry, startAt: ContinuousClock.Instant?, archive: WARCArchive?
    ) async throws {
        do {
            try await crawlOne(entry, startAt: startAt, archive: archive)
        } catch {
            await scheduler.complete(entry, retry: entry)
            await revisits.finish(entry.id, scheduler: scheduler)
            stop.request()
            throw error
        }
    }

    /// Fetches, processes and archives one URL, then reports back to the scheduler.
    ///
    /// The body comes back as received (curl does not decode): the WARC payload keeps its
    /// content-encoding, and `PageProcessor` decodes a copy, capped, for parsing and storage.
    /// The WARC records are on disk (fsync'd) before the capture row is committed. `startAt`:
    /// the host's next allowed start when the scheduler handed the URL out ahead of it; the
    /// fetcher's thread starts the transfer then.
    private func crawlOne(
        _ entry: FrontierEntry, startAt: ContinuousClock.Instant?, archive: WARCArchive?
    ) async throws {
        revisits.begin(entry.id)
        // A revisit is a conditional request with the validators of the URL's last 200 answer.
        let previous = entry.isRevisit ? try await store.previousVisit(urlID: entry.id) : nil
        let request = FetchRequest(
            url: entry.url, userAgent: settings.userAgent,
            headers: [HTTPHeader(name: "Accept-Encoding", value: ContentDecoder.acceptEncoding)]
                + (previous?.conditionalHeaders ?? []),
            connectTimeout: settings.connectTimeout, timeout: settings.timeout,
            maxBodyBytes: settings.maxBodyBytes, decodeContent: false, startAt: startAt)
        let result = await fetcher.result(for: request)
        let signal = HostPoliteness.Signal.classify(result)
        let endedAt = try? result.get().endedAt
        if let report = await scheduler.fetchFinished(entry, signal: signal, endedAt: endedAt ?? nil) { note(report) }
        guard let processor = processor.withLock({ $0 }) else {
            await scheduler.complete(entry, retry: entry)
            await revisits.finish(entry.id, scheduler: scheduler)
            return
        }
        let attempt = entry.attempts + 1
        let preparer = archive?.preparer
        var outcome = await pool.run {
            var outcome = processor.process(entry, result, attempt: attempt)
            outcome.fingerprint = ContentFingerprint.of(outcome)
            return preparer?.prepare(outcome) ?? outcome  // WARC records built and compressed here, in parallel
        }
        await scheduler.processed(entry)  // what is left is waiting for the disk: the slot goes to the next page
        outcome.earlierResponse = previous?.original
        if let archive {
            outcome = try await archive.archive(outcome)
        } else {
            outcome.exchange = nil
        }
        let response = try? result.get()
        outcome.visit = settings.revisit.visit(
            after: outcome, previous: previous, etag: response?.header("ETag"),
            lastModified: response?.header("Last-Modified"))
        let reserved = budget.withLock { $0.reserve(outcome.discoveries) }
        outcome.discoveries = reserved
        let added = try await store.record(outcome)
        budget.withLock { $0.settle(reserved: reserved, added: added) }
        if let next = outcome.visit?.nextVisitAt { revisits.noteNextVisit(next) }
        var retry: FrontierEntry?
        switch outcome.disposition {
        case .retry(let at):
            retry = entry
            retry?.attempts = attempt
            retry?.notBefore = at
        case .requeue:
            retry = entry
        case .done, .failed:
            fetches.add(1, ordering: .relaxed)
        case .blocked:
            break
        }
        if case .retry = outcome.disposition { fetches.add(1, ordering: .relaxed) }
        await scheduler.complete(entry, retry: retry, added: added)
        await revisits.finish(entry.id, scheduler: scheduler)
    }

    /// Fetches a host's robots.txt (nothing else goes to the host before it) and hands the
    /// outcome to the scheduler; the host's new state goes into the store's next batch.
    private func fetchRobots(hostID: Int64, origin: String, archive: WARCArchive?) async throws {
        var archiving: (@Sendable (FetchResponse) async -> Void)?
        if let archive { archiving = { response in _ = await archive.archiveRobots(response) } }  // WARC only: no capture
        let result = await RobotsFetch(fetcher: fetcher, settings: settings, onResponse: archiving).run(origin: origin)
        if let report = await scheduler.robotsFetched(
            hostID: hostID, result.outcome, signal: result.signal, endedAt: result.endedAt) {
            let robots = report.snapshot.robots
            logger.info(
                "robots.txt: \(robots?.state.rawValue ?? "?")\(robots?.detail.map { " (\($0))" } ?? "")",
                metadata: ["host": "\(origin)"])
            note(report)
        }
        if let scope = processor.withLock({ $0?.scope }) {
            switch result.outcome {
            case .body(let body): try await enqueue(Self.hostStart(origin: origin, robotsBody: body, scope: scope))
            case .unavailable: try await enqueue(Self.hostStart(origin: origin, robotsBody: nil, scope: scope))
            case .unreachable, .cancelled: break
            }
        }
    }

    /// What a host's crawl starts with besides its seeds and links: its sitemaps and, when
    /// `[scope] probe_feeds` is on and it is a seed's host, its common feed paths.
    private static func hostStart(origin: String, robotsBody: [UInt8]?, scope: Scope) -> [Discovery] {
        SitemapSeeds.discoveries(origin: origin, robotsBody: robotsBody, scope: scope)
            + FeedSeeds.discoveries(origin: origin, scope: scope)
    }

    /// Offers URLs found outside any page (a host's sitemaps and feed probes) to the frontier: within the page
    /// budget, through the store, then to the scheduler.
    private func enqueue(_ discoveries: [Discovery]) async throws {
        let reserved = budget.withLock { $0.reserve(discoveries) }
        guard !reserved.isEmpty else { return }
        let added = try await store.insert(reserved, from: nil)
        budget.withLock { $0.settle(reserved: reserved, added: added) }
        await scheduler.add(added)
    }

    /// A host dropped with `trawl drop` (already marked in the store): the scheduler forgets
    /// its queue and a revisit of it held back for a visit in flight is not handed over.
    func drop(hostID: Int64) async {
        revisits.forget(hostID: hostID)
        await scheduler.drop(hostID: hostID)
    }

    /// Persists a host's politeness state (batched) and reports a host being parked.
    private func note(_ report: Scheduler.HostReport) {
        if case .parked(_, let failures) = report.decision {
            logger.warning(
                "host parked after \(failures) failures in a row; no requests until \(Date(timeIntervalSince1970: report.snapshot.nextAllowedAt))",
                metadata: ["host": "\(report.origin)"])
        }
        store.noteHost(report.snapshot)
    }
}
