#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as plain bytes, parsed from text or from a `sockaddr`.
///
/// A value type with no system state, so the SSRF guard's decisions (``AddressPolicy``) are
/// pure functions that unit tests can drive with any address.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// IPv4, most significant byte first (`127.0.0.1` is `0x7F000001`).
    case v4(UInt32)
    /// IPv6, the 16 bytes in network order.
    case v6([UInt8])

    /// Parses dotted-quad IPv4 (`"10.0.0.1"`) or IPv6 text (`"fc00::1"`, `"::ffff:10.0.0.1"`;
    /// brackets and a zone suffix `%eth0` are accepted). Nil for anything else.
    public init?(_ text: String) {
        var text = Substring(text)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        if let percent = text.firstIndex(of: "%") { text = text[..<percent] }
        if text.contains(":") {
            var storage = in6_addr()
            guard inet_pton(AF_INET6, String(text), &storage) == 1 else { return nil }
            self = .v6(withUnsafeBytes(of: storage) { Array($0) })
        } else {
            var storage = in_addr()
            guard inet_pton(AF_INET, String(text), &storage) == 1 else { return nil }
            self = .v4(UInt32(bigEndian: storage.s_addr))
        }
    }

    /// Reads the address out of a `sockaddr_in` or `sockaddr_in6` of `length` bytes (as curl
    /// hands one to its open-socket callback). Nil for other families or a short buffer.
    public init?(sockaddr pointer: UnsafeRawPointer, length: Int) {
        guard length >= MemoryLayout<sa_family_t>.size else { return nil }
        let family = Int32(pointer.loadUnaligned(as: sa_family_t.self))
        switch family {
        case AF_INET where length >= MemoryLayout<sockaddr_in>.size:
            let address = pointer.loadUnaligned(as: sockaddr_in.self)
            self = .v4(UInt32(bigEndian: address.sin_addr.s_addr))
        case AF_INET6 where length >= MemoryLayout<sockaddr_in6>.size:
            let address = pointer.loadUnaligned(as: sockaddr_in6.self)
            self = .v6(withUnsafeBytes(of: address.sin6_addr) { Array($0) })
        default:
            return nil
        }
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), which connects
    /// to that IPv4 host; nil otherwise.
    public var mappedIPv4: UInt32? {
        guard case .v6(let bytes) = self, bytes.count == 16,
              bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF
        else { return nil }
        return bytes[12...].reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The address as the guard judges it: an IPv4-mapped IPv6 address becomes its IPv4 address.
    public var unmapped: IPAddress {
        mappedIPv4.map(IPAddress.v4) ?? self
    }

    /// Conventional text form (`127.0.0.1`, `::1`).
    public var description: String {
        switch self {
        case .v4(let value):
            var storage = in_addr(s_addr: value.bigEndian)
            return Self.text(family: AF_INET, &storage, capacity: Int(INET_ADDRSTRLEN))
        case .v6(let bytes):
            var storage = in6_addr()
            withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes.prefix(16)) }
            return Self.text(family: AF_INET6, &storage, capacity: Int(INET6_ADDRSTRLEN))
        }
    }

    private static func text<T>(family: Int32, _ storage: inout T, capacity: Int) -> String {
        var buffer = [CChar](repeating: 0, count: capacity)
        guard inet_ntop(family, &storage, &buffer, socklen_t(capacity)) != nil else { return "?" }
        return String(cString: buffer)
    }
}
