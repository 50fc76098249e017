import Foundation
import Testing
@testable import TrawlCore

/// The scheduler at frontier scale: a timeline of hosts keyed by when they can next act (a poll
/// serves only those), a global in-memory budget with refills for hosts about to dispatch, and
/// URLs handed out shortly before a host's slot with its exact start time.
@Suite("Scheduler scale")
struct SchedulerScaleTests {
    private static let ignoreRobots = RobotsPolicy(mode: .ignore)

    private static func entry(_ id: Int64, host: Int64, depth: Int = 1, revisit: Bool = false) -> FrontierEntry {
        FrontierEntry(id: id, url: "https://h\(host).example/\(id)", hostID: host, origin: "https://h\(host).example",
                      depth: depth, redirects: 0, attempts: 0, notBefore: 0, isRevisit: revisit)
    }

    @Test("HostTimeline: earliest first; same instant in scheduling order; a reschedule replaces the slot; unscheduled hosts never come out")
    func timelineOrder() {
        let now = ContinuousClock.now
        var timeline = HostTimeline()
        timeline.schedule(1, at: now.advanced(by: .milliseconds(30)))
        timeline.schedule(2, at: now)
        timeline.schedule(3, at: now)
        timeline.schedule(4, at: now.advanced(by: .milliseconds(10)))
        timeline.schedule(5, at: now)
        timeline.schedule(5, at: nil)  // unscheduled
        timeline.schedule(1, at: now.advanced(by: .milliseconds(5)))  // moved earlier: the old slot is stale
        timeline.schedule(2, at: now)  // same time: keeps its place ahead of 3
        #expect(timeline.count == 4)
        #expect(timeline.earliest() == now)
        var order: [Int64] = []
        while let id = timeline.popDue(at: now.advanced(by: .milliseconds(20))) { order.append(id) }
        #expect(order == [2, 3, 1, 4], "\(order)")
        #expect(timeline.popDue(at: now.advanced(by: .seconds(1))) == nil, "host 1's stale slot at +30 ms came out")
        #expect(timeline.earliest() == nil && timeline.count == 0)
    }

    @Test("No delay: hosts are served round-robin, none twice before every other ready host once")
    func roundRobin() async {
        let scheduler = Scheduler(politeness: Politeness(delay: .zero, perHost: 1, transfers: 1, robots: Self.ignoreRobots))
        await scheduler.add((1...3).flatMap { host in (1...4).map { Self.entry(host * 100 + Int64($0), host: host) } })
        var hosts: [Int64] = []
        for _ in 0..<50 where hosts.count < 12 {
            let poll = await scheduler.poll()
            for dispatched in poll.dispatch {
                hosts.append(dispatched.hostID)
                await scheduler.fetchFinished(dispatched, signal: .answered(duration: .zero))
                await scheduler.complete(dispatched)
            }
        }
        #expect(hosts.count == 12)
        for start in stride(from: 0, to: hosts.count - 2, by: 1) {
            #expect(Set(hosts[start..<start + 3]).count == 3, "a host served twice in a row of three: \(hosts)")
        }
        #expect(await scheduler.poll().exhausted)
    }

