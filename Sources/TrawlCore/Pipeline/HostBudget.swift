/// The per-host page budget (`[scope] max_pages_per_host`): at most `limit` URLs of one origin
/// (scheme://host[:port]) ever enter the frontier, so at most that many are fetched from it.
///
/// A pure state machine, held under a lock by the crawler: `reserve` keeps the discoveries that
/// fit and counts them before the store's batch commits (so concurrent pages cannot overshoot),
/// `settle` corrects the count with what the store actually added (known URLs give their place
/// back; seeds, which bypass `reserve`, are counted there too).
struct HostBudget: Sendable {
    let limit: Int
    private(set) var counts: [String: Int]

    init(limit: Int, counts: [String: Int] = [:]) {
        self.limit = limit
        self.counts = counts
    }

    /// The discoveries that fit the budget, their places now taken.
    mutating func reserve(_ discoveries: [Discovery]) -> [Discovery] {
        guard !discoveries.isEmpty else { return discoveries }
        var kept: [Discovery] = []
        kept.reserveCapacity(discoveries.count)
        for discovery in discoveries {
            let count = counts[discovery.origin, default: 0]
            guard count < limit else { continue }
            counts[discovery.origin] = count + 1
            kept.append(discovery)
        }
        return kept
    }

    /// After the store's answer: `reserved` were counted by `reserve`, `added` are the ones new.
    mutating func settle(reserved: [Discovery], added: [FrontierEntry]) {
        for discovery in reserved { counts[discovery.origin, default: 0] -= 1 }
        for entry in added { counts[entry.origin, default: 0] += 1 }
    }

    /// Whether `origin` has used its whole budget.
    func isExhausted(_ origin: String) -> Bool { counts[origin, default: 0] >= limit }
}
