import Foundation
import Testing
@testable import TrawlCore

/// The per-host robots.txt state machine, with unix times passed in (no network, no clock).
@Suite("Host robots.txt state machine")
struct HostRobotsTests {
    let day = 86_400.0
    let retry = RetryPolicy(maxAttempts: 2, backoff: .seconds(10))

    func robots(_ policy: RobotsPolicy = RobotsPolicy()) -> HostRobots {
        HostRobots(policy: policy, retry: retry, unixNow: 1000)
    }

    func allows(_ robots: HostRobots, _ path: String, at now: Double) -> HostRobots.Verdict {
        robots.verdict(userAgent: "TrawlBot/1.0", pathAndQuery: path, unixNow: now)
    }

    @Test("nothing is decided before robots.txt is fetched; 2xx rules apply for the cache time")
    func fetchedRules() {
        var host = robots()
        #expect(host.needsFetch(unixNow: 1000))
        #expect(allows(host, "/", at: 1000) == .wait)
        host.fetchStarted()
        #expect(!host.needsFetch(unixNow: 1000))
        host.fetched(.body(Array("User-agent: *\nDisallow: /private\nCrawl-delay: 1.5\n".utf8)), unixNow: 1000)
        #expect(host.state == .fetched)
        #expect(allows(host, "/public", at: 1001) == .allowed)
        #expect(allows(host, "/private/x", at: 1001) == .disallowed)
        #expect(host.crawlDelay(userAgent: "TrawlBot") == .milliseconds(1500))
        #expect(!host.needsFetch(unixNow: 1000 + day - 1))
        #expect(host.needsFetch(unixNow: 1000 + day))
        #expect(allows(host, "/public", at: 1000 + day) == .wait)
    }

    @Test("4xx: allow all")
    func unavailable() {
        var host = robots()
        host.fetched(.unavailable("HTTP 404"), unixNow: 1000)
        #expect(host.state == .allowAll)
        #expect(allows(host, "/anything", at: 1001) == .allowed)
        #expect(host.crawlDelay(userAgent: "TrawlBot") == nil)
    }

    @Test("5xx: nothing is fetched; retried at the retry pace, then deferred")
    func unreachable() {
        var host = robots()
        host.fetched(.unreachable("HTTP 500"), unixNow: 1000)
        #expect(host.state == .unreachable)
        #expect(allows(host, "/", at: 1001) == .wait)
        #expect(!host.isDeferred)
        #expect(!host.needsFetch(unixNow: 1009))
        #expect(host.needsFetch(unixNow: 1010))
        host.fetched(.unreachable("HTTP 500"), unixNow: 1010)
        #expect(host.isDeferred)
        #expect(host.until > 1010)
        host.fetched(.body(Array("User-agent: *\nAllow: /\n".utf8)), unixNow: 2000)
        #expect(!host.isDeferred)
        #expect(allows(host, "/", at: 2001) == .allowed)
    }

    @Test("after the outage limit, the last good copy is used again")
    func outageFallback() {
        var host = robots(RobotsPolicy(outageFallbackAfter: .seconds(30 * 86_400)))
        host.fetched(.body(Array("User-agent: *\nDisallow: /x\n".utf8)), unixNow: 0)
        host.fetched(.unreachable("timeout"), unixNow: day)
        #expect(host.state == .unreachable)
        host.fetched(.unreachable("timeout"), unixNow: 30 * day)
        #expect(host.state == .unreachable)
        host.fetched(.unreachable("timeout"), unixNow: 31 * day)
        #expect(host.state == .stale)
        #expect(allows(host, "/y", at: 31 * day) == .allowed)
        #expect(allows(host, "/x", at: 31 * day) == .disallowed)
    }

    @Test("saved state round-trips; an unreachable one is retried at once in a new run")
    func restore() {
        var host = robots()
        host.fetched(.body(Array("User-agent: *\nDisallow: /x\n".utf8)), unixNow: 1000)
        let again = HostRobots(policy: RobotsPolicy(), retry: retry, saved: host.saved, unixNow: 1100)
        #expect(!again.needsFetch(unixNow: 1100))
        #expect(allows(again, "/x", at: 1100) == .disallowed)
        host.fetched(.unreachable("HTTP 503"), unixNow: 1200)
        let third = HostRobots(policy: RobotsPolicy(), retry: retry, saved: host.saved, unixNow: 1201)
        #expect(third.needsFetch(unixNow: 1201))
    }

    @Test("ignore mode never fetches and allows everything")
    func ignore() {
        let host = robots(RobotsPolicy(mode: .ignore))
        #expect(!host.needsFetch(unixNow: 1000))
        #expect(host.state == .ignored)
        #expect(allows(host, "/private", at: 1e12) == .allowed)
    }
}
