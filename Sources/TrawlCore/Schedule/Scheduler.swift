import Foundation

/// Decides which URL is fetched next, under per-host politeness.
///
/// Owns the in-memory head of the frontier per host. Guarantees: at most `perHost` transfers to one
/// host and `transfers` in total; two request starts to one host at least `delay` apart, and a start
/// at least `delay` after the previous request to that host completed; hosts served round-robin;
/// breadth-first within a host. It never awaits, so its state can't change under a decision.
actor Scheduler {
    /// What the crawl loop should do next.
    struct Poll: Sendable {
        /// URLs to fetch now (their host slots are already reserved).
        var dispatch: [FrontierEntry] = []
        /// Hosts whose in-memory queue ran dry while the store holds more: load them.
        var refill: [(id: Int64, origin: String)] = []
        /// When something becomes ready without any event (a delay expiring), if ever.
        var wakeAt: ContinuousClock.Instant?
        /// Nothing queued anywhere and nothing in flight.
        var exhausted = false
    }

    private var politeness: Politeness
    private let clock = ContinuousClock()
    private var hosts: [Int64: HostQueue] = [:]
    /// Host ids in round-robin order; `cursor` is where the next pass starts.
    private var order: [Int64] = []
    private var cursor = 0
    private var inFlight = 0
    /// In-memory ready URLs kept per host; more stay in the store until needed.
    let memoryLimitPerHost: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(politeness: Politeness, memoryLimitPerHost: Int = 2_000) {
        self.politeness = politeness
        self.memoryLimitPerHost = memoryLimitPerHost
    }

    /// Changes the limits for the next decisions.
    func update(_ politeness: Politeness) {
        self.politeness = politeness
        signal()
    }

    var transfersInFlight: Int { inFlight }

    /// Adds frontier entries (new discoveries, seeds, or a refill from the store); entries the
    /// scheduler already holds (queued, delayed or in flight) are ignored.
    func add(_ entries: [FrontierEntry]) {
        let unixNow = Date().timeIntervalSince1970
        for entry in entries {
            var host = hosts[entry.hostID] ?? newHost(id: entry.hostID, origin: entry.origin)
            if host.tracked.contains(entry.id) { continue }
            if entry.notBefore > unixNow {
                host.delayed.append(entry)
                host.tracked.insert(entry.id)
            } else if host.ready.count < memoryLimitPerHost {
                host.ready.insert(HostQueue.Item(entry: entry))
                host.tracked.insert(entry.id)
            } else {
                host.mayHaveMore = true
            }
            hosts[entry.hostID] = host
        }
        signal()
    }

    /// Registers a host whose queued URLs are all in the store (start-up), to be loaded on demand.
    func addStoredHost(id: Int64, origin: String) {
        var host = hosts[id] ?? newHost(id: id, origin: origin)
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
        return HostQueue(id: id, origin: origin, nextStart: clock.now)
    }

    /// Decides what to do now and reserves the slots of the URLs it hands out.
    func poll() -> Poll {
        var result = Poll()
        let now = clock.now
        let unixNow = Date().timeIntervalSince1970
        var anyWork = false
        let count = order.count
        var visited = 0
        var nextCursor = cursor
        while visited < count {
            let index = (cursor + visited) % count
            visited += 1
            let id = order[index]
            guard var host = hosts[id] else { continue }
            host.promoteDue(unixNow: unixNow)
            if host.hasWork { anyWork = true }
            if host.ready.isEmpty, host.mayHaveMore, !host.refilling {
                host.refilling = true
                host.mayHaveMore = false
                result.refill.append((id, host.origin))
            }
            if !host.ready.isEmpty, host.inFlight < politeness.perHost {
                if host.nextStart <= now, inFlight < politeness.transfers, let item = host.ready.popMin() {
                    host.inFlight += 1
                    inFlight += 1
                    host.nextStart = now.advanced(by: politeness.delay)
                    result.dispatch.append(item.entry)
                    nextCursor = index + 1
                } else if host.nextStart > now {
                    result.wakeAt = min(result.wakeAt ?? host.nextStart, host.nextStart)
                }
            }
            if let due = host.delayed.map(\.notBefore).min() {
                let instant = now.advanced(by: .seconds(max(0, due - unixNow)))
                result.wakeAt = min(result.wakeAt ?? instant, instant)
            }
            hosts[id] = host
        }
        cursor = count == 0 ? 0 : nextCursor % count
        result.exhausted = !anyWork && inFlight == 0
        return result
    }

    /// Marks a fetch finished: frees its slot and starts the host's delay from now.
    func complete(_ entry: FrontierEntry, retry: FrontierEntry? = nil, added: [FrontierEntry] = []) {
        if var host = hosts[entry.hostID] {
            host.inFlight -= 1
            host.nextStart = max(host.nextStart, clock.now.advanced(by: politeness.delay))
            if let retry { host.delayed.append(retry) } else { host.tracked.remove(entry.id) }
            hosts[entry.hostID] = host
        }
        inFlight -= 1
        add(added)
    }

    /// Waits until something changes (an add, a completion, `signal()`) or `deadline` passes.
    func waitForChange(until deadline: ContinuousClock.Instant?) async {
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
        let current = waiters
        waiters.removeAll()
        for waiter in current { waiter.resume() }
    }
}

extension Scheduler {
    /// Waits until no transfer is in flight.
    func waitUntilIdle() async {
        while transfersInFlight > 0 {
            await waitForChange(until: nil)
        }
    }
}
