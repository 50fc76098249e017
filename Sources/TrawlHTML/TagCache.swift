internal import CLibXML2

/// Element name → ``Tag`` for the walk over one document: libxml2 interns element names in the
/// document's dictionary, so a name pointer seen before has the tag found then. A direct-mapped
/// table of 64 slots (a collision only costs a lookup in ``TagTable``): a `Dictionary` keyed
/// by the pointer hashed every element with SipHash and grew from empty on every page (a
/// percent of the extraction's CPU).
struct TagCache {
    private var names = [UnsafeRawPointer?](repeating: nil, count: 64)
    private var tags = [Tag](repeating: .other, count: 64)

    /// The tag of the element name `name` (a NUL-terminated libxml2 string).
    mutating func tag(named name: UnsafePointer<xmlChar>) -> Tag {
        let key = UnsafeRawPointer(name)
        // Fibonacci hashing: the top 6 bits of the pointer times 2^64/φ.
        let slot = Int(truncatingIfNeeded: (UInt64(UInt(bitPattern: key)) &* 0x9E37_79B9_7F4A_7C15) >> 58)
        if names[slot] == key { return tags[slot] }
        let tag = TagTable.shared.tag(named: name)
        names[slot] = key
        tags[slot] = tag
        return tag
    }
}

/// ``Tag/byName`` keyed by the name's bytes packed into two words, so a name is looked up
/// without making a `String` of it and hashing that with SipHash. Every document has its own
/// name dictionary, so ``TagCache`` starts cold on each page and its ~50 misses a page went
/// through `String(cString:)` and `Tag.byName` (half a percent of a crawl's CPU).
///
/// Same answer as `Tag.byName[String(cString: name)] ?? .other`: the names are ASCII, and no
/// other byte string equals one of them as a `String` (none of the tag names, lower-case letters
/// and digits, is the canonical decomposition of a non-ASCII character).
struct TagTable {
    static let shared = TagTable()

    /// Longest tag name ("blockquote", "figcaption").
    static let maximumLength = 10
    private static let slotBits = 8

    /// Per slot: bytes 0–7 of the name, bytes 8–9 plus the length in the top byte (0: empty).
    private var low = [UInt64](repeating: 0, count: 1 << slotBits)
    private var high = [UInt64](repeating: 0, count: 1 << slotBits)
    private var tags = [Tag](repeating: .other, count: 1 << slotBits)

    private init() {
        for (name, tag) in Tag.byName {
            let (lo, hi) = name.utf8CString.withUnsafeBufferPointer { chars in
                chars.withMemoryRebound(to: UInt8.self) { Self.pack($0.baseAddress!)! }
            }
            var slot = Self.slot(lo, hi)
            while high[slot] != 0 { slot = (slot + 1) & ((1 << Self.slotBits) - 1) }
            low[slot] = lo
            high[slot] = hi
            tags[slot] = tag
        }
    }

    /// The name's bytes as (bytes 0–7, bytes 8–9 | length << 56), little-endian; nil when it is
    /// empty or longer than any tag name.
    @inline(__always)
    static func pack(_ name: UnsafePointer<UInt8>) -> (UInt64, UInt64)? {
        var lo: UInt64 = 0, hi: UInt64 = 0
        var n = 0
        while true {
            let b = name[n]
            if b == 0 { break }
            if n == maximumLength { return nil }
            if n < 8 { lo |= UInt64(b) << UInt64(8 * n) } else { hi |= UInt64(b) << UInt64(8 * (n - 8)) }
            n += 1
        }
        return n == 0 ? nil : (lo, hi | UInt64(n) << 56)
    }

    @inline(__always)
    private static func slot(_ lo: UInt64, _ hi: UInt64) -> Int {
        Int(truncatingIfNeeded: ((lo ^ (hi &* 0xC2B2_AE3D_27D4_EB4F)) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - slotBits))
    }

    /// The tag of the NUL-terminated name `name`; `.other` for any name not in ``Tag/byName``.
    func tag(named name: UnsafePointer<UInt8>) -> Tag {
        guard let (lo, hi) = Self.pack(name) else { return .other }
        var slot = Self.slot(lo, hi)
        while true {
            let h = high[slot]
            if h == 0 { return .other }
            if h == hi && low[slot] == lo { return tags[slot] }
            slot = (slot + 1) & ((1 << Self.slotBits) - 1)
        }
    }
}
