import Foundation
import Testing
@testable import TrawlCore

/// Refills against a real store when rows at the head of a host's index are not ready to be
/// served: pending retries (state 0 with a future `next_attempt_at`) the scheduler already
/// holds, or persisted from an earlier run.
@Suite("Scheduler refill")
struct SchedulerRefillTests {
    private static let origin = "https://retries.example"
    private static let share = 4

    /// One host with `count` queued URLs, ids in the index's order.
    private static func storeWithHost(_ harness: CrawlHarness, count: Int) async throws -> (CrawlStore, [FrontierEntry]) {
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let added = try await store.insert(
            (0..<count).map { Discovery(url: "\(origin)/p\($0)", origin: origin, depth: 1) }, from: nil)
        return (store, added)
    }

    private static func scheduler() -> Scheduler {
        Scheduler(politeness: Politeness(delay: .zero, perHost: share, transfers: 2 * share, robots: RobotsPolicy(mode: .ignore)),
                  memoryLimitPerHost: share)
    }

    /// Records `entry` as the crawler does: a retry at `retryAt` (state 0 again), else done.
    private static func finish(_ entry: FrontierEntry, retryAt: Double?, store: CrawlStore, scheduler: Scheduler) async throws {
        await scheduler.fetchFinished(entry, signal: .answered(duration: .zero))
        var retry: FrontierEntry?
        if let retryAt {
            retry = entry
            retry?.notBefore = retryAt
        }
        _ = try await store.record(PageOutcome(
            entry: entry, disposition: retryAt.map { .retry(at: $0) } ?? .done, capture: nil, content: nil, discoveries: []))
        await scheduler.complete(entry, retry: retry)
    }

    /// The crawl loop's steps (poll, refill, mark in flight, finish) until `until` holds or
    /// `maxPolls` polls have run; returns the polls and refills it took. Like the loop, it
    /// waits (briefly) only after a poll with no action.
    private static func run(store: CrawlStore, scheduler: Scheduler, retryAt: Double, retried: Set<Int64>,
                            served: inout [Int64], maxPolls: Int = 300, until: ([Int64]) -> Bool) async throws -> (polls: Int, refills: Int) {
        var polls = 0, refills = 0
        while polls < maxPolls, !until(served) {
            let poll = await scheduler.poll()
            polls += 1
            refills += poll.refill.count
            try await Scheduler.refill(poll.refill, store: store, scheduler: scheduler)
            if !poll.dispatch.isEmpty { try await store.markInFlight(poll.dispatch.map(\.id)) }
            for entry in poll.dispatch {
                served.append(entry.id)
                try await finish(entry, retryAt: retried.contains(entry.id) ? retryAt : nil, store: store, scheduler: scheduler)
            }
            if !poll.hasActions { await scheduler.waitForChange(until: .now.advanced(by: .milliseconds(20))) }
        }
        return (polls, refills)
    }

    @Test("Pending retries at the head of a host's index (as many as its share): a refill skips them, later URLs are served while they wait, and the loop then sleeps (no refill query per pass)")
    func pendingRetriesDoNotSpinRefills() async throws {
        let harness = try CrawlHarness()
        let (store, added) = try await Self.storeWithHost(harness, count: 10)
        let scheduler = Self.scheduler()
        await scheduler.addStoredHost(id: added[0].hostID, origin: Self.origin)
        let retried = Set(added.prefix(Self.share).map(\.id))
        let later = Set(added.dropFirst(Self.share).map(\.id))
        let retryAt = Date().timeIntervalSince1970 + 600
        var served: [Int64] = []
        let run = try await Self.run(store: store, scheduler: scheduler, retryAt: retryAt, retried: retried, served: &served) {
            later.isSubset(of: $0)
        }
        #expect(later.isSubset(of: Set(served)), "later URLs never served while the retries wait (\(run.polls) polls, \(run.refills) refills): \(served)")
        #expect(Set(served.prefix(Self.share)) == retried, "the head URLs went first: \(served)")
        #expect(run.refills <= 6, "\(run.refills) refill queries in \(run.polls) polls")
        let idle = await scheduler.poll()
        #expect(!idle.hasActions, "a poll with only retries waiting still acts: \(idle.refill)")
        let wake = try #require(idle.wakeAt, "the retries' time is never looked at")
        #expect(wake > .now.advanced(by: .seconds(300)), "wakes before the retries are due")
        let delayed = await scheduler.hosts[added[0].hostID]?.delayed.map(\.id) ?? []
        #expect(Set(delayed) == retried)
        await store.close()
    }

