internal import CLibXML2

/// Element name → ``Tag`` for the walk over one document: libxml2 interns element names in the
/// document's dictionary, so a name pointer seen before has the tag found then. A direct-mapped
/// table of 64 slots (a collision only costs a lookup in ``Tag/byName``): a `Dictionary` keyed
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
        let tag = Tag.byName[String(cString: name)] ?? .other
        names[slot] = key
        tags[slot] = tag
        return tag
    }
}
