import Foundation
import TrawlURL

/// Decides which URL is fetched next, under per-host politeness and robots.txt.
///
/// Owns the in-memory head of the frontier per host. Guarantees: at most `perHost` transfers to one
/// host and `transfers` in total; robots.txt fetched before anything else on a host (when obeyed)
/// and its disallowed URLs never handed out; request starts to one host spaced by the host's
/// ``HostPoliteness`` (delay, Crawl-delay, adaptive, back-off, Retry-After, parking), counting
/// robots.txt fetches; hosts due at the same time served round-robin; breadth-first within a host.
/// It never awaits, so its state can't change under a decision.
///
/// Scale: a poll looks only at the hosts whose time has come (``HostTimeline``: each host is
/// keyed by when it can next do something, so a poll costs O(log hosts) per host it serves, not
/// a visit of every host), and the URLs held in memory follow a global budget
/// (`memoryBudget`): each host holds at most its share, and hosts are refilled from the store
/// only when they are about to dispatch; the rest of the frontier stays in SQLite.
actor Scheduler {
    /// What the crawl loop should do next.
    struct Poll: Sendable {
        /// URLs to fetch now (their host slots are already reserved).
        var dispatch: [FrontierEntry] = []
        /// For dispatched URLs whose host may not start yet (by entry id): the host's exact next
        /// start, at most `lookahead` away. The fetch waits for it on the fetcher's thread
        /// (``FetchRequest/startAt``), so the request leaves at that instant rather than when
        /// the loop next wakes, persists "in flight" and starts a task.
        var startAt: [Int64: ContinuousClock.Instant] = [:]
        /// Hosts whose robots.txt must be fetched now (slots reserved); report with `robotsFetched`.
        var robots: [(id: Int64, origin: String)] = []
        /// URLs robots.txt disallows: record them as blocked, never fetch them, then report
        /// them with ``Scheduler/blockedRecorded(_:)``.
        var blocked: [FrontierEntry] = []
        /// Hosts whose in-memory queue ran dry while the store holds more: load them
        /// (``Scheduler/refill(_:store:scheduler:)``).
        var refill: [RefillRequest] = []
        /// When something becomes ready without any event (a delay expiring), if ever.
        var wakeAt: ContinuousClock.Instant?
        /// Nothing queued anywhere (except behind an unreachable robots.txt) and nothing in flight.
        var exhausted = false

        var hasActions: Bool { !dispatch.isEmpty || !robots.isEmpty || !blocked.isEmpty || !refill.isEmpty }
    }

    /// What a finished request changed about its host: persist `snapshot`, report `decision`.
    struct HostReport: Sendable {
        var origin: String
        var snapshot: HostSnapshot
        var decision: HostPoliteness.Decision
    }

    var politeness: Politeness
    let userAgent: String
    let retry: RetryPolicy
    let clock = ContinuousClock()
    var hosts: [Int64: HostQueue] = [:]
    /// State of earlier runs, applied when the host becomes active.
    private var saved: [Int64: HostSnapshot] = [:]
    /// When each host is to be looked at next.
    private var timeline = HostTimeline()
    /// Hosts with work (``HostQueue/hasWork``), and those of them whose robots.txt is deferred.
    private var withWork: Set<Int64> = []
    private var deferredWork: Set<Int64> = []
    /// Ready URLs held in memory over all hosts (what `memoryBudget` bounds).
    private(set) var heldInMemory = 0
    /// URLs asked for by refills under way (counted against the budget until they arrive).
    private var refillsPending = 0
    private var inFlight = 0
    /// Fetched URLs whose outcome is not recorded yet (their discoveries may still come).
    private(set) var processing = 0
    /// Of those, the pages whose CPU work is done (parsed, hashed, WARC records built) and that
    /// wait for the WARC write and the store's batch commit: ``processed(_:)``.
    private var awaitingCommit: Set<Int64> = []
    /// Pages awaiting their commit allowed per transfer slot. Their wait is the WARC and store
    /// batching (tens of milliseconds, longer on a slow disk), not CPU: bounding them by
    /// `transfers` like the pages still to parse left the CPU idle a sixth of the time while
    /// every slot waited for a commit; bounding them at all keeps memory flat when the disk
    /// falls behind. One such page holds its article and links, tens of KB; at 4 per slot the
    /// bench crawl reached 146–154 MB peak RSS, at 2 about 130 MB.
    static let commitBacklogPerTransfer = 2
    /// In-memory ready URLs of one kind (new, revisit) kept per host at most.
    let memoryLimitPerHost: Int
    /// Ready URLs held in memory over all hosts: a host's share is this divided by the hosts
    /// with work (at least ``minimumShare``, at most `memoryLimitPerHost`); a discovery over the
    /// budget stays in the store and is loaded when its host runs dry.
    let memoryBudget: Int
    /// The smallest share of a host (a refill of fewer would cost a store query every few URLs).
    /// Over the budget a host about to dispatch still gets one URL per kind it ran out of, so
    /// no host starves behind URLs held by others (paused, parked or slow hosts).
    static let minimumShare = 4
    /// How far ahead of a host's next start its URL may be handed out (with ``Poll/startAt``).
    let lookahead: Duration
    /// Robots verdicts per host per poll before the host yields (a long disallowed run).
    private let blockedPerPoll = 512
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// Something changed since the last `poll()`: a waiter must not sleep (the change happened
    /// between the poll and the wait, when nobody was waiting to be woken).
    var changedSincePoll = false
    /// Pauses from `trawl pause` (whole crawl, or hosts): nothing new is dispatched to them;
    /// their queues stay, and in-flight fetches finish.
    var paused = PausedState()

    init(politeness: Politeness, userAgent: String = "TrawlBot", retry: RetryPolicy = RetryPolicy(),
         memoryLimitPerHost: Int = 2_000, memoryBudget: Int = 50_000, lookahead: Duration = .milliseconds(50)) {
        self.politeness = politeness
        self.userAgent = userAgent
        self.retry = retry
        self.memoryLimitPerHost = max(1, memoryLimitPerHost)
        self.memoryBudget = max(1, memoryBudget)
        self.lookahead = lookahead
    }

    var transfersInFlight: Int { inFlight }

    /// Whether another fetch may start: fewer than `transfers` in flight, the pages fetched but
    /// not yet processed stay under `transfers` too, and the processed ones awaiting their commit
    /// under ``commitBacklogPerTransfer`` times that. Host slots are freed when a transfer ends
    /// (politeness), so the other two bounds are the crawl's backpressure: without them fast
    /// fetching outruns parsing and archiving and memory grows with the backlog.
    private var freeSlots: Int {
        let transfers = politeness.transfers
        let toProcess = processing - awaitingCommit.count
        return max(0, min(transfers - max(inFlight, toProcess),
                          transfers * Self.commitBacklogPerTransfer - awaitingCommit.count))
    }

    /// Ready URLs of one kind a host may hold now: the budget shared by the hosts with work.
    var hostShare: Int {
        min(memoryLimitPerHost, max(Self.minimumShare, memoryBudget / max(1, withWork.count)))
    }

    /// Remembers hosts' state from earlier runs (robots cache, holds), used when they become active.
    func restore(_ snapshots: [HostSnapshot]) {
        for snapshot in snapshots where hosts[snapshot.hostID] == nil { saved[snapshot.hostID] = snapshot }
    }

    /// Adds frontier entries (new discoveries, seeds, revisits due); entries the scheduler already
    /// holds (queued, delayed or in flight) are ignored. Over the host's share or the global
    /// budget an entry stays in the store only (it is there already) and is loaded by a refill.
    func add(_ entries: [FrontierEntry]) {
        insert(entries, cap: nil)
        signal()
    }

    /// Registers a host whose queued URLs are all in the store (start-up), to be loaded on demand.
    func addStoredHost(id: Int64, origin: String) {
        var host = hosts.removeValue(forKey: id) ?? newHost(id: id, origin: origin)
        host.moreNew = true
        host.moreRevisits = true
        hosts[id] = host
        settle(id)
        signal()
    }

    /// Receives the results of refills a poll asked for. A result for a host that no longer waits
    /// for it (dropped meanwhile, or refilled again since) is ignored.
    func refilled(_ results: [(request: RefillRequest, entries: [FrontierEntry])]) {
        for (request, entries) in results {
            refillsPending -= request.newLimit + request.revisitLimit
            guard var host = hosts.removeValue(forKey: request.hostID) else { continue }
            // Only the host's latest refill counts: one started before a `drop` may hold rows
            // just dropped, and a newer one may be under way.
            let waited = host.refilling && request.sequence == host.refillSequence
            if waited {
                host.refilling = false
                // A kind the store stopped at the limit has more; if none of its rows was news
                // (all held here already: retries recorded but not yet completed, blocked URLs
                // not yet recorded), asking again at once would return the same rows: the host
                // asks again when one of those leaves (``HostQueue/rearm()``).
                for revisit in [false, true] {
                    let limit = revisit ? request.revisitLimit : request.newLimit
                    let rows = entries.filter { $0.isRevisit == revisit }
                    guard limit > 0, rows.count { $0.notBefore <= request.asOf } >= limit else { continue }
                    let news = rows.contains { !host.tracked.contains($0.id) }
                    switch (revisit, news) {
                    case (false, true): host.moreNew = true
                    case (false, false): host.stalledNew = true
                    case (true, true): host.moreRevisits = true
                    case (true, false): host.stalledRevisits = true
                    }
                }
            }
            hosts[request.hostID] = host
            if waited { insert(entries, cap: max(request.newLimit, request.revisitLimit)) }
            settle(request.hostID)
        }
        signal()
    }

    /// Puts entries in their hosts' queues. `cap`: a refill's own limit (it was sized for the
    /// budget already); nil: the host's share and the global budget apply.
    private func insert(_ entries: [FrontierEntry], cap: Int?) {
        let unixNow = Date().timeIntervalSince1970
        let limit = cap.map { max($0, hostShare) } ?? hostShare
        var touched: Set<Int64> = []
        for entry in entries {
            var host = hosts.removeValue(forKey: entry.hostID) ?? newHost(id: entry.hostID, origin: entry.origin)
            defer { hosts[entry.hostID] = host }  // taken out so it mutates in place (see `poll`)
            touched.insert(entry.hostID)
            if host.tracked.contains(entry.id) { continue }
            if entry.notBefore > unixNow {
                host.delayed.append(entry)
                host.tracked.insert(entry.id)
            } else if host.ready.count(like: entry) < limit, cap != nil || heldInMemory < memoryBudget {
                host.ready.insert(HostQueue.Item(entry: entry))
                host.tracked.insert(entry.id)
                heldInMemory += 1
            } else if entry.isRevisit {
                host.moreRevisits = true
            } else {
                host.moreNew = true
            }
        }
        for id in touched { settle(id) }
    }

    private func newHost(id: Int64, origin: String) -> HostQueue {
        let now = clock.now
        let unixNow = Date().timeIntervalSince1970
        let previous = saved.removeValue(forKey: id)
        var politeness = HostPoliteness(
            settings: politeness, now: now, seed: UInt64(bitPattern: id), consecutiveFailures: previous?.failures ?? 0)
        if let previous, let reason = HostPoliteness.Reason(rawValue: previous.delayReason) {
            politeness.restoreHold(reason, remaining: .clampedSeconds(previous.nextAllowedAt - unixNow), now: now)
        }
        let robots = HostRobots(policy: self.politeness.robots, retry: retry, saved: previous?.robots, unixNow: unixNow)
        politeness.crawlDelay = robots.crawlDelay(userAgent: userAgent)
        return HostQueue(id: id, origin: origin, politeness: politeness, robots: robots)
    }

    /// Decides what to do now and reserves the slots of the URLs (and robots.txt) it hands out.
    ///
    /// Takes hosts from the timeline while their time has come and slots are free (a refill
    /// counts as a slot: it is a dispatch about to happen, so only hosts near dispatch are
    /// loaded), serves each, and puts it back at its next time.
    func poll() -> Poll {
        changedSincePoll = false
        var result = Poll()
        let now = clock.now
        let unixNow = Date().timeIntervalSince1970
        var room = freeSlots
        var verdicts = 0
        // Actions so far, and at each host's last visit: a host due again without any action
        // since then has nothing to do in this poll (a safeguard: `nextLook` should not say so).
        var actions: Int { result.dispatch.count + result.robots.count + result.blocked.count + result.refill.count }
        var lastVisit: [Int64: Int] = [:]
        var idle: [Int64] = []
        while room > 0, verdicts < 8 * blockedPerPoll, let id = timeline.popDue(at: now) {
            if lastVisit[id] == actions {
                idle.append(id)
                continue
            }
            lastVisit[id] = actions
            guard var host = hosts.removeValue(forKey: id) else { continue }
            defer {
                hosts[id] = host
                settle(id, now: now, unixNow: unixNow)
            }
            if isPaused(id) { continue }
            let promoted = host.promoteDue(unixNow: unixNow)
            heldInMemory += promoted
            if promoted > 0 { host.rearm() }
            if host.needsRefill, mayDispatchSoon(host, now: now) {
                result.refill.append(refillRequest(&host))
                room -= 1
            }
            guard !host.ready.isEmpty, host.inFlight < politeness.perHost else { continue }
            if host.robots.needsFetch(unixNow: unixNow) {
                if host.politeness.mayStart(at: now) {
                    host.robots.fetchStarted()
                    reserve(&host, at: now)
                    result.robots.append((id, host.origin))
                    room -= 1
                }
                continue
            }
            var hostVerdicts = 0
            while let top = host.ready.min, hostVerdicts < blockedPerPoll {
                hostVerdicts += 1
                // With nothing to match (robots ignored, or allow-all) the URL need not be parsed.
                let everything = host.robots.state == .ignored || host.robots.state == .allowAll
                let target = everything ? "/" : CrawlURL(top.entry.url)?.pathAndQuery ?? "/"
                let verdict = host.robots.verdict(userAgent: userAgent, pathAndQuery: target, unixNow: unixNow)
                if verdict == .disallowed {
                    _ = host.ready.discardMin()  // not a dispatch: the kind keeps its turn
                    heldInMemory -= 1
                    result.blocked.append(top.entry)  // tracked until recorded (`blockedRecorded`)
                    continue
                }
                if verdict == .allowed, host.politeness.nextStart <= now.advanced(by: lookahead) {
                    _ = host.ready.popMin()
                    heldInMemory -= 1
                    let start = max(now, host.politeness.nextStart)
                    reserve(&host, at: start)
                    result.dispatch.append(top.entry)
                    if start > now { result.startAt[top.entry.id] = start }
                    room -= 1
                }
                break
            }
            verdicts += hostVerdicts
        }
        for id in idle { settle(id, notBefore: now.advanced(by: .milliseconds(1))) }
        result.wakeAt = freeSlots > 0 ? timeline.earliest() : nil
        result.exhausted = !anyWork && inFlight == 0 && processing == 0
        return result
    }

    /// Whether any host still has work: a paused one's counts (a paused crawl is not finished),
    /// an unpaused one's only if its robots.txt is not deferred.
    private var anyWork: Bool {
        if paused.all { return !withWork.isEmpty }
        return withWork.count > deferredWork.count || paused.hosts.contains { deferredWork.contains($0) }
    }

    func isPaused(_ id: Int64) -> Bool { paused.all || paused.hosts.contains(id) }

    /// A refill of the kinds the host ran out of: its share, within what is left of the budget
    /// (at least one URL per kind).
    private func refillRequest(_ host: inout HostQueue) -> RefillRequest {
        let new = host.moreNew && host.ready.freshCount == 0
        let revisits = host.moreRevisits && host.ready.revisitCount == 0
        let kinds = (new ? 1 : 0) + (revisits ? 1 : 0)
        let left = (memoryBudget - heldInMemory - refillsPending) / max(1, kinds)
        let limit = max(1, min(hostShare, left))
        host.refilling = true
        host.refillSequence &+= 1
        if new { host.moreNew = false }
        if revisits { host.moreRevisits = false }
        let request = RefillRequest(hostID: host.id, origin: host.origin, newLimit: new ? limit : 0,
                                    revisitLimit: revisits ? limit : 0, sequence: host.refillSequence)
        refillsPending += request.newLimit + request.revisitLimit
        return request
    }

    private func reserve(_ host: inout HostQueue, at start: ContinuousClock.Instant) {
        host.inFlight += 1
        inFlight += 1
        host.politeness.started(at: start)
    }

    /// Brings a host's bookkeeping up to date after a change: the work sets and its next time
    /// in the timeline.
    func settle(_ id: Int64, now: ContinuousClock.Instant? = nil, unixNow: Double? = nil,
                notBefore: ContinuousClock.Instant? = nil) {
        guard let host = hosts[id] else {
            timeline.schedule(id, at: nil)
            withWork.remove(id)
            deferredWork.remove(id)
            return
        }
        if host.hasWork {
            withWork.insert(id)
            if host.robots.isDeferred { deferredWork.insert(id) } else { deferredWork.remove(id) }
        } else {
            withWork.remove(id)
            deferredWork.remove(id)
        }
        let next = nextLook(host, now: now ?? clock.now, unixNow: unixNow ?? Date().timeIntervalSince1970)
        timeline.schedule(id, at: next.map { max($0, notBefore ?? $0) })
    }

    /// When a poll should serve `host` next; nil when only an event (a finished fetch, a
    /// refill, robots.txt, new URLs, a resume) can give it something to do.
    private func nextLook(_ host: HostQueue, now: ContinuousClock.Instant, unixNow: Double) -> ContinuousClock.Instant? {
        guard !isPaused(host.id) else { return nil }
        var at: ContinuousClock.Instant?
        func consider(_ instant: ContinuousClock.Instant) { at = min(at ?? instant, instant) }
        if let due = host.delayed.map(\.notBefore).min() { consider(Self.instant(unix: due, now: now, unixNow: unixNow)) }
        // A refill is for a host about to dispatch (it takes a share of the budget): one parked
        // or backed off for an hour is loaded when its start comes near, not when it runs dry.
        if host.needsRefill, host.inFlight < politeness.perHost { consider(turn(host, now: now)) }
        if !host.ready.isEmpty, host.inFlight < politeness.perHost, !host.robots.isFetching {
            if host.robots.needsFetch(unixNow: unixNow) {
                consider(host.politeness.nextStart)
            } else if host.robots.state == .unreachable {
                // Unreachable robots.txt: look again at its next attempt.
                if host.robots.until.isFinite { consider(Self.instant(unix: host.robots.until, now: now, unixNow: unixNow)) }
            } else {
                consider(turn(host, now: now))
            }
        }
        return at
    }

    /// When the host's next URL may be handed out: `lookahead` before its start; a host whose
    /// start has passed keeps that start as its key (no earlier than now), so hosts due together
    /// are served in the order they became ready: round-robin when there is no delay.
    private func turn(_ host: HostQueue, now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        let early = host.politeness.nextStart.advanced(by: .zero - lookahead)
        return early > now ? early : min(host.politeness.nextStart, now)
    }

    /// Whether the host could dispatch within `lookahead` (a free host slot, its start near):
    /// only then is it refilled.
    private func mayDispatchSoon(_ host: HostQueue, now: ContinuousClock.Instant) -> Bool {
        host.inFlight < politeness.perHost && host.politeness.nextStart <= now.advanced(by: lookahead)
    }

    /// The instant of unix time `unix`, a millisecond late rather than early: when the host is
    /// served, the time has come by the unix clock too (else it would be due again at once).
    private static func instant(unix: Double, now: ContinuousClock.Instant, unixNow: Double) -> ContinuousClock.Instant {
        guard unix > unixNow else { return now }
        return now.advanced(by: .seconds(min(unix - unixNow, 3.2e9)) + .milliseconds(1))
    }

    /// Marks a fetch's transfer finished, before its page is processed and archived: frees the
    /// host's and the global slot and feeds what the host's answer said (`signal`, nil for a
    /// cancelled fetch) to its politeness, so the host's delay runs from the end of the transfer
    /// rather than from the end of the archive commit. `endedAt` is when the transfer ended, if
    /// the fetcher knows (earlier than now by the hop to this actor); never later than now.
    /// `complete` follows once it is recorded.
    @discardableResult
    func fetchFinished(_ entry: FrontierEntry, signal: HostPoliteness.Signal?,
                       endedAt: ContinuousClock.Instant? = nil) -> HostReport? {
        inFlight -= 1
        processing += 1
        defer { self.signal() }
        guard var host = hosts.removeValue(forKey: entry.hostID) else { return nil }
        host.inFlight -= 1
        let now = min(endedAt ?? clock.now, clock.now)
        let decision = signal.map { host.politeness.finished($0, at: now) } ?? .proceed
        hosts[entry.hostID] = host
        settle(entry.hostID)
        return HostReport(
            origin: host.origin,
            snapshot: host.snapshot(now: clock.now, unixNow: Date().timeIntervalSince1970, includeRobots: false),
            decision: decision)
    }

    /// Marks a fetched page processed: its CPU work is done and it waits only for the WARC write
    /// and the store's commit, so it no longer holds one of the slots of pages to process.
    func processed(_ entry: FrontierEntry) {
        awaitingCommit.insert(entry.id)
        signal()
    }

    /// Marks a fetched URL recorded: schedules its retry (if any) and adds the URLs it discovered.
    func complete(_ entry: FrontierEntry, retry: FrontierEntry? = nil, added: [FrontierEntry] = []) {
        processing -= 1
        awaitingCommit.remove(entry.id)
        if var host = hosts.removeValue(forKey: entry.hostID) {
            if let retry { host.delayed.append(retry) } else { host.tracked.remove(entry.id) }
            host.rearm()
            hosts[entry.hostID] = host
            settle(entry.hostID)
        }
        add(added)
    }

    /// Marks URLs a poll returned as blocked recorded so. Until then their rows are still queued
    /// in the store, so the host keeps them tracked: a refill meanwhile must not serve them again.
    func blockedRecorded(_ entries: [FrontierEntry]) {
        for entry in entries {
            guard var host = hosts.removeValue(forKey: entry.hostID) else { continue }
            host.tracked.remove(entry.id)
            host.rearm()
            hosts[entry.hostID] = host
            settle(entry.hostID)
        }
        signal()
    }

    /// Receives the outcome of a robots.txt fetch the last poll asked for; `endedAt` as in
    /// ``fetchFinished(_:signal:endedAt:)`` (robots.txt is archived before this is called).
    @discardableResult
    func robotsFetched(hostID: Int64, _ outcome: HostRobots.FetchOutcome, signal: HostPoliteness.Signal?,
                       endedAt: ContinuousClock.Instant? = nil) -> HostReport? {
        inFlight -= 1
        defer { self.signal() }
        guard var host = hosts.removeValue(forKey: hostID) else { return nil }
        host.inFlight -= 1
        let now = clock.now
        let unixNow = Date().timeIntervalSince1970
        host.robots.fetched(outcome, unixNow: unixNow)
        if host.robots.state == .fetched || host.robots.state == .stale {
            host.politeness.crawlDelay = host.robots.crawlDelay(userAgent: userAgent)
        }
        let ended = min(endedAt ?? now, now)
        let decision = signal.map { host.politeness.finished($0, at: ended) } ?? .proceed
        hosts[hostID] = host
        settle(hostID)
        return HostReport(
            origin: host.origin, snapshot: host.snapshot(now: now, unixNow: unixNow, includeRobots: true),
            decision: decision)
    }

    /// Forgets a host's queued and delayed URLs (`trawl drop`; the store marked them dropped).
    /// In-flight ones finish and are recorded as usual; a refill under way is ignored.
    func drop(hostID: Int64) {
        guard var host = hosts.removeValue(forKey: hostID) else { return }
        for item in host.ready.unordered { host.tracked.remove(item.entry.id) }
        for entry in host.delayed { host.tracked.remove(entry.id) }
        heldInMemory -= host.ready.count
        host.ready = .init()
        host.delayed = []
        host.moreNew = false
        host.moreRevisits = false
        host.stalledNew = false
        host.stalledRevisits = false
        host.refilling = false
        hosts[hostID] = host
        settle(hostID)
        signal()
    }

    /// Waits until something changes (an add, a completion, `signal()`) or `deadline` passes.
    func waitForChange(until deadline: ContinuousClock.Instant?) async {
        guard !changedSincePoll else { return }
        await withCheckedContinuation { continuation in
            waiters.append(continuation)
            if let deadline {
                Task { [weak self] in
                    try? await Task.sleep(until: deadline, clock: .continuous)
                    await self?.signal()
                }
            }
        }
    }

    /// Wakes every waiter (they re-poll; spurious wake-ups are harmless).
    func signal() {
        changedSincePoll = true
        let current = waiters
        waiters.removeAll()
        for waiter in current { waiter.resume() }
    }
}
