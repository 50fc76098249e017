/// The keys of `article_bands` (schema v17), the index that finds earlier articles whose
/// SimHash is within ``SimHash/nearDuplicateDistance`` (7) bits of a new one, without reading
/// every article.
///
/// Multi-index hashing: the 64 bits are cut into 4 blocks of 16. Two hashes 7 bits apart
/// differ in at most 1 bit in some block (4 blocks × 2 bits would be 8), so every candidate
/// has, in some block, the new hash's exact value or one of its 16 one-bit neighbours: 4 × 17
/// lookups, each matching 1/65,536 of the archive by chance. Stored: 4 rows per article.
/// (v3–v16 stored 8 bands of 8 bits and looked up the exact bands only: 8 rows per article,
/// and each lookup read 1/256 of the archive, ~1,000 rows per new article at 20,000 articles.)
enum NearDuplicateKeys {
    static let blocks = 4
    static let blockBits = 16

    /// The keys an article's hash is stored under: block << 16 | the block's 16 bits.
    static func stored(_ hash: UInt64) -> [Int] {
        (0..<blocks).map { key(block: $0, value: block($0, of: hash)) }
    }

    /// The keys to look up for `hash`: in each block its value and the 16 values one bit away.
    /// Any hash within 7 bits is stored under at least one of them.
    static func probes(_ hash: UInt64) -> [Int] {
        var keys: [Int] = []
        keys.reserveCapacity(blocks * (blockBits + 1))
        for index in 0..<blocks {
            let value = block(index, of: hash)
            keys.append(key(block: index, value: value))
            for bit in 0..<blockBits { keys.append(key(block: index, value: value ^ (1 << bit))) }
        }
        return keys
    }

    private static func block(_ index: Int, of hash: UInt64) -> Int {
        Int((hash >> UInt64(index * blockBits)) & 0xffff)
    }

    private static func key(block: Int, value: Int) -> Int { block << blockBits | value }

    /// The lookup: one index seek per probe key (bound in the order of ``probes(_:)``).
    static let lookupSQL = "SELECT capture_id, simhash FROM article_bands WHERE band IN ("
        + Array(repeating: "?", count: blocks * (blockBits + 1)).joined(separator: ", ") + ")"
}
