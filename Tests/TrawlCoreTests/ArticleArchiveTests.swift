import Foundation
import Testing
import TrawlCore
import TrawlTestSupport

/// Articles extracted during the crawl: stored per capture, searchable, near-duplicates found.
@Suite("Article archive", .serialized)
struct ArticleArchiveTests {
    private static func page(title: String, paragraphs: [String], chrome: String) -> TestResponse {
        .html("""
            <html><head><title>\(title) - \(chrome)</title><meta property="og:title" content="\(title)"></head>
            <body><nav><a href="/">Home</a> <a href="/a">A</a> <a href="/b">B</a> <a href="/c">C</a> \(chrome) menu</nav>
            <article><h1>\(title)</h1>\(paragraphs.map { "<p>\($0)</p>" }.joined())</article>
            <aside>\(chrome) sidebar: <a href="/a">Also read</a></aside><footer>\(chrome) footer</footer></body></html>
            """)
    }

    private static let story = [
        "The river authority said on Tuesday that the old stone bridge will close for repairs next spring, after engineers found cracks in two of its arches during a routine inspection.",
        "Traffic will be diverted over the ring road for about nine months, and the ferry service that stopped in 1998 will run again on weekdays between the two market squares.",
        "Residents who spoke at the council meeting asked for a footpath to stay open during the works, which the authority promised to study before the contract is signed.",
    ]

    @Test("articles are stored per capture, found by full-text search, and a re-published story is flagged as a near-duplicate")
    func storeSearchAndNearDuplicates() async throws {
        let server = try await TestHTTPServer.start { request in
            switch request.path {
            case "/": .html("<html><body><a href='/a'>A</a> <a href='/b'>B</a> <a href='/c'>C</a></body></html>")
            case "/a": Self.page(title: "Old bridge to close for repairs", paragraphs: Self.story, chrome: "Daily Planet")
            // The same story under another URL and frame, with one word changed: a near-duplicate.
            case "/b": Self.page(title: "Old bridge to close for repairs", paragraphs: Self.story.map {
                $0.replacingOccurrences(of: "Tuesday", with: "Wednesday") }, chrome: "Evening Star Syndication")
            case "/c": Self.page(title: "Library extends opening hours", paragraphs: [
                "The city library will open until nine in the evening from March, the culture office announced, after a survey showed students wanted quiet space to work late.",
                "Extra staff will be hired for the evening shifts and the reading room on the second floor will get new lamps and power sockets at every desk.",
            ], chrome: "Daily Planet")
            default: .notFound
            }
        }
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: [server.origin + "/"], settings: CrawlHarness.settings())
        try await server.shutdown()

        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let status = try await store.status()
        let bridge = try await store.searchArticles("bridge repairs", limit: 10)
        let library = try await store.searchArticles("library", limit: 10)
        let nothing = try await store.searchArticles("volcano", limit: 10)
        let shown = try await store.latestCapture(of: server.origin + "/a")
        await store.close()

        #expect(Set(bridge.map(\.url)) == [server.origin + "/a", server.origin + "/b"])
        #expect(bridge.allSatisfy { $0.snippet.contains("[") })
        #expect(library.map(\.url) == [server.origin + "/c"])
        #expect(nothing.isEmpty)
        #expect(status.nearDuplicates == 1, "exactly one of /a and /b is flagged, /c is not")
        let article = try #require(shown?.article)
        #expect(article.title == "Old bridge to close for repairs")
        #expect(article.text.contains("ferry service"))
        #expect(!article.text.contains("sidebar") && !article.text.contains("footer"))
    }

    @Test("an invalid FTS5 query is a clear error, not a crash")
    func badQuery() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        await #expect(throws: SearchError.self) { try await store.searchArticles("\"unbalanced", limit: 5) }
        await store.close()
    }
}
