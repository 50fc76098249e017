import HeapModule

/// When the scheduler should look at each host next: a min-heap of (instant, turn, host).
///
/// A poll takes only the hosts whose time has come (``popDue(at:)``, O(log hosts) each)
/// instead of visiting every host, so its cost follows what it dispatches, not the frontier's
/// size. A host has at most one live slot; ``schedule(_:at:)`` replaces it, and the replaced
/// slot stays in the heap as a stale entry that is skipped when it surfaces (the heap is
/// rebuilt from the live slots when stale ones outnumber them). Among hosts due at the same
/// instant the one scheduled first goes first (`turn`, a counter), so hosts that keep
/// becoming ready at once (no delay) are served round-robin.
struct HostTimeline {
    struct Slot: Comparable {
        let at: ContinuousClock.Instant
        let turn: UInt64
        let host: Int64
        static func < (a: Slot, b: Slot) -> Bool { (a.at, a.turn) < (b.at, b.turn) }
    }

    private var heap = Heap<Slot>()
    /// The live slot of each scheduled host.
    private var live: [Int64: Slot] = [:]
    private var turns: UInt64 = 0

    /// Hosts with a live slot.
    var count: Int { live.count }

    /// When `host` is to be looked at next, if it is scheduled.
    func scheduled(_ host: Int64) -> ContinuousClock.Instant? { live[host]?.at }

    /// Looks at `host` at `at` (replacing its slot; nil unschedules it). An unchanged time keeps
    /// the host's place among hosts due at that instant.
    mutating func schedule(_ host: Int64, at: ContinuousClock.Instant?) {
        guard let at else {
            live.removeValue(forKey: host)
            return
        }
        if live[host]?.at == at { return }
        turns += 1
        let slot = Slot(at: at, turn: turns, host: host)
        live[host] = slot
        heap.insert(slot)
        if heap.count > 2 * live.count + 1_024 { heap = Heap(live.values) }
    }

    /// Removes and returns the host due first, if its time is at or before `now`.
    mutating func popDue(at now: ContinuousClock.Instant) -> Int64? {
        while let top = heap.min {
            guard live[top.host] == top else {
                _ = heap.popMin()  // stale: the host was rescheduled or unscheduled
                continue
            }
            guard top.at <= now else { return nil }
            _ = heap.popMin()
            live.removeValue(forKey: top.host)
            return top.host
        }
        return nil
    }

    /// The earliest live slot's time (stale slots on top are dropped on the way).
    mutating func earliest() -> ContinuousClock.Instant? {
        while let top = heap.min {
            if live[top.host] == top { return top.at }
            _ = heap.popMin()
        }
        return nil
    }
}
