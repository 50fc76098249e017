import HeapModule

/// One host's ready URLs: new ones and due revisits in two heaps, served in turn.
///
/// Fairness between discovery and continuous archiving: while both kinds wait, `min` and
/// `popMin` alternate between them, so a backlog of due revisits (a week's articles coming due
/// together) cannot starve new discoveries, nor a deep new crawl the revisits of hub pages.
/// Within each kind, highest priority first (hub entries: feed and Google News sitemap entries,
/// see ``FrontierEntry/priority``), then breadth-first: lowest depth, then discovery order (a
/// home page's revisit comes before its articles'). Same interface as the `Heap` it replaces in ``HostQueue``;
/// `min` is the element `popMin` removes next.
struct ReadyQueue {
    private var fresh = Heap<HostQueue.Item>()
    private var revisits = Heap<HostQueue.Item>()
    /// Whose turn it is when both kinds wait.
    private var revisitTurn = false

    init() {}

    var isEmpty: Bool { fresh.isEmpty && revisits.isEmpty }
    var count: Int { fresh.count + revisits.count }

    /// Entries of the same kind as `entry` (new or revisit) held: each kind has its own
    /// in-memory limit, so one kind filling memory never keeps the other in the store.
    func count(like entry: FrontierEntry) -> Int { entry.isRevisit ? revisits.count : fresh.count }

    /// New URLs held.
    var freshCount: Int { fresh.count }
    /// Due revisits held.
    var revisitCount: Int { revisits.count }

    mutating func insert(_ item: HostQueue.Item) {
        if item.entry.isRevisit { revisits.insert(item) } else { fresh.insert(item) }
    }

    /// The entry to hand out next.
    var min: HostQueue.Item? { servesRevisit ? revisits.min : fresh.min }

    /// Removes and returns `min`; the other kind's turn comes next.
    mutating func popMin() -> HostQueue.Item? {
        let revisit = servesRevisit
        guard let item = revisit ? revisits.popMin() : fresh.popMin() else { return nil }
        revisitTurn = !revisit
        return item
    }

    /// Removes and returns `min` without passing the turn: for an entry that is not handed out
    /// (robots.txt disallows it), so a blocked URL never costs its kind a dispatch turn.
    mutating func discardMin() -> HostQueue.Item? {
        servesRevisit ? revisits.popMin() : fresh.popMin()
    }

    /// Every held entry, in no particular order.
    var unordered: [HostQueue.Item] { Array(fresh.unordered) + Array(revisits.unordered) }

    private var servesRevisit: Bool {
        if revisits.isEmpty { return false }
        if fresh.isEmpty { return true }
        return revisitTurn
    }
}