    @Test("Delay: a host is handed out at its next start minus the lookahead, with startAt = that exact start; wakeAt says when")
    func lookaheadStartsAtTheSlot() async throws {
        let delay = Duration.milliseconds(300)
        let lookahead = Duration.milliseconds(25)
        let scheduler = Scheduler(
            politeness: Politeness(delay: delay, perHost: 1, transfers: 8, maxDelay: delay, delayFactor: 0,
                                   robots: Self.ignoreRobots),
            lookahead: lookahead)
        await scheduler.add([Self.entry(1, host: 1), Self.entry(2, host: 1), Self.entry(3, host: 2), Self.entry(4, host: 2)])
        let first = await scheduler.poll()
        #expect(Set(first.dispatch.map(\.id)) == [1, 3], "\(first.dispatch.map(\.id))")
        var ended: [Int64: ContinuousClock.Instant] = [:]
        for dispatched in first.dispatch {
            let end = ContinuousClock.now
            ended[dispatched.hostID] = end
            await scheduler.fetchFinished(dispatched, signal: .answered(duration: .zero), endedAt: end)
            await scheduler.complete(dispatched)
        }
        // From here every poll is checked against lower bounds only, so a stalled test thread
        // cannot fail it: a URL is handed out no earlier than `lookahead` before its host's
        // start, with a start no earlier than the delay after the previous request ended, and
        // a poll that hands out nothing wakes no earlier than the first such moment.
        let earliestEnd = try #require(ended.values.min())
        var second: [FrontierEntry] = []
        var starts: [Int64: ContinuousClock.Instant] = [:]
        while second.count < 2 {
            let poll = await scheduler.poll()
            let polledAt = ContinuousClock.now
            for dispatched in poll.dispatch {
                let end = try #require(ended[dispatched.hostID])
                #expect(polledAt >= end.advanced(by: delay - lookahead), "handed out before the lookahead window")
                starts[dispatched.id] = poll.startAt[dispatched.id] ?? polledAt
            }
            second += poll.dispatch
            if poll.dispatch.isEmpty, second.isEmpty {
                let wake = try #require(poll.wakeAt, "the hosts' starts are never looked at")
                #expect(wake >= earliestEnd.advanced(by: delay - lookahead), "wakes too early")
            }
            await scheduler.waitForChange(until: ContinuousClock.now.advanced(by: .milliseconds(20)))
        }
        #expect(Set(second.map(\.id)) == [2, 4])
        for dispatched in second {
            let start = try #require(starts[dispatched.id])
            let end = try #require(ended[dispatched.hostID])
            #expect(start >= end.advanced(by: delay), "starts \(end.duration(to: start)) after the previous request ended")
        }
    }

