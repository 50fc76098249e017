/// URLs the store has seen in the frontier recently, so a link offered again (most of a page's
/// 20–40 links point at pages already known) skips its insert and index lookup.
///
/// Exact, never a guess: a URL is remembered only after its row was inserted or found in
/// `urls`, rows are never deleted, and a transaction that fails makes the store forget all of
/// it (``forgetAll()``), since its inserts were rolled back. A URL not remembered just takes
/// the SQL path, so the bound only costs hits. Bounded by two generations of `generationSize`
/// URLs: when the young one fills, it becomes the old one and the previous old one is dropped,
/// so links seen lately stay remembered.
struct KnownURLs {
    let generationSize: Int
    private var young: Set<String> = []
    private var old: Set<String> = []

    init(generationSize: Int = 32_768) {
        self.generationSize = max(1, generationSize)
    }

    /// Whether `url` is known to have a row in `urls`.
    func contains(_ url: String) -> Bool {
        young.contains(url) || old.contains(url)
    }

    /// Remembers that `url` has a row in `urls` (inserted or already there).
    mutating func insert(_ url: String) {
        guard young.insert(url).inserted, young.count >= generationSize else { return }
        old = young
        young = Set(minimumCapacity: generationSize)
    }

    /// Forgets every URL (after a rolled-back transaction).
    mutating func forgetAll() {
        young = []
        old = []
    }

    /// URLs remembered now (at most two generations).
    var count: Int { young.count + old.count }
}
