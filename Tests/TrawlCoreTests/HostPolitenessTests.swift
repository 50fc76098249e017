import Foundation
import Testing
@testable import TrawlCore

/// The per-host politeness state machine, driven by a fake clock (no sockets, no sleeping).
@Suite("Host politeness state machine")
struct HostPolitenessTests {
    let t0 = ContinuousClock.now

    func machine(_ politeness: Politeness = Politeness(delay: .milliseconds(100), jitter: 0)) -> HostPoliteness {
        HostPoliteness(settings: politeness, now: t0, seed: 7)
    }

    @Test("spacing is the config delay until something larger applies")
    func configDelay() {
        var host = machine()
        #expect(host.mayStart(at: t0))
        host.started(at: t0)
        #expect(!host.mayStart(at: t0 + .milliseconds(99)))
        #expect(host.mayStart(at: t0 + .milliseconds(100)))
        #expect(host.reason(at: t0) == .config)
    }

    @Test("Crawl-delay raises the delay above delay_ms, capped at max_delay")
    func crawlDelay() {
        var host = machine(Politeness(delay: .zero, maxDelay: .seconds(5), jitter: 0))
        host.crawlDelay = .seconds(1)
        #expect(host.spacing.delay == .seconds(1))
        #expect(host.spacing.reason == .crawlDelay)
        host.crawlDelay = .seconds(60)
        #expect(host.spacing.delay == .seconds(5))
    }

    @Test("adaptive: factor × last duration, when it is the largest; capped")
    func adaptive() {
        var host = machine(Politeness(delay: .milliseconds(100), maxDelay: .seconds(2), delayFactor: 2, jitter: 0))
        #expect(host.finished(.answered(duration: .milliseconds(300)), at: t0) == .proceed)
        #expect(host.spacing.delay == .milliseconds(600))
        #expect(host.reason(at: t0) == .adaptive)
        #expect(!host.mayStart(at: t0 + .milliseconds(599)))
        #expect(host.mayStart(at: t0 + .milliseconds(600)))
        _ = host.finished(.answered(duration: .seconds(10)), at: t0)
        #expect(host.spacing.delay == .seconds(2))
        _ = host.finished(.answered(duration: .milliseconds(10)), at: t0)
        #expect(host.spacing.reason == .config)
    }

    @Test("Retry-After holds the host until then; a success afterwards resets")
    func retryAfter() {
        var host = machine()
        let decision = host.finished(.throttled(retryAfter: .seconds(2)), at: t0)
        #expect(decision == .hold(until: t0 + .seconds(2), reason: .retryAfter))
        #expect(!host.mayStart(at: t0 + .milliseconds(1999)))
        #expect(host.reason(at: t0 + .seconds(1)) == .retryAfter)
        #expect(host.mayStart(at: t0 + .seconds(2)))
        _ = host.finished(.answered(duration: .milliseconds(1)), at: t0 + .seconds(3))
        #expect(host.consecutiveFailures == 0)
        #expect(host.reason(at: t0 + .seconds(3)) == .config)
    }

    @Test("Retry-After longer than park_ms is capped")
    func retryAfterCapped() {
        var host = machine(Politeness(delay: .zero, jitter: 0, parkFor: .seconds(60)))
        #expect(host.finished(.throttled(retryAfter: .seconds(86400)), at: t0) == .hold(until: t0 + .seconds(60), reason: .retryAfter))
    }

    @Test("failures back off exponentially (×2 each), capped, and a success resets")
    func exponentialBackoff() {
        var host = machine(Politeness(delay: .zero, backoff: .seconds(1), maxBackoff: .seconds(5), jitter: 0))
        var waits: [Duration] = []
        var now = t0
        for _ in 0..<5 {
            guard case .hold(let until, .backoff) = host.finished(.failed, at: now) else {
                Issue.record("expected a back-off hold")
                return
            }
            waits.append(until - now)
            now = until
        }
        #expect(waits == [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)])
        #expect(host.consecutiveFailures == 5)
        _ = host.finished(.answered(duration: .zero), at: now)
        #expect(host.consecutiveFailures == 0)
        guard case .hold(let until, _) = host.finished(.throttled(retryAfter: nil), at: now) else {
            Issue.record("expected a hold")
            return
        }
        #expect(until - now == .seconds(1))
    }

    @Test("jitter only lengthens the back-off, by at most the jitter fraction")
    func jitter() {
        var host = machine(Politeness(delay: .zero, backoff: .seconds(1), jitter: 0.5))
        var now = t0
        for failure in 1...6 {
            guard case .hold(let until, _) = host.finished(.failed, at: now) else { return }
            let base = Duration.seconds(1 << (failure - 1))
            #expect(until - now >= base && until - now <= base * 1.5)
            now = until
        }
    }

    @Test("a host failing park_after times in a row is parked for park_ms")
    func parking() {
        var host = machine(Politeness(delay: .zero, backoff: .milliseconds(10), jitter: 0, parkAfter: 3, parkFor: .seconds(3600)))
        _ = host.finished(.failed, at: t0)
        _ = host.finished(.throttled(retryAfter: .seconds(1)), at: t0)
        #expect(host.finished(.failed, at: t0) == .parked(until: t0 + .seconds(3600), failures: 3))
        #expect(host.reason(at: t0 + .seconds(10)) == .parked)
        #expect(!host.mayStart(at: t0 + .seconds(3599)))
        // A request that was already under way does not end the parking.
        #expect(host.finished(.answered(duration: .zero), at: t0 + .seconds(1)) == .hold(until: t0 + .seconds(3600), reason: .parked))
    }

    @Test("Retry-After: delay-seconds and the three HTTP-date forms")
    func retryAfterParsing() {
        let now = Date(timeIntervalSince1970: 784_111_767)  // Sun, 06 Nov 1994 08:49:27 GMT
        #expect(RetryAfter.parse("2", now: now) == .seconds(2))
        #expect(RetryAfter.parse(" 120 ", now: now) == .seconds(120))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == .seconds(10))
        #expect(RetryAfter.parse("Sun Nov  6 08:49:37 1994", now: now) == .seconds(10))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == .zero)
        #expect(RetryAfter.parse("soon", now: now) == nil)
        #expect(RetryAfter.parse("-5", now: now) == nil)
    }
}
