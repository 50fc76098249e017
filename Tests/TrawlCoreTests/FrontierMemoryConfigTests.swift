import Foundation
import Testing
import TrawlApp
@testable import TrawlCore

/// `[limits] frontier_memory_urls`: the scheduler's in-memory budget of ready URLs comes from
/// the config, its default is the documented one, and a budget too small to work is refused.
@Suite("Frontier memory config")
struct FrontierMemoryConfigTests {
    private let file = "/srv/trawl/trawl.toml"

    @Test("frontier_memory_urls defaults to 50,000 (and Config/trawl.toml says so) and reaches the crawler's scheduler")
    func readAndApplied() async throws {
        let defaults = try TrawlConfig.parse(text: "seeds = []\n", file: file).settings
        #expect(defaults.frontierMemoryURLs == 50_000)
        let documented = try TrawlConfig.load(path: HostileConfigTests.repoFile("Config/trawl.toml")).settings
        #expect(documented.frontierMemoryURLs == 50_000)

        let settings = try TrawlConfig.parse(text: "[limits]\nfrontier_memory_urls = 1234\n", file: file).settings
        #expect(settings.frontierMemoryURLs == 1_234)
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let crawler = Crawler(settings: settings, store: store, logger: CrawlHarness.quietLogger)
        let budget = await crawler.scheduler.memoryBudget
        #expect(budget == 1_234)
        // A reload cannot resize the running scheduler, so the running value is kept.
        var reloaded = settings
        reloaded.frontierMemoryURLs = 99_999
        await crawler.reload(reloaded)
        #expect(crawler.settings.frontierMemoryURLs == 1_234)
        _ = try await crawler.run(mode: .untilEmpty)  // no seeds: ends at once, shutting its fetcher down
    }

    @Test("a frontier_memory_urls under 100 is a located error naming the key")
    func tooSmall() {
        do {
            _ = try TrawlConfig.parse(text: "seeds = []\n[limits]\nfrontier_memory_urls = 10\n", file: file)
            Issue.record("accepted frontier_memory_urls = 10")
        } catch {
            #expect(error.key == "limits.frontier_memory_urls")
            #expect(error.line == 3)
        }
    }
}
