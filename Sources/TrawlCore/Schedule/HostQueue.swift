import HeapModule

/// One host's slice of the frontier held in memory, with its politeness state.
struct HostQueue {
    let id: Int64
    let origin: String
    /// Ready URLs, breadth-first: lowest depth, then discovery order.
    var ready = Heap<Item>()
    /// URLs waiting for a retry time (unix seconds), unordered (few).
    var delayed: [FrontierEntry] = []
    /// Ids held here (ready, delayed or in flight), so a refill never duplicates one.
    var tracked: Set<Int64> = []
    /// The store may hold queued URLs of this host that are not in memory.
    var mayHaveMore = false
    /// A refill from the store is under way.
    var refilling = false
    var inFlight = 0
    /// The earliest instant the next request to this host may start.
    var nextStart: ContinuousClock.Instant

    struct Item: Comparable {
        let entry: FrontierEntry
        static func < (a: Item, b: Item) -> Bool {
            (a.entry.depth, a.entry.id) < (b.entry.depth, b.entry.id)
        }
        static func == (a: Item, b: Item) -> Bool { a.entry.id == b.entry.id }
    }

    /// Whether the host has work waiting now or later (in memory or in the store).
    var hasWork: Bool { !ready.isEmpty || !delayed.isEmpty || mayHaveMore || refilling }

    /// Moves retries whose time has come into the ready heap.
    mutating func promoteDue(unixNow: Double) {
        guard !delayed.isEmpty else { return }
        var still: [FrontierEntry] = []
        for entry in delayed {
            if entry.notBefore <= unixNow { ready.insert(Item(entry: entry)) } else { still.append(entry) }
        }
        delayed = still
    }
}
