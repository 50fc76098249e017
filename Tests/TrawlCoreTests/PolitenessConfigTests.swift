import Foundation
import Testing
import TrawlApp
import TrawlCore

/// The politeness, retry and trap-guard keys of the config file.
@Suite("Politeness config")
struct PolitenessConfigTests {
    @Test("every politeness, retry and trap key is applied")
    func allKeys() throws {
        let config = try TrawlConfig.parse(text: """
            [politeness]
            delay_ms = 0
            max_delay_ms = 5000
            delay_factor = 1.5
            backoff_ms = 100
            max_backoff_ms = 800
            backoff_jitter = 0.1
            park_after_failures = 4
            park_ms = 60000
            robots = "ignore"
            robots_cache_hours = 2
            robots_outage_days = 7
            robots_max_retry_ms = 9000
            [retry]
            max_attempts = 5
            backoff_ms = 300
            [scope]
            max_url_length = 100
            max_path_segments = 8
            max_segment_repeats = 3
            max_outlinks = 50
            """, file: "/srv/trawl/trawl.toml")
        let politeness = config.settings.politeness
        #expect(politeness.delay == .zero)
        #expect(politeness.maxDelay == .seconds(5))
        #expect(politeness.delayFactor == 1.5)
        #expect(politeness.backoff == .milliseconds(100) && politeness.maxBackoff == .milliseconds(800))
        #expect(politeness.jitter == 0.1)
        #expect(politeness.parkAfter == 4 && politeness.parkFor == .seconds(60))
        #expect(politeness.robots == RobotsPolicy(
            mode: .ignore, cacheFor: .seconds(7200), outageFallbackAfter: .seconds(7 * 86400), maxRetryDelay: .seconds(9)))
        #expect(config.settings.retry == RetryPolicy(maxAttempts: 5, backoff: .milliseconds(300)))
        #expect(config.settings.scope.maxURLLength == 100 && config.settings.scope.maxPathSegments == 8)
        #expect(config.settings.scope.maxSegmentRepeats == 3 && config.settings.scope.maxOutlinks == 50)
    }

    @Test("defaults: obey robots, factor 2, cap 30 s, 3 attempts")
    func defaults() throws {
        let config = try TrawlConfig.parse(text: "seeds = []\n", file: "/srv/trawl/trawl.toml")
        #expect(config.settings.politeness.robots.mode == .obey)
        #expect(config.settings.politeness.delayFactor == 2)
        #expect(config.settings.politeness.maxDelay == .seconds(30))
        #expect(config.settings.retry.maxAttempts == 3)
    }

    @Test("a bad robots mode and a cap below delay_ms are named")
    func badValues() {
        do {
            _ = try TrawlConfig.parse(text: "[politeness]\nrobots = \"sometimes\"\n", file: "/t.toml")
            Issue.record("robots = sometimes must be rejected")
        } catch {
            #expect(error.key == "politeness.robots")
            #expect(error.message.contains("obey"))
        }
        do {
            _ = try TrawlConfig.parse(text: "[politeness]\ndelay_ms = 5000\nmax_delay_ms = 100\n", file: "/t.toml")
            Issue.record("max_delay_ms below delay_ms must be rejected")
        } catch {
            #expect(error.key == "politeness.max_delay_ms")
        }
    }
}
