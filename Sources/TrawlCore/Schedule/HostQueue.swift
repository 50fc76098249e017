/// One host's slice of the frontier held in memory, with its politeness and robots state.
struct HostQueue {
    let id: Int64
    let origin: String
    /// Ready URLs, highest priority first, then breadth-first (lowest depth, then discovery
    /// order); new URLs and due revisits take turns (``ReadyQueue``).
    var ready = ReadyQueue()
    /// URLs waiting for a retry time (unix seconds), unordered (few).
    var delayed: [FrontierEntry] = []
    /// Ids held here (ready, delayed or in flight), so a refill never duplicates one.
    var tracked: Set<Int64> = []
    /// The store may hold queued new URLs of this host that are not in memory.
    var moreNew = false
    /// The store may hold queued revisits of this host that are not in memory. Kept apart from
    /// ``moreNew`` so that one kind filling memory never keeps the other from being loaded.
    var moreRevisits = false
    /// A refill found more of a kind but only rows held here already (``Scheduler/refilled(_:)``):
    /// the store has more, asked for again once a held row leaves (``rearm()``), not at once.
    var stalledNew = false
    var stalledRevisits = false
    /// A refill from the store is under way.
    var refilling = false
    /// The latest refill's number (``RefillRequest/sequence``): only its result is taken.
    var refillSequence: UInt64 = 0
    /// Transfers in flight to this host (robots.txt included).
    var inFlight = 0
    /// When the next request may start, and why.
    var politeness: HostPoliteness
    /// What robots.txt allows.
    var robots: HostRobots

    struct Item: Comparable {
        let entry: FrontierEntry
        static func < (a: Item, b: Item) -> Bool {
            (-a.entry.priority, a.entry.depth, a.entry.id) < (-b.entry.priority, b.entry.depth, b.entry.id)
        }
        static func == (a: Item, b: Item) -> Bool { a.entry.id == b.entry.id }
    }

    /// Whether the host has work waiting now or later (in memory or in the store).
    var hasWork: Bool {
        !ready.isEmpty || !delayed.isEmpty || moreNew || moreRevisits || stalledNew || stalledRevisits || refilling
    }

    /// A row held here left (recorded, or a retry came due): a stalled kind may be refilled again.
    mutating func rearm() {
        if stalledNew { moreNew = true }
        if stalledRevisits { moreRevisits = true }
        stalledNew = false
        stalledRevisits = false
    }

    /// Whether a kind the store holds more of has run out in memory (and no refill is under
    /// way): the host needs a refill before it can serve that kind again.
    var needsRefill: Bool {
        !refilling && ((moreNew && ready.freshCount == 0) || (moreRevisits && ready.revisitCount == 0))
    }

    /// Moves retries whose time has come into the ready heap; returns how many.
    mutating func promoteDue(unixNow: Double) -> Int {
        guard !delayed.isEmpty else { return 0 }
        var still: [FrontierEntry] = []
        for entry in delayed {
            if entry.notBefore <= unixNow { ready.insert(Item(entry: entry)) } else { still.append(entry) }
        }
        defer { delayed = still }
        return delayed.count - still.count
    }

    /// The state to persist, with times converted to unix seconds.
    func snapshot(now: ContinuousClock.Instant, unixNow: Double, includeRobots: Bool) -> HostSnapshot {
        let spacing = politeness.spacing
        let reason = politeness.reason(at: now)
        return HostSnapshot(
            hostID: id, delayMilliseconds: spacing.delay.seconds * 1000, delayReason: reason.rawValue,
            nextAllowedAt: unixNow + max(0, (politeness.nextStart - now).seconds),
            failures: politeness.consecutiveFailures, robots: includeRobots ? robots.saved : nil)
    }
}
