/// One HTTP header field, name and value as sent or received (no case folding).
public struct HTTPHeader: Sendable, Hashable {
    /// The field name, e.g. `Content-Type`.
    public var name: String
    /// The field value with surrounding whitespace removed.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The first value of the header named `name`, compared case-insensitively (ASCII).
    func firstValue(named name: String) -> String? {
        first { $0.name.asciiCaseInsensitiveEquals(name) }?.value
    }
}

extension String {
    /// ASCII case-insensitive comparison, which is what HTTP field names need.
    func asciiCaseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in x.asciiLowercased == y.asciiLowercased }
    }
}

extension UInt8 {
    /// The byte with ASCII `A`–`Z` mapped to `a`–`z`.
    var asciiLowercased: UInt8 { (0x41...0x5A).contains(self) ? self | 0x20 : self }
}
