import Foundation
import TrawlURL

/// Decides which URL is fetched next, under per-host politeness and robots.txt.
///
/// Owns the in-memory head of the frontier per host. Guarantees: at most `perHost` transfers to one
/// host and `transfers` in total; robots.txt fetched before anything else on a host (when obeyed)
/// and its disallowed URLs never handed out; request starts to one host spaced by the host's
/// ``HostPoliteness`` (delay, Crawl-delay, adaptive, back-off, Retry-After, parking), counting
/// robots.txt fetches; hosts served round-robin; breadth-first within a host. It never awaits,
/// so its state can't change under a decision.
actor Scheduler {
    /// What the crawl loop should do next.
    struct Poll: Sendable {
        /// URLs to fetch now (their host slots are already reserved).
        var dispatch: [FrontierEntry] = []
        /// Hosts whose robots.txt must be fetched now (slots reserved); report with `robotsFetched`.
        var robots: [(id: Int64, origin: String)] = []
        /// URLs robots.txt disallows: record them as blocked, never fetch them.
        var blocked: [FrontierEntry] = []
        /// Hosts whose in-memory queue ran dry while the store holds more: load them.
        var refill: [(id: Int64, origin: String)] = []
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

    private var politeness: Politeness
    private let userAgent: String
    private let retry: RetryPolicy
    private let clock = ContinuousClock()
    private var hosts: [Int64: HostQueue] = [:]
    /// State of earlier runs, applied when the host becomes active.
    private var saved: [Int64: HostSnapshot] = [:]
    /// Host ids in round-robin order; `cursor` is where the next pass starts.
    private var order: [Int64] = []
    private var cursor = 0
    private var inFlight = 0
    /// Fetched URLs whose outcome is not recorded yet (their discoveries may still come).
    private var processing = 0
    /// In-memory ready URLs kept per host; more stay in the store until needed.
    let memoryLimitPerHost: Int
    /// Robots verdicts per host per poll before the host yields (a long disallowed run).
    private let blockedPerPoll = 512
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// Something changed since the last `poll()`: a waiter must not sleep (the change happened
    /// between the poll and the wait, when nobody was waiting to be woken).
    private var changedSincePoll = false
    /// Pauses from `trawl pause` (whole crawl, or hosts): nothing new is dispatched to them;
    /// their queues stay, and in-flight fetches finish.
    private var paused = PausedState()

    init(politeness: Politeness, userAgent: String = "TrawlBot", retry: RetryPolicy = RetryPolicy(),
         memoryLimitPerHost: Int = 2_000) {
        self.politeness = politeness
        self.userAgent = userAgent
        self.retry = retry
        self.memoryLimitPerHost = memoryLimitPerHost
    }

    var transfersInFlight: Int { inFlight }

    /// Whether another fetch may start: fewer than `transfers` in flight, and the pages fetched
    /// but not yet processed and archived stay under `transfers` too. Host slots are freed when a
    /// transfer ends (politeness), so this second bound is the crawl's backpressure: without it
    /// fast fetching outruns parsing and archiving and memory grows with the backlog.
    private var hasGlobalCapacity: Bool {
        inFlight < politeness.transfers && processing < politeness.transfers
    }

    /// Changes the limits for the next decisions (a reloaded config); a changed robots policy
    /// applies to each host from its current robots state.
    func update(_ politeness: Politeness) {
        let robotsChanged = politeness.robots != self.politeness.robots
        self.politeness = politeness
        let unixNow = Date().timeIntervalSince1970
        for (id, var host) in hosts {
            host.politeness.settings = politeness
            if robotsChanged, !host.robots.isFetching {
                let saved = host.robots.state == .ignored ? nil : host.robots.saved
                host.robots = HostRobots(policy: politeness.robots, retry: retry, saved: saved, unixNow: unixNow)
                host.politeness.crawlDelay = host.robots.crawlDelay(userAgent: userAgent)
            }
            hosts[id] = host
        }
        signal()
    }

    /// Remembers hosts' state from earlier runs (robots cache, holds), used when they become active.
    func restore(_ snapshots: [HostSnapshot]) {
        for snapshot in snapshots where hosts[snapshot.hostID] == nil { saved[snapshot.hostID] = snapshot }
    }

    /// Adds frontier entries (new discoveries, seeds, or a refill from the store); entries the
    /// scheduler already holds (queued, delayed or in flight) are ignored.
    func add(_ entries: [FrontierEntry]) {
        let unixNow = Date().timeIntervalSince1970
        for entry in entries {
            var host = hosts.removeValue(forKey: entry.hostID) ?? newHost(id: entry.hostID, origin: entry.origin)
            defer { hosts[entry.hostID] = host }  // taken out so it mutates in place (see `poll`)
            if host.tracked.contains(entry.id) { continue }
            if entry.notBefore > unixNow {
                host.delayed.append(entry)
                host.tracked.insert(entry.id)
            } else if host.ready.count(like: entry) < memoryLimitPerHost {
                host.ready.insert(HostQueue.Item(entry: entry))
                host.tracked.insert(entry.id)
            } else {
                host.mayHaveMore = true
            }
        }
        signal()
    }

    /// Registers a host whose queued URLs are all in the store (start-up), to be loaded on demand.
    func addStoredHost(id: Int64, origin: String) {
        var host = hosts.removeValue(forKey: id) ?? newHost(id: id, origin: origin)
        host.mayHaveMore = true
        hosts[id] = host
        signal()
    }

    /// Receives the result of a refill the last poll asked for.
    func refilled(hostID: Int64, entries: [FrontierEntry]) {
        hosts[hostID]?.refilling = false
        add(entries)
        if entries.count >= memoryLimitPerHost { hosts[hostID]?.mayHaveMore = true }
    }

    private func newHost(id: Int64, origin: String) -> HostQueue {
        order.append(id)
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
    func poll() -> Poll {
        changedSincePoll = false
        var result = Poll()
        let now = clock.now
        let unixNow = Date().timeIntervalSince1970
        var anyWork = false
        let count = order.count
        var visited = 0
        var nextCursor = cursor
        func wake(_ instant: ContinuousClock.Instant) { result.wakeAt = min(result.wakeAt ?? instant, instant) }
        while visited < count {
            let index = (cursor + visited) % count
            visited += 1
            let id = order[index]
            // Taken out of the dictionary, not copied: a copy would share the host's heaps and
            // sets, and the first mutation would then copy them whole (copy-on-write), on every
            // visit of every host. Put back at the end of the iteration, whatever path it takes.
            guard var host = hosts.removeValue(forKey: id) else { continue }
            defer { hosts[id] = host }
            if paused.all || paused.hosts.contains(id) {
                if host.hasWork { anyWork = true }  // a paused crawl is not finished
                continue
            }
            host.promoteDue(unixNow: unixNow)
            if host.hasWork, !host.robots.isDeferred { anyWork = true }
            if host.ready.isEmpty, host.mayHaveMore, !host.refilling {
                host.refilling = true
                host.mayHaveMore = false
                result.refill.append((id, host.origin))
            }
            if !host.ready.isEmpty, host.inFlight < politeness.perHost {
                let mayStart = host.politeness.mayStart(at: now) && hasGlobalCapacity
                if host.robots.needsFetch(unixNow: unixNow) {
                    if mayStart {
                        host.robots.fetchStarted()
                        reserve(&host, now: now)
                        result.robots.append((id, host.origin))
                        nextCursor = index + 1
                    }
                } else {
                    var verdicts = 0
                    while let top = host.ready.min, verdicts < blockedPerPoll {
                        verdicts += 1
                        let target = CrawlURL(top.entry.url)?.pathAndQuery ?? "/"
                        let verdict = host.robots.verdict(userAgent: userAgent, pathAndQuery: target, unixNow: unixNow)
                        if verdict == .disallowed {
                            _ = host.ready.popMin()
                            host.tracked.remove(top.entry.id)
                            result.blocked.append(top.entry)
                            continue
                        }
                        if verdict == .allowed, mayStart {
                            _ = host.ready.popMin()
                            reserve(&host, now: now)
                            result.dispatch.append(top.entry)
                            nextCursor = index + 1
                        } else if verdict == .wait, !host.robots.isFetching, host.robots.until.isFinite {
                            // Unreachable robots.txt: wake for its next attempt.
                            wake(now.advanced(by: .clampedSeconds(host.robots.until - unixNow)))
                        }
                        break
                    }
                }
                if !host.politeness.mayStart(at: now) { wake(host.politeness.nextStart) }
            }
            if let due = host.delayed.map(\.notBefore).min() {
                wake(now.advanced(by: .clampedSeconds(due - unixNow)))
            }
        }
        cursor = count == 0 ? 0 : nextCursor % count
        result.exhausted = !anyWork && inFlight == 0 && processing == 0
        return result
    }

    private func reserve(_ host: inout HostQueue, now: ContinuousClock.Instant) {
        host.inFlight += 1
        inFlight += 1
        host.politeness.started(at: now)
    }

    /// Marks a fetch's transfer finished, before its page is processed and archived: frees the
    /// host's and the global slot and feeds what the host's answer said (`signal`, nil for a
    /// cancelled fetch) to its politeness, so the host's delay runs from the end of the transfer
    /// rather than from the end of the archive commit. `complete` follows once it is recorded.
    @discardableResult
    func fetchFinished(_ entry: FrontierEntry, signal: HostPoliteness.Signal?) -> HostReport? {
        inFlight -= 1
        processing += 1
        defer { self.signal() }
        guard var host = hosts.removeValue(forKey: entry.hostID) else { return nil }
        host.inFlight -= 1
        let now = clock.now
        let decision = signal.map { host.politeness.finished($0, at: now) } ?? .proceed
        hosts[entry.hostID] = host
        return HostReport(
            origin: host.origin,
            snapshot: host.snapshot(now: now, unixNow: Date().timeIntervalSince1970, includeRobots: false),
            decision: decision)
    }

    /// Marks a fetched URL recorded: schedules its retry (if any) and adds the URLs it discovered.
    func complete(_ entry: FrontierEntry, retry: FrontierEntry? = nil, added: [FrontierEntry] = []) {
        processing -= 1
        if var host = hosts.removeValue(forKey: entry.hostID) {
            if let retry { host.delayed.append(retry) } else { host.tracked.remove(entry.id) }
            hosts[entry.hostID] = host
        }
        add(added)
    }

    /// Receives the outcome of a robots.txt fetch the last poll asked for.
    @discardableResult
    func robotsFetched(hostID: Int64, _ outcome: HostRobots.FetchOutcome, signal: HostPoliteness.Signal?) -> HostReport? {
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
        let decision = signal.map { host.politeness.finished($0, at: now) } ?? .proceed
        hosts[hostID] = host
        return HostReport(
            origin: host.origin, snapshot: host.snapshot(now: now, unixNow: unixNow, includeRobots: true),
            decision: decision)
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

extension Scheduler {
    /// Replaces the pauses in force (`trawl pause`/`resume`, and the persisted ones at start-up).
    func setPaused(_ state: PausedState) {
        paused = state
        signal()
    }

    /// Forgets a host's queued and delayed URLs (`trawl drop`; the store marked them dropped).
    /// In-flight ones finish and are recorded as usual.
    func drop(hostID: Int64) {
        guard var host = hosts.removeValue(forKey: hostID) else { return }
        for item in host.ready.unordered { host.tracked.remove(item.entry.id) }
        for entry in host.delayed { host.tracked.remove(entry.id) }
        host.ready = .init()
        host.delayed = []
        host.mayHaveMore = false
        hosts[hostID] = host
        signal()
    }

    /// Waits until no transfer is in flight and every fetched page is recorded.
    func waitUntilIdle() async {
        while transfersInFlight > 0 || processing > 0 {
            changedSincePoll = false  // the condition was just checked on this actor
            await waitForChange(until: nil)
        }
    }
}
