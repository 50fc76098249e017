import Glibc
import Testing
@testable import TrawlFetch

/// The SSRF guard's pure parts: address parsing (text and sockaddr), the special ranges,
/// CIDR blocks and the policy's order (deny, then allow, then allow_private).
@Suite("Address policy")
struct AddressPolicyTests {
    private func ip(_ text: String) throws -> IPAddress { try #require(IPAddress(text), "\(text)") }

    @Test("non-public addresses are classified, IPv4-mapped forms included", arguments: [
        ("0.0.0.0", SpecialRange.unspecified), ("0.1.2.3", .unspecified), ("::", .unspecified),
        ("127.0.0.1", .loopback), ("127.255.0.9", .loopback), ("::1", .loopback),
        ("10.0.0.1", .privateNetwork), ("172.16.0.1", .privateNetwork), ("172.31.255.255", .privateNetwork),
        ("192.168.1.1", .privateNetwork), ("100.64.0.1", .sharedCGNAT), ("100.127.255.255", .sharedCGNAT),
        ("169.254.169.254", .linkLocal), ("fe80::1", .linkLocal), ("fc00::1", .uniqueLocal),
        ("fd12:3456::1", .uniqueLocal), ("fec0::1", .siteLocal), ("224.0.0.1", .multicast),
        ("239.255.255.250", .multicast), ("ff02::1", .multicast), ("255.255.255.255", .broadcast),
        ("::ffff:127.0.0.1", .loopback), ("::ffff:10.1.2.3", .privateNetwork),
        ("::ffff:169.254.169.254", .linkLocal), ("[::1]", .loopback), ("fe80::1%eth0", .linkLocal),
        // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) lead to the IPv4 address inside them.
        ("64:ff9b::7f00:1", .loopback), ("64:ff9b::a9fe:a9fe", .linkLocal), ("64:ff9b::10.1.2.3", .privateNetwork),
        ("2002:7f00:1::1", .loopback), ("2002:a00:1::", .privateNetwork), ("2002:a9fe:a9fe:1::5", .linkLocal),
    ])
    func special(text: String, range: SpecialRange) throws {
        let address = try ip(text)
        #expect(SpecialRange.classify(address.unmapped) == range, "\(text)")
        guard case .refused(let reason) = AddressPolicy().verdict(for: address) else {
            Issue.record("\(text) allowed by the default policy")
            return
        }
        #expect(reason.contains(range.rawValue))
        #expect(AddressPolicy(allowPrivate: true).verdict(for: address) == .allowed)
    }

    @Test("public addresses, including the neighbours of each range, are allowed", arguments: [
        "1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "172.15.255.255", "172.32.0.0",
        "192.167.255.255", "192.169.0.0", "100.63.255.255", "100.128.0.0", "169.253.255.255",
        "126.255.255.255", "128.0.0.0", "223.255.255.255", "2606:4700:4700::1111", "2001:db8::1",
        "::ffff:8.8.8.8", "fbff::1", "fe00::1", "64:ff9b::808:808", "2002:808:808::1",
    ])
    func publicAddress(text: String) throws {
        let address = try ip(text)
        #expect(SpecialRange.classify(address.unmapped) == nil, "\(text)")
        #expect(AddressPolicy().verdict(for: address) == .allowed, "\(text)")
    }

    @Test("text that is not an address is rejected")
    func badText() {
        for text in ["", "localhost", "1.2.3", "256.1.1.1", "1.2.3.4.5", "::g", "example.com"] {
            #expect(IPAddress(text) == nil, "\(text)")
        }
    }

    @Test("addresses are read from sockaddr_in and sockaddr_in6 as curl hands them over")
    func fromSockaddr() throws {
        var v4 = sockaddr_in()
        v4.sin_family = sa_family_t(AF_INET)
        v4.sin_port = UInt16(8080).bigEndian
        v4.sin_addr.s_addr = inet_addr("10.20.30.40")
        let parsed4 = withUnsafeBytes(of: &v4) { IPAddress(sockaddr: $0.baseAddress!, length: $0.count) }
        #expect(parsed4 == .v4(0x0A14_1E28))
        #expect(parsed4?.description == "10.20.30.40")

        var v6 = sockaddr_in6()
        v6.sin6_family = sa_family_t(AF_INET6)
        #expect(inet_pton(AF_INET6, "::ffff:127.0.0.2", &v6.sin6_addr) == 1)
        let parsed6 = withUnsafeBytes(of: &v6) { IPAddress(sockaddr: $0.baseAddress!, length: $0.count) }
        #expect(parsed6?.mappedIPv4 == 0x7F00_0002)
        #expect(parsed6.map { AddressPolicy().verdict(for: $0) } == .refused(reason: "loopback address"))

        // A short buffer or another family is not an address.
        let short = withUnsafeBytes(of: &v6) { IPAddress(sockaddr: $0.baseAddress!, length: 8) }
        #expect(short == nil)
        var unix = sockaddr_un()
        unix.sun_family = sa_family_t(AF_UNIX)
        #expect(withUnsafeBytes(of: &unix) { IPAddress(sockaddr: $0.baseAddress!, length: $0.count) } == nil)
    }

    @Test("CIDR blocks: parsing, host bits, containment, families kept apart")
    func cidr() throws {
        let block = try CIDRBlock("10.1.2.3/16")
        #expect(block.description == "10.1.0.0/16")
        #expect(block.contains(try ip("10.1.255.1")))
        #expect(!block.contains(try ip("10.2.0.1")))
        #expect(!block.contains(try ip("::ffff:10.1.0.1")), "callers unmap first")
        #expect(try CIDRBlock("127.0.0.1").description == "127.0.0.1/32")
        #expect(try CIDRBlock("fd00::/8").contains(try ip("fdab::1")))
        #expect(try CIDRBlock("0.0.0.0/0").contains(try ip("203.0.113.9")))
        #expect(try CIDRBlock("2001:db8::/33").contains(try ip("2001:db8:7fff::1")))
        #expect(!(try CIDRBlock("2001:db8::/33").contains(try ip("2001:db8:8000::1"))))
        for bad in ["10.0.0.0/33", "fd00::/129", "10.0.0.0/x", "nonsense/8", "/8", "10.0.0.0/-1"] {
            #expect(throws: CIDRBlock.ParseError.self, "\(bad)") { try CIDRBlock(bad) }
        }
        do {
            _ = try CIDRBlock("10.0.0.0/40")
        } catch {
            #expect(error.description.contains("10.0.0.0/40"))
        }
    }

    @Test("deny beats allow and allow_private; allow opens one address of a refused range")
    func order() throws {
        let one = AddressPolicy(allow: [try CIDRBlock("127.0.0.1/32")])
        #expect(one.verdict(for: try ip("127.0.0.1")) == .allowed)
        #expect(one.verdict(for: try ip("::ffff:127.0.0.1")) == .allowed)
        #expect(one.verdict(for: try ip("127.0.0.2")) == .refused(reason: "loopback address"))

        let deny = AddressPolicy(allowPrivate: true, allow: [try CIDRBlock("203.0.113.7")], deny: [try CIDRBlock("203.0.113.0/24")])
        #expect(deny.verdict(for: try ip("203.0.113.7")) == .refused(reason: "in deny_cidrs 203.0.113.0/24"))
        #expect(deny.verdict(for: try ip("10.0.0.1")) == .allowed)
        #expect(deny.restricts)
        #expect(!AddressPolicy.allowAll.restricts)
        #expect(AddressPolicy().restricts)
    }

    @Test("error kinds of the guards are the documented tokens, and their messages say what to change")
    func kinds() {
        let blocked = FetchError.blockedAddress(url: "http://x.test/", address: "10.0.0.1", reason: "private (RFC 1918) address")
        #expect(blocked.kind == "blocked_address")
        #expect(blocked.description.contains("10.0.0.1") && blocked.description.contains("http://x.test/"))
        #expect(blocked.description.contains("allow_private") && blocked.description.contains("allow_cidrs"))
        let slow = FetchError.from(
            rawCode: 28, message: "Operation too slow. Less than 100 bytes/sec transferred the last 15 seconds",
            url: "http://x.test/", maxBodyBytes: 1, bodyCapHit: false)
        #expect(slow.kind == "too_slow")
        #expect(slow.description.contains("low_speed_bytes_per_second"))
        let timeout = FetchError.from(
            rawCode: 28, message: "Operation timed out after 2000 milliseconds with 0 bytes received",
            url: "http://x.test/", maxBodyBytes: 1, bodyCapHit: false)
        #expect(timeout.kind == "timeout")
        #expect(LowSpeedLimit(bytesPerSecond: 0, time: .milliseconds(1)).seconds == 1)
        #expect(LowSpeedLimit(bytesPerSecond: 0, time: .milliseconds(1)).bytesPerSecond == 1)
        #expect(LowSpeedLimit(bytesPerSecond: 100, time: .milliseconds(1500)).seconds == 2)
    }
}
