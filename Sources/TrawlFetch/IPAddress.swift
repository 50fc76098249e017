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

    /// The IPv4 address an IPv6 address leads to by construction: IPv4-mapped (``mappedIPv4``),
    /// NAT64's well-known prefix `64:ff9b::/96` (RFC 6052: the gateway translates to the last 32
    /// bits) and 6to4 `2002::/16` (RFC 3056: bits 16–47 name the IPv4 tunnel end). A guard that
    /// judged these as IPv6 would let `64:ff9b::7f00:1` reach 127.0.0.1 through a NAT64 gateway.
    public var embeddedIPv4: UInt32? {
        if let mapped = mappedIPv4 { return mapped }
        guard case .v6(let bytes) = self, bytes.count == 16 else { return nil }
        if bytes[0] == 0x00, bytes[1] == 0x64, bytes[2] == 0xFF, bytes[3] == 0x9B, bytes[4..<12].allSatisfy({ $0 == 0 }) {
            return bytes[12...].reduce(0) { $0 << 8 | UInt32($1) }
        }
        if bytes[0] == 0x20, bytes[1] == 0x02 {
            return bytes[2..<6].reduce(0) { $0 << 8 | UInt32($1) }
        }
        return nil
    }

    /// The address as the guard judges it: an IPv6 address with an IPv4 address inside
    /// (``embeddedIPv4``: mapped, NAT64, 6to4) becomes that IPv4 address.
    public var unmapped: IPAddress {
        embeddedIPv4.map(IPAddress.v4) ?? self
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
