import Foundation
import Testing
@testable import TrawlCore

/// Hub entries (feed entries, Google News sitemap entries) get frontier priority 1, and a
/// host's new URLs are served by (priority desc, depth, id): in the scheduler's ready heap and
/// in the store's refill, whose order an index gives without a sort.
@Suite("Frontier priority")
struct FrontierPriorityTests {
    private static let origin = "https://news.example"

    @Test("Scheduler: a priority entry is dispatched before the older same-depth entries of its host, then the rest breadth-first")
    func priorityEntryGoesFirst() async {
        let scheduler = Scheduler(politeness: Politeness(
            delay: .zero, perHost: 1, transfers: 16, robots: RobotsPolicy(mode: .ignore)))
        func entry(_ id: Int64, depth: Int, priority: Int = 0) -> FrontierEntry {
            FrontierEntry(id: id, url: "\(Self.origin)/\(id)", hostID: 1, origin: Self.origin, depth: depth,
                          redirects: 0, attempts: 0, notBefore: 0, priority: priority)
        }
        await scheduler.add([entry(1, depth: 1), entry(2, depth: 1), entry(3, depth: 2)])
        await scheduler.add([entry(10, depth: 1, priority: 1), entry(11, depth: 2, priority: 1)])
        var order: [Int64] = []
        for _ in 0..<20 where order.count < 5 {
            let poll = await scheduler.poll()
            for dispatched in poll.dispatch {
                order.append(dispatched.id)
                await scheduler.fetchFinished(dispatched, signal: nil)
                await scheduler.complete(dispatched)
            }
        }
        #expect(order == [10, 11, 1, 2, 3], "dispatch order \(order)")
    }

    @Test("Refill: a host's priority rows come first, then breadth-first; priority is stored with the URL and a known URL keeps its row")
    func refillReturnsPriorityRowsFirst() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let older = try await store.insert(["/a", "/b", "/c"].map {
            Discovery(url: Self.origin + $0, origin: Self.origin, depth: 1)
        }, from: nil)
        let hub = try await store.insert([
            Discovery(url: Self.origin + "/new", origin: Self.origin, depth: 1, priority: 1),
            Discovery(url: Self.origin + "/a", origin: Self.origin, depth: 1, priority: 1),  // known: ignored
        ], from: nil)
        #expect(hub.map(\.url) == [Self.origin + "/new"] && hub.first?.priority == 1)
        let refill = try await store.queuedURLs(hostID: older[0].hostID, origin: Self.origin, limit: 10)
        #expect(refill.map(\.url) == ["/new", "/a", "/b", "/c"].map { Self.origin + $0 }, "\(refill.map(\.url))")
        #expect(refill.map(\.priority) == [1, 0, 0, 0])
        let limited = try await store.queuedURLs(hostID: older[0].hostID, origin: Self.origin, limit: 1)
        #expect(limited.map(\.url) == [Self.origin + "/new"], "a refill of one brings the priority row")
        await store.close()
    }

    @Test("Refill query plans: each kind is read in its index's order, with no sort")
    func refillUsesIndexes() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        await store.close()
        for revisits in [false, true] {
            let plan = try harness.query("EXPLAIN QUERY PLAN " + CrawlStore.queuedURLsQuery(revisits: revisits)) {
                $0.string(3) ?? ""
            }.joined(separator: "; ")
            let index = revisits ? "urls_queued_revisits" : "urls_host_queue"
            #expect(plan.contains("USING INDEX \(index)"), "\(plan)")
            #expect(!plan.contains("TEMP B-TREE"), "the refill sorts: \(plan)")
        }
    }

    @Test("Frontier index plans (v16): recovery reads urls_in_flight, per-host and global state counts are covered by urls_host_queue, a URL is found by urls_host_url and `trawl show` finds its captures by url_id, none scans a table")
    func frontierIndexPlans() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        await store.close()
        let queries = [
            "UPDATE urls SET state = 0 WHERE state = 1": "urls_in_flight",
            "SELECT count(*) FROM urls u WHERE u.host_id = 1 AND u.state = 2": "COVERING INDEX urls_host_queue",
            "SELECT state, count(*) FROM urls GROUP BY state": "COVERING INDEX urls_host_queue",
            CrawlStore.urlLookupQuery: "INDEX urls_host_url (host_id=? AND url_hash=?)",
            "SELECT id FROM urls WHERE " + CrawlStore.urlRowByText: "INDEX urls_host_url (host_id=? AND url_hash=?)",
            // `trawl show`: captures through the URL's row, not a scan of captures by text.
            CrawlStore.latestCaptureQuery: "INDEX captures_url (url_id=?)",
            "SELECT h.id FROM hosts h WHERE EXISTS (SELECT 1 FROM urls u WHERE u.host_id = h.id AND u.state = 0)":
                "COVERING INDEX urls_host_queue",
        ]
        for (sql, index) in queries {
            let plan = try harness.query("EXPLAIN QUERY PLAN " + sql) { $0.string(3) ?? "" }.joined(separator: "; ")
            #expect(plan.contains(index), "\(sql): \(plan)")
        }
    }

    @Test("Feed entries and Google News sitemap entries get priority 1; ordinary sitemap entries 0")
    func hubEntriesArePriority() throws {
        let scope = Scope(seedOrigins: [Self.origin])
        let feedEntry = FrontierEntry(id: 1, url: Self.origin + "/feed", hostID: 1, origin: Self.origin, depth: 0,
                                      redirects: 0, attempts: 0, notBefore: 0)
        let rss = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
            <item><link>\(Self.origin)/story</link></item></channel></rss>
            """
        let feed = try #require(FeedLinks.links(of: Array(rss.utf8), contentType: "application/rss+xml",
                                                entry: feedEntry, scope: scope))
        #expect(feed.discoveries.map(\.priority) == [1] && feed.discoveries.first?.depth == 1)
        var sitemapEntry = feedEntry
        sitemapEntry.url = Self.origin + "/sitemap.xml"
        let sitemap = """
            <?xml version="1.0"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                    xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
            <url><loc>\(Self.origin)/old</loc><lastmod>2026-01-01</lastmod></url>
            <url><loc>\(Self.origin)/breaking</loc><news:news><news:publication_date>2026-11-29T10:00:00Z</news:publication_date></news:news></url>
            </urlset>
            """
        let links = try #require(SitemapLinks.links(of: Array(sitemap.utf8), entry: sitemapEntry, scope: scope))
        let priorities = Dictionary(uniqueKeysWithValues: links.discoveries.map { ($0.url, $0.priority) })
        #expect(priorities == [Self.origin + "/breaking": 1, Self.origin + "/old": 0], "\(priorities)")
    }
}
