/// Hands due revisits to the scheduler without losing one whose previous visit is still being
/// wrapped up.
///
/// A visit's next time is committed with its capture, before the crawl task tells the
/// scheduler it is complete; until then the scheduler still tracks the URL and ignores it if
/// added again. With a short interval and a slow answer the next visit can already be due at
/// commit, and a promotion in that gap would put the URL in the queue in the store but not in
/// memory. So URLs between fetch and completion are `active`; a promotion of one is held back
/// and handed over by `finish` once the scheduler has let it go. A pure value, kept under a lock.
struct RevisitHandoff {
    private var active: Set<Int64> = []
    private var held: [Int64: FrontierEntry] = [:]

    /// A fetch of `id` starts.
    mutating func begin(_ id: Int64) { active.insert(id) }

    /// The scheduler completed `id`: returns its promoted revisit, if one was held back.
    mutating func finish(_ id: Int64) -> FrontierEntry? {
        active.remove(id)
        return held.removeValue(forKey: id)
    }

    /// Of promoted revisits, those to add to the scheduler now; the others wait for `finish`.
    mutating func route(_ promoted: [FrontierEntry]) -> [FrontierEntry] {
        var now: [FrontierEntry] = []
        for entry in promoted {
            if active.contains(entry.id) { held[entry.id] = entry } else { now.append(entry) }
        }
        return now
    }

    /// The host was dropped: its held revisits are not handed over.
    mutating func forget(hostID: Int64) {
        held = held.filter { $0.value.hostID != hostID }
    }
}
