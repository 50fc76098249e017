import Foundation
import Testing
import TrawlCore
import TrawlTestSupport

/// Failures below HTTP: a TLS handshake that cannot be trusted, a host name that does not
/// resolve. Each beside the well-behaved site of ``HostileCrawl``, which must still complete.
@Suite("Hostile servers: TLS and DNS")
struct HostileNetworkTests {
    @Test("self-signed certificate on a loopback TLS server: recorded as tls naming the certificate, not retried")
    func selfSignedCertificate() async throws {
        let tls = try await HostileTLSServer.start()
        var settings = HostileCrawl.settings()
        settings.politeness.robots.mode = .ignore  // the page itself meets the handshake
        let page = tls.origin + "/page"
        let run: HostileCrawl
        do {
            run = try await HostileCrawl.run(routes: [:], paths: [], extraSeeds: [page], settings: settings)
        } catch {
            tls.shutdown()
            throw error
        }
        let accepted = tls.shutdown().accepted
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(url: page)
        #expect(captures.count == 1, "tls failures are permanent, not retried: \(captures)")
        #expect(captures.first?.errorKind == "tls" && captures.first?.status == nil, "\(captures)")
        #expect(captures.first?.error?.lowercased().contains("certificate") == true, "\(captures)")
        #expect(accepted >= 1, "the crawler reached the TLS server and failed in the handshake")
        let state = try run.harness.query("SELECT state FROM urls WHERE url = '\(page)'") { $0.int(0) }.first
        #expect(state == URLState.failed.rawValue)
    }

    @Test("self-signed certificate on robots.txt: the host is disallow-all with the TLS reason, its page never fetched")
    func selfSignedCertificateOnRobots() async throws {
        let tls = try await HostileTLSServer.start()
        let page = tls.origin + "/page"
        let run: HostileCrawl
        do {
            run = try await HostileCrawl.run(routes: [:], paths: [], extraSeeds: [page])
        } catch {
            tls.shutdown()
            throw error
        }
        tls.shutdown()
        try run.expectCrawlFinishedAndGoodHostComplete()
        let robots = try run.robots(origin: tls.origin)
        #expect(robots.state == "disallow-all", "\(robots)")
        #expect(robots.detail?.lowercased().contains("tls") == true || robots.detail?.lowercased().contains("certificate") == true,
                "\(robots)")
        #expect(try run.captures(url: page).isEmpty, "the page waits behind robots.txt")
    }
}

/// An unresolvable host, without a single DNS packet leaving the machine: the crawl resolves
/// over DNS-over-HTTPS (`[network] doh_url`) at a loopback resolver the test runs, which answers
/// NXDOMAIN. With a DoH URL libcurl sends no query to the system resolver (its URL is an IP
/// literal, so resolving the resolver needs nothing either).
@Suite("Hostile servers: unresolvable host")
struct HostileDNSTests {
    @Test("a host name that does not resolve: dns error naming the host, retried once, the resolver asked on loopback")
    func unresolvableHost() async throws {
        let resolver = try await HostileTLSServer.start(mode: .dohNXDOMAIN)
        var settings = HostileCrawl.settings()
        settings.politeness.robots.mode = .ignore
        settings.dohURL = resolver.origin + "/dns-query"
        settings.caBundlePath = resolver.certificatePath
        let page = "http://nowhere.trawl-test.invalid/page"
        let run: HostileCrawl
        do {
            run = try await HostileCrawl.run(routes: [:], paths: [], extraSeeds: [page], settings: settings)
        } catch {
            resolver.shutdown()
            throw error
        }
        let log = resolver.shutdown()
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(url: page)
        #expect(captures.count == 2, "dns failures are transient: one retry: \(captures)")
        #expect(captures.allSatisfy { $0.errorKind == "dns" && $0.status == nil }, "\(captures)")
        #expect(captures.first?.error?.contains("nowhere.trawl-test.invalid") == true, "\(captures)")
        #expect(captures.first?.error?.contains("resolve") == true, "\(captures)")
        #expect(log.queries.contains("nowhere.trawl-test.invalid"), "the loopback resolver was asked: \(log.queries)")
        #expect(log.queries.allSatisfy { $0 == "nowhere.trawl-test.invalid" }, "and nothing else: \(log.queries)")
    }
}
