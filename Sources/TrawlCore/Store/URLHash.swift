/// The frontier's lookup key for a URL: a 64-bit hash of its normalized text, stored in
/// `urls.url_hash` (schema v15) and indexed after the host id (`urls_host_url`, v16) instead of
/// the text itself.
///
/// A hash index entry is ~17 bytes where the text index's was ~100 (the URL twice on disk). It
/// is a lookup key, not an identity: two URLs may share a hash, so every lookup compares the
/// text too (`host_id = ? AND url_hash = ? AND url = ?`) and the index is not UNIQUE.
///
/// The function is part of the file format: FNV-1a 64 over the URL's UTF-8 bytes, read as a
/// signed integer (SQLite's integers are signed). Never change it: stored rows would no longer
/// be found. The v15 upgrade computes it in SQL through ``sqlFunctionName``.
enum URLHash {
    /// The SQL function (one text argument) the store's connections define for migrations.
    static let sqlFunctionName = "trawl_url_hash"

    /// The hash of `url` as stored in `urls.url_hash`.
    static func of(_ url: String) -> Int64 {
        if let hash = url.utf8.withContiguousStorageIfAvailable({ of(bytes: $0) }) { return hash }
        return of(bytes: Array(url.utf8))
    }

    /// FNV-1a 64 of `bytes`, as a signed integer.
    static func of<Bytes: Sequence<UInt8>>(bytes: Bytes) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
