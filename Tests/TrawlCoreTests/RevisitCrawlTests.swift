import Foundation
import Synchronization
import Testing
@testable import TrawlCore
import TrawlTestSupport
import TrawlWARC

/// Continuous archiving end to end (issue 9), on loopback servers the tests start: revisits
/// find new articles, conditional requests and 304s, intervals that adapt to what changed.
@Suite("Revisit crawl", .serialized)
struct RevisitCrawlTests {
    /// A news site whose home page lists the articles published so far; the test publishes.
    final class NewsSite: Sendable {
        private let published = Mutex<[Int]>([])

        func publish(_ number: Int) { published.withLock { $0.append(number) } }

        func respond(_ request: RecordedRequest) -> TestResponse {
            switch request.path {
            case "/":
                let links = published.withLock { $0 }.map { "<li><a href=\"/article/\($0)\">Story \($0)</a></li>" }
                return .html("<!DOCTYPE html><html><body><h1>Front page</h1><ul>\(links.joined())</ul></body></html>")
            case let path where path.hasPrefix("/article/"):
                return .html(RevisitCrawlTests.article(title: "Story \(path.dropFirst(9))", paragraph: "Reported on \(path)."))
            default:
                return .notFound
            }
        }
    }

    /// An article page: `chrome` goes in the header (site furniture, not the article).
    static func article(title: String, paragraph: String, chrome: String = "") -> String {
        let body = String(repeating: "\(paragraph) The council met on Tuesday and agreed, after a long debate, to rebuild the old bridge. ", count: 6)
        return """
            <!DOCTYPE html><html><head><title>\(title)</title></head><body>
            <header><nav><a href="/">Home</a> <span class="ticker">\(chrome)</span></nav></header>
            <article><h1>\(title)</h1><p>\(body)</p><p>\(body)</p></article>
            <footer><p>Footer \(chrome)</p></footer></body></html>
            """
    }

    /// A front page: a clock and counter in the header, then a list of 30 story links (link-dense:
    /// the extractor finds no article in it).
    static func frontPage(chrome: String) -> String {
        let links = (1...30).map { "<li><a href=\"/story/\($0)\">Story number \($0)</a></li>" }.joined()
        return """
            <!DOCTYPE html><html><head><title>Front page</title></head><body><header>\(chrome)</header>
            <main><h1>Latest stories</h1><ul>\(links)</ul></main></body></html>
            """
    }

    private func settings(_ rules: [(String, Double)], defaultEvery: Double? = nil, warc: String? = nil) throws -> CrawlSettings {
        var settings = CrawlHarness.settings(delay: .milliseconds(20))
        settings.revisit = RevisitPolicy(
            rules: try rules.map { RevisitPolicy.Rule(pattern: try Scope.Pattern($0.0), every: $0.1) }, defaultEvery: defaultEvery)
        settings.warc = warc.map { WARCSettings(directory: $0) }
        return settings
    }

    /// One row of `captures` for the URL, oldest first.
    private struct Visit {
        var fetchedAt: Double, status: Int?, revisit: Bool, changed: Int?, interval: Double?, hash: [UInt8]?
    }

    private func visits(_ harness: CrawlHarness, _ url: String) throws -> [Visit] {
        try harness.query("""
            SELECT fetched_at, status, revisit, changed, revisit_interval, content_hash FROM captures
            WHERE url = '\(url)' ORDER BY fetched_at, id
            """) {
            Visit(fetchedAt: $0.double(0), status: $0.optionalInt(1), revisit: $0.int(2) != 0, changed: $0.optionalInt(3),
                  interval: $0.optionalDouble(4), hash: $0.blob(5))
        }
    }

