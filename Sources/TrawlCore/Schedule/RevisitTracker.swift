import Foundation
import Logging
import Synchronization

/// The crawl loop's side of continuous archiving: when the next revisit falls due, moving due
/// revisits from the store into the scheduler, and the ``RevisitHandoff`` of URLs whose
/// previous visit is still being completed. Shared by the loop and the fetch tasks (one lock).
final class RevisitTracker: Sendable {
    private struct State {
        /// Unix time of the earliest scheduled revisit known (nil: none). Starts at 0 so the
        /// first look promotes what fell due while nothing ran.
        var next: Double? = 0
        var handoff = RevisitHandoff()
    }

    private let state = Mutex(State())
    /// Due revisits moved from the store to the scheduler at a time.
    private let batch: Int

    init(batch: Int = 5_000) { self.batch = batch }

    /// Moves revisits that are due into the queue (store, then scheduler) and returns when the
    /// next one falls due (nil: none scheduled), for the loop's sleep.
    func promoteDue(store: CrawlStore, scheduler: Scheduler, logger: Logger) async throws -> ContinuousClock.Instant? {
        let unixNow = Date().timeIntervalSince1970
        let due = state.withLock { state -> Bool in
            guard let next = state.next, next <= unixNow else { return false }
            state.next = nil  // a visit recorded during the promotion lowers it again (`noteNextVisit`)
            return true
        }
        if due {
            let promoted = try await store.promoteDueRevisits(now: unixNow, limit: batch)
            let ready = state.withLock { state -> [FrontierEntry] in
                if let due = promoted.nextDue { state.next = min(state.next ?? due, due) }
                return state.handoff.route(promoted.entries)
            }
            if !promoted.entries.isEmpty {
                logger.debug("\(promoted.entries.count) revisits due")
                await scheduler.add(ready)
            }
        }
        guard let next = state.withLock({ $0.next }) else { return nil }
        return ContinuousClock.now.advanced(by: .clampedSeconds(next - Date().timeIntervalSince1970))
    }

    /// Remembers a newly scheduled visit (unix time), so the loop wakes for it.
    func noteNextVisit(_ at: Double) {
        state.withLock { $0.next = min($0.next ?? at, at) }
    }

    /// A fetch of `id` starts.
    func begin(_ id: Int64) {
        state.withLock { $0.handoff.begin(id) }
    }

    /// The scheduler has let go of `id`: a revisit of it promoted meanwhile is added now.
    func finish(_ id: Int64, scheduler: Scheduler) async {
        if let held = state.withLock({ $0.handoff.finish(id) }) { await scheduler.add([held]) }
    }

    /// The host was dropped (`trawl drop`): a revisit of it held back is forgotten.
    func forget(hostID: Int64) {
        state.withLock { $0.handoff.forget(hostID: hostID) }
    }
}
