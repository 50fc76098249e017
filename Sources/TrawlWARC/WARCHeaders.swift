/// The named fields of a WARC record header, in the order they are written.
///
/// Field names compare case-insensitively (WARC 1.1 §4). Order is kept because
/// readers and humans expect `WARC-Type` first; `Content-Length` is owned by the
/// serializer, which always writes the block's real length.
public struct WARCHeaders: Sendable, Equatable, Sequence {
    /// The fields as (name, value) pairs, in write order.
    public private(set) var fields: [(name: String, value: String)] = []

    public init() {}

    /// Builds headers from pairs, in order.
    public init(_ pairs: [(String, String)]) {
        for (n, v) in pairs { append(n, v) }
    }

    /// The first value of `name` (case-insensitive), or nil.
    public subscript(name: String) -> String? {
        get { fields.first { $0.name.caseInsensitiveEquals(name) }?.value }
        set {
            if let newValue {
                if let i = fields.firstIndex(where: { $0.name.caseInsensitiveEquals(name) }) {
                    // Replace the first occurrence in place; drop any later repeats.
                    fields[i].value = newValue
                    var j = fields.count - 1
                    while j > i {
                        if fields[j].name.caseInsensitiveEquals(name) { fields.remove(at: j) }
                        j -= 1
                    }
                } else {
                    fields.append((name, newValue))
                }
            } else {
                fields.removeAll { $0.name.caseInsensitiveEquals(name) }
            }
        }
    }

    /// All values of `name` (a field such as `WARC-Concurrent-To` may repeat).
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    /// Room for `count` fields without regrowing (a capture's records have up to ten).
    mutating func reserveCapacity(_ count: Int) { fields.reserveCapacity(count) }

    /// Appends a field, even if the name is present already.
    public mutating func append(_ name: String, _ value: String) {
        fields.append((name, value))
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        fields.makeIterator()
    }

    public static func == (a: WARCHeaders, b: WARCHeaders) -> Bool {
        a.fields.count == b.fields.count
            && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}

extension String {
    /// ASCII case-insensitive equality of header names. Over the contiguous UTF-8 bytes: every
    /// header lookup of every record compares names, and zipping two UTF8Views cost ~0.25% of
    /// a crawl's CPU.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var a = self, b = other  // withUTF8 needs a var; a native String is not copied
        return a.withUTF8 { x in
            b.withUTF8 { y in
                for index in 0..<x.count where x[index] != y[index] {
                    let lx = x[index] &- 0x41 < 26 ? x[index] | 0x20 : x[index]
                    let ly = y[index] &- 0x41 < 26 ? y[index] | 0x20 : y[index]
                    if lx != ly { return false }
                }
                return true
            }
        }
    }
}