    @Test("home page revisited every 2 s: each new article is fetched once, right after the home visit that lists it; articles are not refetched within their interval")
    func newArticles() async throws {
        let site = NewsSite()
        let server = try await TestHTTPServer.start { site.respond($0) }
        let home = server.origin + "/"
        let harness = try CrawlHarness()
        let crawl = try await harness.startService(
            seeds: [home], settings: try settings([("^http://127\\.0\\.0\\.1:\\d+/$", 2)], defaultEvery: 60))
        #expect(await CrawlHarness.waitFor { server.requests().contains { $0.path == "/" } })
        var marks: [Int] = []  // where the request log stood when each article was published
        for number in 1...4 {
            marks.append(server.requests().count)
            site.publish(number)
            let fetched = await CrawlHarness.waitFor { server.requests().contains { $0.path == "/article/\(number)" } }
            #expect(fetched, "article \(number) was never fetched")
        }
        try await crawl.finish()
        try await server.shutdown()

        let requests = server.requests()
        for number in 1...4 {
            let path = "/article/\(number)"
            #expect(requests.filter { $0.path == path }.count == 1, "\(path) fetched more than once within its 60 s interval")
            // Found by the next home revisit and fetched right after it.
            let homes = try #require(requests.hubVisits("/", from: marks[number - 1], before: path))
            #expect(homes <= 2, "\(path): \(homes) home visits between its publication and its fetch")
        }
        // The home page's history: a first visit, then revisits, some of which found it changed.
        let homeVisits = try visits(harness, home)
        #expect(homeVisits.count >= 5)
        #expect(homeVisits.first?.revisit == false && homeVisits.dropFirst().allSatisfy(\.revisit))
        #expect(homeVisits.filter { $0.changed == 1 }.count >= 4, "each publication is a change of the home page")
        for (earlier, later) in zip(homeVisits, homeVisits.dropFirst()) {
            #expect(later.fetchedAt >= earlier.fetchedAt + (earlier.interval ?? 0) - 0.01, "a revisit came before its time")
        }
        // Each article is scheduled for its next visit a minute after it was fetched.
        let articles = try harness.query("SELECT last_visit_at, next_visit_at FROM urls WHERE url LIKE '%/article/%'") {
            ($0.double(0), $0.double(1))
        }
        #expect(articles.count == 4 && articles.allSatisfy { abs($0.1 - $0.0 - 60) < 0.001 })
    }