    @Test("Global budget: held URLs stay within the budget (a host about to dispatch gets one over it), every stored URL goes out once, every host is served in the first rounds")
    func budgetWithoutStarvation() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let hostCount = 20, perHostURLs = 30, budget = 40, transfers = 8
        var origins: [Int64: String] = [:]
        for host in 0..<hostCount {
            let origin = "https://h\(host).example"
            let added = try await store.insert(
                (0..<perHostURLs).map { Discovery(url: "\(origin)/p\($0)", origin: origin, depth: 1) }, from: nil)
            origins[added[0].hostID] = origin
        }
        let scheduler = Scheduler(
            politeness: Politeness(delay: .zero, perHost: 2, transfers: transfers, robots: Self.ignoreRobots),
            memoryBudget: budget)
        for (id, origin) in origins { await scheduler.addStoredHost(id: id, origin: origin) }
        var dispatched: [FrontierEntry] = []
        var maxHeld = 0
        for _ in 0..<10_000 {
            let poll = await scheduler.poll()
            try await Scheduler.refill(poll.refill, store: store, scheduler: scheduler)
            maxHeld = max(maxHeld, await scheduler.heldInMemory)
            if !poll.dispatch.isEmpty { try await store.markInFlight(poll.dispatch.map(\.id)) }
            for entry in poll.dispatch {
                await scheduler.fetchFinished(entry, signal: .answered(duration: .zero))
                await scheduler.complete(entry)
            }
            dispatched += poll.dispatch
            if poll.exhausted { break }
        }
        await store.close()
        #expect(dispatched.count == hostCount * perHostURLs)
        #expect(Set(dispatched.map(\.id)).count == dispatched.count, "a URL went out twice")
        #expect(maxHeld <= budget + transfers, "held \(maxHeld) for a budget of \(budget)")
        let early = Set(dispatched.prefix(2 * hostCount).map(\.hostID))
        #expect(early == Set(origins.keys), "hosts not served in the first \(2 * hostCount) dispatches: \(Set(origins.keys).subtracting(early))")
    }

    @Test("A host whose new URLs never run out still gets its revisits refilled (each kind refills on its own)")
    func revisitRefillNotStarvedByNewURLs() async throws {
        let scheduler = Scheduler(
            politeness: Politeness(delay: .zero, perHost: 1, transfers: 4, robots: Self.ignoreRobots),
            memoryLimitPerHost: 2)
        // Five revisits due: two fit in memory, three stay in the store.
        await scheduler.add((1...5).map { Self.entry(Int64($0), host: 1, revisit: true) })
        var nextNew: Int64 = 100
        var revisitRefill: RefillRequest?
        for _ in 0..<20 where revisitRefill == nil {
            await scheduler.add([Self.entry(nextNew, host: 1), Self.entry(nextNew + 1, host: 1)])  // new URLs keep coming
            nextNew += 2
            let poll = await scheduler.poll()
            revisitRefill = poll.refill.first { $0.revisitLimit > 0 }
            for dispatched in poll.dispatch {
                await scheduler.fetchFinished(dispatched, signal: .answered(duration: .zero))
                await scheduler.complete(dispatched)
            }
        }
        let request = try #require(revisitRefill, "the revisits left in the store were never asked for")
        #expect(request.newLimit == 0, "new URLs were in memory: only revisits are needed")
    }

    @Test("A retry due within the next millisecond: the poll returns (no spin on a not-yet-due host) and a later poll hands it out")
    func retryDueSoonDoesNotSpin() async throws {
        let scheduler = Scheduler(politeness: Politeness(delay: .zero, perHost: 1, transfers: 4, robots: Self.ignoreRobots))
        var retry = Self.entry(1, host: 1)
        let (unixNow, now) = (Date().timeIntervalSince1970, ContinuousClock.now)
        retry.notBefore = unixNow + 0.000_5
        let due = now.advanced(by: .microseconds(500))  // the retry's time on the scheduler's clock
        await scheduler.add([retry])
        var handedOut: [Int64] = []
        var polls = 0
        while handedOut.isEmpty, polls < 1_000 {
            let poll = await scheduler.poll()
            polls += 1
            handedOut += poll.dispatch.map(\.id)
            if poll.dispatch.isEmpty {
                // Not handed out, so polled before it was due: a spinning scheduler asks to be
                // polled again at once (at that poll's now, before `due`); this one at its time.
                let wake = try #require(poll.wakeAt, "the retry's time is never looked at")
                #expect(wake >= due, "poll \(polls) asks to be polled again \(wake.duration(to: due)) before the retry is due")
                await scheduler.waitForChange(until: wake)
            }
        }
        #expect(handedOut == [1])
        #expect(polls <= 5, "\(polls) polls to hand out one retry")
    }

    @Test("ReadyQueue: discarding a blocked entry keeps its kind's turn; popping one passes it")
    func discardKeepsTurn() {
        func item(_ id: Int64, revisit: Bool) -> HostQueue.Item {
            HostQueue.Item(entry: Self.entry(id, host: 1, revisit: revisit))
        }
        var queue = ReadyQueue()
        queue.insert(item(1, revisit: false))
        queue.insert(item(2, revisit: false))
        queue.insert(item(10, revisit: true))
        #expect(queue.discardMin()?.entry.id == 1, "new URLs' turn first")
        #expect(queue.popMin()?.entry.id == 2, "the blocked new URL cost its kind the turn")
        #expect(queue.popMin()?.entry.id == 10)
        #expect(queue.isEmpty)
    }

    @Test("A host that runs dry while its next start is far off is not refilled until that start comes near (it would hold its share for nothing)")
    func noRefillBeforeTheHostsStart() async throws {
        let delay = Duration.seconds(600)
        let lookahead = Duration.milliseconds(50)
        let scheduler = Scheduler(
            politeness: Politeness(delay: delay, perHost: 1, transfers: 8, maxDelay: delay, delayFactor: 0, robots: Self.ignoreRobots),
            memoryLimitPerHost: 1, lookahead: lookahead)
        await scheduler.add([Self.entry(1, host: 1), Self.entry(2, host: 1)])  // 2 stays in the store (limit 1)
        let first = await scheduler.poll()
        #expect(first.dispatch.map(\.id) == [1] && first.refill.isEmpty)
        let end = ContinuousClock.now
        await scheduler.fetchFinished(first.dispatch[0], signal: .answered(duration: .zero), endedAt: end)
        await scheduler.complete(first.dispatch[0])
        let dry = await scheduler.poll()
        #expect(dry.refill.isEmpty, "refilled ten minutes before the host may start")
        let wake = try #require(dry.wakeAt, "the host's start is never looked at")
        #expect(wake >= end.advanced(by: delay - lookahead))
    }
}
