import Foundation
import Testing
import TrawlCore
import TrawlTestSupport

/// A reloaded config (SIGHUP) changes the scope the running crawler applies to the next pages.
@Suite("Reload", .serialized)
struct ReloadTests {
    @Test("after reload, a widened max_depth lets the links of newly fetched pages in")
    func reloadWidensScope() async throws {
        let server = try await TestHTTPServer.start { request in
            switch request.path {
            case "/one": .html("<a href='/one/child'>child</a>")
            case "/two": .html("<a href='/two/child'>child</a>")
            case "/one/child", "/two/child": .html("leaf")
            default: .notFound
            }
        }
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        var settings = CrawlHarness.settings()
        settings.scope.maxDepth = 0
        let stop = StopSignal()
        let crawler = Crawler(
            settings: settings, store: store, stop: stop, logger: CrawlHarness.quietLogger,
            seedPollInterval: .milliseconds(100))
        try await store.addSeeds([(server.origin + "/one", server.origin)], source: "config")
        let run = Task { try await crawler.run(mode: .service) }

        // Wait until /one is archived (its links were judged under the old scope), not just requested.
        #expect(try await CrawlHarness.waitFor {
            (try harness.query("SELECT count(*) FROM captures WHERE url LIKE '%/one'") { $0.int(0) }.first ?? 0) > 0
        })
        settings.scope.maxDepth = 5
        await crawler.reload(settings)
        try await store.addSeeds([(server.origin + "/two", server.origin)], source: "cli")
        #expect(await CrawlHarness.waitFor { server.requests().contains { $0.path == "/two/child" } })
        stop.request()
        _ = try await run.value
        await store.close()
        try await server.shutdown()

        let paths = Set(server.requests().map(\.path))
        #expect(!paths.contains("/one/child"), "found at depth 1 before the reload: out of scope then")
        #expect(paths.contains("/two/child"), "found after the reload: in scope now")
    }
}