    @Test("a server answering 304 gets If-None-Match/If-Modified-Since; the 304 is a capture (unchanged, interval grows) and a server-not-modified WARC revisit warcio accepts")
    func notModified() async throws {
        let etag = "\"v1\"", lastModified = "Sun, 29 Nov 2026 10:00:00 GMT"
        let page = Self.article(title: "Stable page", paragraph: "Nothing new here.")
        let server = try await TestHTTPServer.start { request in
            guard request.path == "/" else { return .notFound }
            if request.header("If-None-Match") == etag {
                return TestResponse(status: 304, headers: [(name: "ETag", value: etag)])
            }
            var response = TestResponse.html(page)
            response.headers += [(name: "ETag", value: etag), (name: "Last-Modified", value: lastModified)]
            return response
        }
        let home = server.origin + "/"
        let harness = try CrawlHarness()
        let warc = harness.folder.file("warc")
        let crawl = try await harness.startService(seeds: [home], settings: try settings([("/$", 1)], warc: warc))
        #expect(await CrawlHarness.waitFor { server.requests().filter { $0.path == "/" }.count >= 4 })
        try await crawl.finish()
        try await server.shutdown()

        // At the server: the first visit is unconditional, every revisit carries both validators.
        let homeRequests = server.requests().filter { $0.path == "/" }
        #expect(homeRequests.first?.header("If-None-Match") == nil && homeRequests.first?.header("If-Modified-Since") == nil)
        for request in homeRequests.dropFirst() {
            #expect(request.header("If-None-Match") == etag)
            #expect(request.header("If-Modified-Since") == lastModified)
        }
        // In the database: one 200, then 304 captures, unchanged, with a growing interval.
        let homeVisits = try visits(harness, home)
        #expect(homeVisits.count == homeRequests.count)
        #expect(homeVisits.first?.status == 200)
        let revisits = Array(homeVisits.dropFirst())
        #expect(revisits.count >= 3 && revisits.allSatisfy { $0.status == 304 && $0.revisit && $0.changed == 0 })
        let intervals = homeVisits.compactMap(\.interval)
        #expect(intervals.prefix(4) == [1, 1.5, 2.25, 3.375])
        let state = try harness.query("SELECT state FROM urls WHERE url = '\(home)'") { $0.int(0) }
        #expect(state == [URLState.done.rawValue], "a 304 is an answer, not a failure")

        // In the WARC files: a response, then server-not-modified revisits referring to it.
        let folder = try WARCFolder(warc)
        let response = try #require(folder.of(.response).first { $0.targetURI == home })
        let notModified = folder.of(.revisit).filter { $0.targetURI == home }
        #expect(notModified.count == revisits.count)
        #expect(notModified.allSatisfy {
            $0.headers["WARC-Profile"] == WARCRecord.serverNotModifiedProfile && $0.headers["WARC-Refers-To"] == response.recordID
                && $0.headers["WARC-Refers-To-Target-URI"] == home
        })
        folder.checkRevisits()
        let check = try await WARCExportTests.checkWARCs([warc])
        #expect(check.status == 0, "scripts/check-warcs failed:\n\(check.output)")

        // The CLI: `trawl history --json` lists the visits; `trawl status --json` the split.
        let config = try harness.writeConfig(seeds: [home], "[network]\nallow_private = true\n[warc]\ndir = \"warc\"\n")
        let history = try await TrawlProcess.run(["history", "--config", config, "--json", home])
        #expect(history.status == 0, "\(history.stderr)")
        let parsed = try JSONDecoder().decode(URLHistory.self, from: Data(history.stdout.utf8))
        #expect(parsed.visits.map(\.status) == homeVisits.map(\.status))
        #expect(parsed.visits.dropFirst().allSatisfy { $0.revisit && $0.changed == false })
        #expect(parsed.nextVisitAt != nil && parsed.intervalSeconds == intervals.last)
        let status = try await TrawlProcess.run(["status", "--config", config, "--json"])
        let decoded = try JSONDecoder().decode(CrawlStatus.self, from: Data(status.stdout.utf8))
        let host = try #require(decoded.hosts.first { $0.host == server.origin })
        #expect(host.revisitFetches == revisits.count && host.newFetches >= 1)
        #expect(decoded.revisitsDueNow + decoded.revisitsDueNextHour == 1)
        let show = try await TrawlProcess.run(["show", "--config", config, home])
        #expect(show.stdout.contains("revisit  unchanged"), "\(show.stdout)")
        // `trawl export` of the revisits' time range brings the response they refer to along.
        let exported = harness.folder.file("export")
        let since = String(Int(revisits[0].fetchedAt))
        let export = try await TrawlProcess.run(["export", "--config", config, "--since", since, "--out", exported])
        #expect(export.status == 0, "\(export.stderr)")
        let subset = try WARCFolder(exported)
        #expect(subset.of(.response).contains { $0.recordID == response.recordID })
        #expect(subset.of(.revisit).count == notModified.count)
        subset.checkRevisits()
    }

    @Test("chrome that changes on every fetch is no change (article pages and link hubs alike, rotating off-site ad links included): the interval grows; a page whose article text changes stays at its floor")
    func chromeIsNoChange() async throws {
        let counter = Atomic<Int>(0)
        let server = try await TestHTTPServer.start { request in
            let n = counter.add(1, ordering: .relaxed).newValue
            switch request.path {
            case "/steady": return .html(Self.article(title: "Steady", paragraph: "The same report.", chrome: "visitor \(n) at \(Date())"))
            case "/live": return .html(Self.article(title: "Live", paragraph: "Update number \(n) of the live report."))
            case "/hub":  // an off-site ad link that rotates on every fetch: out of scope, never fetched
                return .html(Self.frontPage(chrome: "\(Date()) visitor \(n) <a href=\"https://ads.example/click/\(n)\">ad</a>"))
            default: return .notFound
            }
        }
        let steady = server.origin + "/steady", live = server.origin + "/live", hub = server.origin + "/hub"
        let harness = try CrawlHarness()
        let crawl = try await harness.startService(seeds: [steady, live, hub], settings: try settings([("/(steady|live|hub)$", 1)]))
        #expect(await CrawlHarness.waitFor {
            let requests = server.requests()
            return ["/steady", "/live", "/hub"].allSatisfy { path in requests.filter { $0.path == path }.count >= 4 }
        })
        try await crawl.finish()
        try await server.shutdown()

        let steadyVisits = try visits(harness, steady)
        #expect(Set(steadyVisits.compactMap(\.hash)).count == steadyVisits.count, "the chrome really changed the body each time")
        #expect(steadyVisits.dropFirst().allSatisfy { $0.changed == 0 })
        #expect(steadyVisits.compactMap(\.interval).prefix(4) == [1, 1.5, 2.25, 3.375])
        // A hub without an article (a front page) is judged on its in-scope links, not its clock or ads.
        let hubVisits = try visits(harness, hub)
        #expect(hubVisits.count >= 4 && hubVisits.dropFirst().allSatisfy { $0.changed == 0 })
        #expect(hubVisits.compactMap(\.interval).prefix(3) == [1, 1.5, 2.25])
        let liveVisits = try visits(harness, live)
        #expect(liveVisits.dropFirst().allSatisfy { $0.changed == 1 })
        #expect(liveVisits.allSatisfy { $0.interval == 1 }, "a changing page is revisited at its floor")
    }

    @Test("`trawl crawl` semantics: each URL at most once per run, even when its interval passes during the run; a later run makes the due ones, and only those")
    func oneShotCrawl() async throws {
        let server = try await TestHTTPServer.start { request in
            switch request.path {
            case "/": .html("<!DOCTYPE html><p>Home <a href=\"/a\">a</a> <a href=\"/b\">b</a></p>")
            case "/a", "/b": .html(Self.article(title: "Page \(request.path)", paragraph: "Text of \(request.path)."))
            default: .notFound
            }
        }
        let home = server.origin + "/"
        let harness = try CrawlHarness()
        // The home page's 1 s interval passes while the 0.6 s-spaced crawl runs: still one visit.
        var quick = try settings([("/$", 1)])
        quick.politeness.delay = .milliseconds(600)
        let quickHarness = try CrawlHarness()
        try await quickHarness.crawl(seeds: [home], settings: quick)
        #expect(server.requests().filter { $0.path == "/" }.count == 1, "a one-shot crawl visits each URL once")
        server.clearRequests()

        let settings = try settings([("/$", 3600)], defaultEvery: 7 * 86_400)
        try await harness.crawl(seeds: [home], settings: settings)  // returns: nothing is due now
        let first = server.requests().filter { $0.path != "/robots.txt" }.count
        #expect(first >= 3)
        try await harness.crawl(seeds: [home], settings: settings)
        #expect(server.requests().filter { $0.path != "/robots.txt" }.count == first, "nothing was due: nothing fetched")

        // The home page's visit falls due (as if an hour passed): the next run revisits it alone.
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        var status = try await store.status()
        #expect(status.revisitsDueNow == 0 && status.revisitsDueNextHour == 1)
        await store.close()
        _ = try harness.query("UPDATE urls SET next_visit_at = 1 WHERE url = '\(home)' RETURNING id") { $0.int(0) }
        try await harness.crawl(seeds: [home], settings: settings)
        let third = server.requests().filter { $0.path != "/robots.txt" }.dropFirst(first)
        #expect(third.map(\.path) == ["/"])
        let reopened = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        status = try await reopened.status()
        await reopened.close()
        let host = try #require(status.hosts.first)
        #expect(host.revisitFetches == 1 && host.newFetches == first)
        #expect(try visits(harness, home).last?.changed == 0)
    }

    @Test("a config change reaches URLs already fetched: after a one-shot crawl (default never), a new [[revisit]] rule for the home page makes `trawl run` revisit it; a page no rule matches stays unscheduled")
    func configChangeReachesFetchedURLs() async throws {
        let server = try await TestHTTPServer.start { request in
            switch request.path {
            case "/": .html("<!DOCTYPE html><p>Home <a href=\"/a\">a</a></p>")
            case "/a": .html(Self.article(title: "Page a", paragraph: "Text of a."))
            default: .notFound
            }
        }
        let home = server.origin + "/"
        let harness = try CrawlHarness()
        try await harness.crawl(seeds: [home], settings: try settings([]))
        #expect(try harness.query("SELECT count(*) FROM urls WHERE next_visit_at IS NOT NULL") { $0.int(0) } == [0])
        server.clearRequests()

        let crawl = try await harness.startService(seeds: [home], settings: try settings([("/$", 1)]))
        let revisited = await CrawlHarness.waitFor { server.requests().contains { $0.path == "/" } }
        try await crawl.finish()
        try await server.shutdown()
        #expect(revisited, "the home page was never revisited under the new rule")
        #expect(!server.requests().contains { $0.path == "/a" }, "no rule matches /a: it is not revisited")
        #expect(try visits(harness, home).last?.revisit == true)
    }

    @Test("store: due revisits are promoted earliest first with the next due time; a refill brings new URLs and revisits interleaved, however many of one kind wait")
    func promotionAndRefill() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let origin = "https://news.example"
        let added = try await store.insert((0..<10).map { Discovery(url: "\(origin)/\($0)", origin: origin, depth: 1) }, from: nil)
        let hostID = try #require(added.first?.hostID)
        // 0–5 were visited: 0–3 are due (at 10, 11, 12, 13), 4 is due at 5000, 5 never; 6–9 are new.
        _ = try harness.query("""
            UPDATE urls SET state = 2, last_visit_at = 1,
                next_visit_at = CASE WHEN id - \(added[0].id) < 4 THEN 10 + id - \(added[0].id) WHEN id - \(added[0].id) = 4 THEN 5000 END
            WHERE id - \(added[0].id) < 6 RETURNING id
            """) { $0.int(0) }
        let promoted = try await store.promoteDueRevisits(now: 100, limit: 3)
        #expect(promoted.entries.map(\.url) == (0..<3).map { "\(origin)/\($0)" } && promoted.entries.allSatisfy(\.isRevisit))
        #expect(promoted.nextDue == 100, "the batch was full: more are due now")
        let rest = try await store.promoteDueRevisits(now: 100, limit: 3)
        #expect(rest.entries.map(\.url) == ["\(origin)/3"] && rest.nextDue == 5000)

        let refill = try await store.queuedURLs(hostID: hostID, origin: origin, limit: 2)
        #expect(refill.map(\.url) == ["/6", "/0", "/7", "/1"].map { origin + $0 })
        #expect(refill.map(\.isRevisit) == [false, true, false, true])
        await store.close()
    }

    @Test("fairness: 30 due revisits and 10 new links on one host take turns; the new pages are not left until the revisits are done")
    func newAndRevisitsTakeTurns() async throws {
        let fresh = Mutex(false)
        let server = try await TestHTTPServer.start { request in
            switch request.path {
            case "/":
                let old = (1...30).map { "<a href=\"/old/\($0)\">old \($0)</a>" }
                let new = fresh.withLock { $0 } ? (1...10).map { "<a href=\"/new/\($0)\">new \($0)</a>" } : []
                return .html("<!DOCTYPE html><p>" + (old + new).joined(separator: " ") + "</p>")
            case let path where path.hasPrefix("/old/") || path.hasPrefix("/new/"): return .html("<p>\(path)</p>")
            default: return .notFound
            }
        }
        let home = server.origin + "/"
        let harness = try CrawlHarness()
        var settings = try settings([], defaultEvery: 3600)
        settings.politeness.delay = .milliseconds(100)  // 3 s of revisits: time to parse the home page
        try await harness.crawl(seeds: [home], settings: settings)
        // An hour later (as far as the schedule knows): everything is due, and 10 stories are new.
        _ = try harness.query("UPDATE urls SET next_visit_at = 1 WHERE next_visit_at IS NOT NULL RETURNING id") { $0.int(0) }
        fresh.withLock { $0 = true }
        server.clearRequests()
        try await harness.crawl(seeds: [home], settings: settings)
        try await server.shutdown()

        let paths = server.requests().map(\.path).filter { $0.hasPrefix("/old/") || $0.hasPrefix("/new/") }
        #expect(Set(paths.filter { $0.hasPrefix("/new/") }).count == 10 && paths.filter { $0.hasPrefix("/old/") }.count == 30)
        // From the first new page on, new pages and revisits alternate while both wait: the ten
        // new ones come within the next 20 requests, not after the remaining revisits.
        let firstNew = try #require(paths.firstIndex { $0.hasPrefix("/new/") })
        let window = paths[firstNew...].prefix(20)
        #expect(window.filter { $0.hasPrefix("/new/") }.count == 10, "\(paths)")
        let oldAfter = paths[firstNew...].filter { $0.hasPrefix("/old/") }.count
        #expect(oldAfter > 0, "the new pages were found while revisits still waited: \(paths)")
        #expect(window.filter { $0.hasPrefix("/old/") }.count >= min(9, oldAfter), "revisits keep their turns: \(paths)")
    }
}
