import Foundation

/// A block of addresses in CIDR notation (`10.0.0.0/8`, `fc00::/7`, or one address `127.0.0.1`,
/// meaning `/32` or `/128`), for the SSRF guard's special ranges and `allow_cidrs`/`deny_cidrs`.
public struct CIDRBlock: Sendable, Hashable, CustomStringConvertible {
    /// The network address (host bits cleared).
    public let network: IPAddress
    /// Leading bits that must match.
    public let prefixLength: Int

    /// Why a CIDR text was rejected (the message names the text).
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let text: String
        public let reason: String
        public var description: String { "\"\(text)\" is not a CIDR block (\(reason)); write e.g. 10.0.0.0/8 or fd00::/8" }
    }

    /// Parses `address/prefix` or a bare address; host bits set in the address are cleared.
    public init(_ text: String) throws(ParseError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else {
            throw ParseError(text: text, reason: "\"\(parts[0])\" is not an IPv4 or IPv6 address")
        }
        let maxBits = if case .v4 = address { 32 } else { 128 }
        var length = maxBits
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...maxBits).contains(parsed) else {
                throw ParseError(text: text, reason: "the prefix length must be 0...\(maxBits)")
            }
            length = parsed
        }
        self.init(address, prefixLength: length)
    }

    /// The block of `prefixLength` leading bits of `address` (clamped to the family's width).
    public init(_ address: IPAddress, prefixLength: Int) {
        switch address {
        case .v4(let value):
            let length = min(max(prefixLength, 0), 32)
            self.network = .v4(value & Self.mask32(length))
            self.prefixLength = length
        case .v6(let bytes):
            let length = min(max(prefixLength, 0), 128)
            self.network = .v6(Self.masked(bytes, length))
            self.prefixLength = length
        }
    }

    /// Whether `address` is inside the block (an IPv4 block never contains an IPv6 address;
    /// callers unmap IPv4-mapped addresses first, see ``IPAddress/unmapped``).
    public func contains(_ address: IPAddress) -> Bool {
        switch (network, address) {
        case (.v4(let net), .v4(let value)):
            return value & Self.mask32(prefixLength) == net
        case (.v6(let net), .v6(let bytes)):
            return Self.masked(bytes, prefixLength) == net
        default:
            return false
        }
    }

    public var description: String { "\(network)/\(prefixLength)" }

    private static func mask32(_ length: Int) -> UInt32 {
        length == 0 ? 0 : UInt32.max << UInt32(32 - length)
    }

    private static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: 16)
        for index in 0..<min(16, bytes.count) {
            let bits = length - index * 8
            if bits >= 8 {
                result[index] = bytes[index]
            } else if bits > 0 {
                result[index] = bytes[index] & UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            }
        }
        return result
    }
}