    @Test("Retries persisted by an earlier run (as many as the share, first in the index): a new run holds them for their time and serves the later URLs")
    func persistedRetriesAtStartUp() async throws {
        let harness = try CrawlHarness()
        let (store, added) = try await Self.storeWithHost(harness, count: 10)
        let retryAt = Date().timeIntervalSince1970 + 600
        let retried = Set(added.prefix(Self.share).map(\.id))
        try await store.markInFlight(Array(retried))
        for entry in added.prefix(Self.share) {
            _ = try await store.record(PageOutcome(
                entry: entry, disposition: .retry(at: retryAt), capture: nil, content: nil, discoveries: []))
        }
        let scheduler = Self.scheduler()  // a new run
        await scheduler.addStoredHost(id: added[0].hostID, origin: Self.origin)
        let later = Set(added.dropFirst(Self.share).map(\.id))
        var served: [Int64] = []
        let run = try await Self.run(store: store, scheduler: scheduler, retryAt: retryAt, retried: [], served: &served) {
            later.isSubset(of: $0)
        }
        #expect(Set(served) == later, "served \(served) (\(run.polls) polls, \(run.refills) refills)")
        #expect(run.refills <= 6, "\(run.refills) refill queries in \(run.polls) polls")
        let delayed = await scheduler.hosts[added[0].hostID]?.delayed.map(\.id) ?? []
        #expect(Set(delayed) == retried, "the persisted retries are not held for their time: \(delayed)")
        let idle = await scheduler.poll()
        #expect(!idle.hasActions && (idle.wakeAt ?? .now) > .now.advanced(by: .seconds(300)))
        await store.close()
    }

    @Test("URLs robots.txt just blocked are not served again by a refill before their blocked state is recorded")
    func blockedURLsNotReservedBeforeRecorded() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let paths = (0..<6).map { "/private/\($0)" } + ["/ok0", "/ok1"]
        let added = try await store.insert(paths.map { Discovery(url: Self.origin + $0, origin: Self.origin, depth: 1) }, from: nil)
        let hostID = added[0].hostID
        let scheduler = Scheduler(politeness: Politeness(delay: .zero, perHost: 1, transfers: 8), memoryLimitPerHost: Self.share)
        await scheduler.addStoredHost(id: hostID, origin: Self.origin)
        var blocked: [Int64] = [], dispatched: [Int64] = []
        var unrecorded: [FrontierEntry] = []
        for pass in 0..<200 where dispatched.count < 2 {
            let poll = await scheduler.poll()
            blocked += poll.blocked.map(\.id)
            unrecorded += poll.blocked
            for _ in poll.robots {
                await scheduler.robotsFetched(hostID: hostID, .body(Array("User-agent: *\nDisallow: /private\n".utf8)), signal: nil)
            }
            try await Scheduler.refill(poll.refill, store: store, scheduler: scheduler)
            if !poll.dispatch.isEmpty { try await store.markInFlight(poll.dispatch.map(\.id)) }
            for entry in poll.dispatch {
                dispatched.append(entry.id)
                try await Self.finish(entry, retryAt: nil, store: store, scheduler: scheduler)
            }
            if pass % 4 == 3, !unrecorded.isEmpty {  // the store commits blocked outcomes a while later
                for entry in unrecorded {
                    _ = try await store.record(PageOutcome(
                        entry: entry, disposition: .blocked(reason: "disallowed by robots.txt"), capture: nil, content: nil,
                        discoveries: []))
                }
                await scheduler.blockedRecorded(unrecorded)
                unrecorded = []
            }
        }
        #expect(blocked.count == Set(blocked).count, "a blocked URL was served again before it was recorded: \(blocked)")
        #expect(Set(blocked) == Set(added.prefix(6).map(\.id)))
        #expect(Set(dispatched) == Set(added.suffix(2).map(\.id)), "\(dispatched)")
        await store.close()
    }

    @Test("A refill started before a drop is not taken for the one started after it: the dropped rows never come back")
    func staleRefillIgnoredAfterDrop() async throws {
        let scheduler = Self.scheduler()
        func entries(_ ids: ClosedRange<Int64>) -> [FrontierEntry] {
            ids.map { FrontierEntry(id: $0, url: "\(Self.origin)/\($0)", hostID: 1, origin: Self.origin, depth: 1,
                                    redirects: 0, attempts: 0, notBefore: 0) }
        }
        await scheduler.addStoredHost(id: 1, origin: Self.origin)
        let first = try #require(await scheduler.poll().refill.first)
        await scheduler.drop(hostID: 1)
        await scheduler.addStoredHost(id: 1, origin: Self.origin)  // queued again (e.g. new seeds)
        let second = try #require(await scheduler.poll().refill.first, "no refill after the drop")
        await scheduler.refilled([(first, entries(1...4))])  // the dropped rows, read before the drop
        await scheduler.refilled([(second, entries(11...14))])
        var dispatched: [Int64] = []
        for _ in 0..<20 {
            let poll = await scheduler.poll()
            for entry in poll.dispatch {
                dispatched.append(entry.id)
                await scheduler.fetchFinished(entry, signal: nil)
                await scheduler.complete(entry)
            }
        }
        #expect(Set(dispatched) == Set(11...14), "\(dispatched)")
        #expect(await scheduler.heldInMemory == 0)
    }
}
