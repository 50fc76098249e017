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
    /// A URL with its ``URLHash`` (computed once per offer, and stored as the row's `url_hash`):
    /// the sets hash those 8 bytes, not the text, and compare the text only when hashes match,
    /// so a lookup or insert costs no pass of Swift's hasher over the whole URL.
    struct Key: Hashable {
        let url: String
        let hash: Int64

        init(_ url: String) {
            self.init(url: url, hash: URLHash.of(url))
        }

        /// A key whose hash is already computed (`hash` must be ``URLHash/of(_:)`` of `url`,
        /// except in tests that build a collision).
        init(url: String, hash: Int64) {
            self.url = url
            self.hash = hash
        }

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
        static func == (lhs: Key, rhs: Key) -> Bool { lhs.hash == rhs.hash && lhs.url == rhs.url }
    }

    let generationSize: Int
    private var young: Set<Key> = []
    private var old: Set<Key> = []

    init(generationSize: Int = 32_768) {
        self.generationSize = max(1, generationSize)
    }

    /// Whether the URL is known to have a row in `urls`.
    func contains(_ key: Key) -> Bool {
        young.contains(key) || old.contains(key)
    }

    /// Remembers that the URL has a row in `urls` (inserted or already there).
    mutating func insert(_ key: Key) {
        guard young.insert(key).inserted, young.count >= generationSize else { return }
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
