import Synchronization
import TrawlWARC

/// The payloads this run has written as full responses (payload digest → original record),
/// shared by the archive actor, which adds each batch's originals once they are on disk, and
/// the preparers on the blocking pool, which write a payload archived before as a revisit at
/// once, instead of compressing a response record the archive would throw away (on revisit
/// crawls most unchanged pages come back with the same bytes).
///
/// Bounded: past `limit` entries it starts afresh; the store's digest index covers the rest
/// (the archive looks up what is not here).
final class ArchivedPayloads: Sendable {
    private let originals = Mutex<[String: RevisitOriginal]>([:])
    private let limit: Int

    init(limit: Int = 50_000) {
        self.limit = limit
    }

    /// The original response of `digest`, when this run wrote one.
    func original(_ digest: String) -> RevisitOriginal? {
        originals.withLock { $0[digest] }
    }

    /// Adds originals written to disk (an earlier original of a digest stays its original).
    func add(_ written: [String: RevisitOriginal]) {
        guard !written.isEmpty else { return }
        originals.withLock { known in
            if known.count + written.count > limit { known.removeAll(keepingCapacity: true) }
            known.merge(written) { old, _ in old }
        }
    }
}
