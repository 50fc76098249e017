import Foundation

/// The scheduler asks the store for one host's queued URLs: how many of each kind to load
/// (0: that kind is not needed). A refill loads only the kinds that ran out in memory, so a
/// host with a long run of one kind never starves the other (``HostQueue/moreNew``).
struct RefillRequest: Sendable, Equatable {
    let hostID: Int64
    let origin: String
    /// New URLs to load, in (priority desc, depth, id) order.
    let newLimit: Int
    /// Due revisits to load, breadth-first.
    let revisitLimit: Int
    /// The host's refill number (``HostQueue/refillSequence``), so a result that arrives after
    /// a newer refill was asked for (the host dropped and queued again) is not taken for it.
    var sequence: UInt64 = 0
    /// The unix time the limits count from: a row whose `next_attempt_at` is later (a pending
    /// retry) is returned as met in the index's order but not counted, so retries at the head
    /// of a host's index never hide its later URLs (the scheduler holds them for their time).
    var asOf: Double = Date().timeIntervalSince1970
}

extension Scheduler {
    /// Runs the refills a poll asked for (one store call for all of them) and hands the rows
    /// to the scheduler. Shared by the crawl loop and the frontier benchmark.
    static func refill(_ requests: [RefillRequest], store: CrawlStore, scheduler: Scheduler) async throws {
        guard !requests.isEmpty else { return }
        let rows = try await store.queuedURLs(requests)
        await scheduler.refilled(zip(requests, rows).map { ($0, $1) })
    }
}
