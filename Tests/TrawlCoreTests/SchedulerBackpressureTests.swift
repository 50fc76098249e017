import Foundation
import Testing
@testable import TrawlCore

/// The scheduler's backpressure: fetched pages still to be processed hold the `transfers`
/// slots, and processed pages waiting for the WARC write and the store's commit hold only a
/// larger, separate budget (``Scheduler/commitBacklogPerTransfer`` per slot).
@Suite("Scheduler backpressure")
struct SchedulerBackpressureTests {
    private static let transfers = 2

    private static func scheduler(urls: Int) async -> Scheduler {
        let scheduler = Scheduler(politeness: Politeness(
            delay: .zero, perHost: 100, transfers: transfers, robots: RobotsPolicy(mode: .ignore)))
        await scheduler.add((1...Int64(urls)).map { id in
            FrontierEntry(id: id, url: "https://a.example/\(id)", hostID: 1, origin: "https://a.example", depth: 1,
                          redirects: 0, attempts: 0, notBefore: 0)
        })
        return scheduler
    }

    /// Dispatches what the scheduler hands out now and ends each transfer.
    private static func dispatchAndFetch(_ scheduler: Scheduler) async -> [FrontierEntry] {
        let dispatched = await scheduler.poll().dispatch
        for entry in dispatched { await scheduler.fetchFinished(entry, signal: nil) }
        return dispatched
    }

    @Test("Pages fetched but not processed hold the transfer slots: nothing more is dispatched until one is processed")
    func unprocessedPagesHoldSlots() async {
        let scheduler = await Self.scheduler(urls: 10)
        let first = await Self.dispatchAndFetch(scheduler)
        #expect(first.count == Self.transfers)
        #expect(await scheduler.poll().dispatch.isEmpty, "a page waiting for the CPU must hold its slot")

        await scheduler.processed(first[0])
        let next = await scheduler.poll().dispatch
        #expect(next.count == 1, "a processed page frees exactly its slot, got \(next.count)")
    }

    @Test("Processed pages awaiting their commit are bounded by commitBacklogPerTransfer × transfers; a commit frees one")
    func commitBacklogIsBounded() async {
        let backlog = Self.transfers * Scheduler.commitBacklogPerTransfer
        let scheduler = await Self.scheduler(urls: backlog * 3)
        var awaiting: [FrontierEntry] = []
        for _ in 0..<(backlog * 2) {
            let fetched = await Self.dispatchAndFetch(scheduler)
            if fetched.isEmpty { break }
            for entry in fetched { await scheduler.processed(entry) }
            awaiting += fetched
        }
        #expect(awaiting.count == backlog, "pages awaiting their commit: \(awaiting.count), bound \(backlog)")
        #expect(await scheduler.poll().dispatch.isEmpty, "a full commit backlog must stop dispatch")

        await scheduler.complete(awaiting[0])
        let next = await scheduler.poll().dispatch
        #expect(next.count == 1, "a committed page frees one place in the backlog, got \(next.count)")
    }

    @Test("A page that fails after processing is completed once: the backlog and the processing count both go back to zero")
    func completedPagesLeaveNoCount() async {
        let scheduler = await Self.scheduler(urls: 4)
        let fetched = await Self.dispatchAndFetch(scheduler)
        await scheduler.processed(fetched[0])
        for entry in fetched { await scheduler.complete(entry, retry: nil) }
        #expect(await scheduler.processing == 0)
        let next = await scheduler.poll().dispatch
        #expect(next.count == Self.transfers, "all slots free again, got \(next.count)")
    }
}
