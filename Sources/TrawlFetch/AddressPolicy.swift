/// The SSRF guard's decision: which resolved addresses the fetcher may connect to.
///
/// Checked by ``EasyTransfer`` in curl's open-socket callback, on the address curl is about to
/// connect to, for every connection attempt (every redirect hop is its own transfer, and every
/// address a host name resolves to is checked), so neither DNS rebinding nor a redirect to an
/// internal host gets past it. A pure value: ``verdict(for:)`` is unit-tested on its own.
///
/// Order: `deny` always refuses (even with `allowPrivate`); then `allow` always admits; then,
/// unless `allowPrivate`, the non-public ranges of ``SpecialRange`` are refused.
public struct AddressPolicy: Sendable, Equatable {
    /// Connect to loopback, private, link-local, CGNAT, multicast and unspecified addresses
    /// too (`[network] allow_private`). Default false.
    public var allowPrivate: Bool
    /// Blocks admitted even when they are in a refused range (`[network] allow_cidrs`).
    public var allow: [CIDRBlock]
    /// Blocks always refused (`[network] deny_cidrs`).
    public var deny: [CIDRBlock]

    /// Creates a policy; the default refuses every non-public address.
    public init(allowPrivate: Bool = false, allow: [CIDRBlock] = [], deny: [CIDRBlock] = []) {
        self.allowPrivate = allowPrivate
        self.allow = allow
        self.deny = deny
    }

    /// Every address allowed: no check at all (no open-socket callback is installed).
    public static let allowAll = AddressPolicy(allowPrivate: true)

    /// True when the policy can refuse anything (otherwise the check is skipped).
    public var restricts: Bool { !allowPrivate || !deny.isEmpty }

    /// What the guard decides for one address.
    public enum Verdict: Sendable, Equatable {
        case allowed
        /// Refused; `reason` says which range or rule ("loopback", "deny_cidrs 10.0.0.0/8").
        case refused(reason: String)
    }

    /// The decision for `address` (an IPv6 address with an IPv4 address inside, IPv4-mapped,
    /// NAT64 or 6to4, is judged as that IPv4 address).
    public func verdict(for address: IPAddress) -> Verdict {
        let judged = address.unmapped
        if let block = deny.first(where: { $0.contains(judged) || $0.contains(address) }) {
            return .refused(reason: "in deny_cidrs \(block)")
        }
        if allow.contains(where: { $0.contains(judged) || $0.contains(address) }) { return .allowed }
        if !allowPrivate, let range = SpecialRange.classify(judged) {
            return .refused(reason: "\(range.rawValue) address")
        }
        return .allowed
    }
}

/// The address ranges that are not the public internet, which the guard refuses by default.
public enum SpecialRange: String, Sendable, CaseIterable {
    case unspecified = "unspecified"
    case loopback = "loopback"
    case privateNetwork = "private (RFC 1918)"
    case sharedCGNAT = "carrier-grade NAT (100.64.0.0/10)"
    case linkLocal = "link-local"
    case uniqueLocal = "unique local (fc00::/7)"
    case siteLocal = "site-local (fec0::/10)"
    case multicast = "multicast"
    case broadcast = "broadcast"

    /// The blocks of each range. `0.0.0.0/8` counts as unspecified: Linux connects 0.0.0.0 to
    /// the local host.
    static let blocks: [(CIDRBlock, SpecialRange)] = {
        func block(_ text: String) -> CIDRBlock {
            do { return try CIDRBlock(text) } catch { fatalError("\(error)") }
        }
        return [
            (block("0.0.0.0/8"), .unspecified),
            (block("127.0.0.0/8"), .loopback),
            (block("10.0.0.0/8"), .privateNetwork),
            (block("172.16.0.0/12"), .privateNetwork),
            (block("192.168.0.0/16"), .privateNetwork),
            (block("100.64.0.0/10"), .sharedCGNAT),
            (block("169.254.0.0/16"), .linkLocal),
            (block("224.0.0.0/4"), .multicast),
            (block("255.255.255.255/32"), .broadcast),
            (block("::/128"), .unspecified),
            (block("::1/128"), .loopback),
            (block("fc00::/7"), .uniqueLocal),
            (block("fe80::/10"), .linkLocal),
            (block("fec0::/10"), .siteLocal),
            (block("ff00::/8"), .multicast),
        ]
    }()

    /// The special range `address` is in, or nil for a public address. Callers pass an
    /// unmapped address (``IPAddress/unmapped``).
    public static func classify(_ address: IPAddress) -> SpecialRange? {
        blocks.first { $0.0.contains(address) }?.1
    }
}
