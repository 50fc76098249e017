import Foundation
import Synchronization
import Testing
@testable import TrawlCore
import TrawlTestSupport

/// RSS/Atom feeds as hubs, measured at the servers: pages linked only from a feed are crawled
/// once and archived, out-of-scope entries are not fetched, probes that miss cost no back-off.
@Suite("Feeds (crawls)", .serialized)
struct FeedCrawlTests {
    static let article = "<!DOCTYPE html><html><head><title>Story</title></head><body><p>A story.</p></body></html>"

    /// A news site whose articles are linked only from its RSS feed, announced on the home page.
    /// The feed lists one URL twice (once with a tracking parameter) and one on `outside`.
    static func rssSite(outside: String) async throws -> TestHTTPServer {
        try await TestHTTPServer.start { request in
            let origin = request.serverOrigin
            switch request.path {
            case "/robots.txt": return .notFound
            case "/":
                return .html("""
                    <!DOCTYPE html><html><head><title>News</title>
                    <link rel="alternate" type="application/rss+xml" title="News &raquo; Feed" href="/news/rss">
                    </head><body><p>Latest news: see the feed.</p><a href="/about">About</a></body></html>
                    """)
            case "/news/rss":
                let items = [
                    "<link>\(origin)/2024/05/first</link><pubDate>Mon, 06 May 2024 07:00:00 GMT</pubDate>",
                    "<link><![CDATA[/2024/05/second?id=2&lang=en]]></link><pubDate>Tue, 07 May 2024 07:00:00 GMT</pubDate>",
                    "<guid>\(origin)/2024/05/third</guid>",
                    "<link>\(origin)/2024/05/first?utm_source=rss&amp;utm_medium=feed</link>",
                    "<link>\(outside)/syndicated/story</link>",
                ].map { "<item><title>t</title>\($0)<description>&lt;a href=\"/not-an-entry\"&gt;x&lt;/a&gt;</description></item>" }
                return TestResponse(
                    headers: [("Content-Type", "application/rss+xml; charset=UTF-8")],
                    body: Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>News</title><link>\(origin)/</link>\(items.joined())</channel></rss>".utf8))
            case "/about", "/2024/05/first", "/2024/05/second", "/2024/05/third": return .html(Self.article)
            default: return .notFound
            }
        }
    }

    /// A blog that announces nothing: its entries are only in an Atom feed at /atom.xml (served
    /// as text/xml, with xml:base), found by probing.
    static func atomSite(outside: String) async throws -> TestHTTPServer {
        try await TestHTTPServer.start { request in
            switch request.path {
            case "/robots.txt": return .notFound
            case "/": return .html("<!DOCTYPE html><html><body><p>A quiet blog.</p></body></html>")
            case "/atom.xml":
                return TestResponse(headers: [("Content-Type", "text/xml")], body: Array("""
                    <?xml version="1.0" encoding="utf-8"?>
                    <feed xmlns="http://www.w3.org/2005/Atom" xml:base="/posts/">
                      <title>Blog</title><link rel="self" href="/atom.xml"/>
                      <entry><link rel="alternate" type="text/html" href="one.html"/><link rel="edit" href="/api/one"/>
                        <updated>2024-05-06T00:00:00Z</updated></entry>
                      <entry xml:base="2024/"><link href="two.html"/><link rel="enclosure" href="/media/two.mp3"/></entry>
                      <entry><link href="\(outside)/elsewhere.html"/></entry>
                    </feed>
                    """.utf8))
            case "/posts/one.html", "/posts/2024/two.html": return .html(Self.article)
            default: return .notFound
            }
        }
    }

    /// Crawls both sites (seeded by their home pages) beside the out-of-scope server; returns
    /// the three servers, shut down, with the requests they saw.
    static func crawlSites(_ harness: CrawlHarness, probe: Bool, warc: String? = nil) async throws
        -> (rss: TestHTTPServer, atom: TestHTTPServer, outside: TestHTTPServer) {
        let outside = try await TestHTTPServer.start { _ in .html(Self.article) }
        let rss = try await Self.rssSite(outside: outside.origin)
        let atom = try await Self.atomSite(outside: outside.origin)
        var settings = CrawlHarness.settings(delay: .milliseconds(1), perHost: 2)
        settings.scope.feeds = true
        settings.scope.probeFeeds = probe
        if let warc { settings.warc = WARCSettings(directory: warc) }
        try await harness.crawl(seeds: [rss.origin + "/", atom.origin + "/"], settings: settings)
        for server in [rss, atom, outside] { try await server.shutdown() }
        return (rss, atom, outside)
    }

    static func counts(_ server: TestHTTPServer) -> [String: Int] {
        server.requests().filter { $0.path != "/robots.txt" }.reduce(into: [:]) { $0[$1.target, default: 0] += 1 }
    }

    @Test("entries of an announced RSS feed and of a probed Atom feed are each fetched once and archived; out-of-scope entries are not fetched")
    func feedOnlyArticles() async throws {
        let harness = try CrawlHarness()
        let warcFolder = harness.folder.file("warc")
        let (rss, atom, outside) = try await Self.crawlSites(harness, probe: true, warc: warcFolder)

        let rssArticles = ["/2024/05/first", "/2024/05/second?id=2&lang=en", "/2024/05/third"]
        let atomArticles = ["/posts/one.html", "/posts/2024/two.html"]
        let rssCounts = Self.counts(rss), atomCounts = Self.counts(atom)
        for path in rssArticles + ["/", "/news/rss", "/about"] { #expect(rssCounts[path] == 1, "\(path) on the RSS site: \(rssCounts)") }
        for path in atomArticles + ["/", "/atom.xml"] { #expect(atomCounts[path] == 1, "\(path) on the Atom site: \(atomCounts)") }
        #expect(rssCounts["/not-an-entry"] == nil, "an entry's escaped HTML description is not a link")
        #expect(atomCounts["/api/one"] == nil && atomCounts["/media/two.mp3"] == nil, "only alternate links are entries")
        #expect(outside.requests().isEmpty, "out-of-scope feed entries are not fetched")
        // Each probe was asked once on each seed host and missed (404) there, except /atom.xml.
        for path in FeedSeeds.paths where path != "/atom.xml" {
            #expect(rssCounts[path] == 1 && atomCounts[path] == 1, "probe \(path)")
        }

        // Depths: the announced feed at its page's depth, the probed one at 0, entries one hop on.
        let depths = Dictionary(uniqueKeysWithValues: try harness.query("SELECT url, depth FROM urls") { ($0.string(0) ?? "", $0.int(1)) })
        #expect(depths[rss.origin + "/news/rss"] == 0)
        #expect(depths[atom.origin + "/atom.xml"] == 0)
        for path in rssArticles { #expect(depths[rss.origin + path] == 1, "\(path)") }
        for path in atomArticles { #expect(depths[atom.origin + path] == 1, "\(path)") }

        // Archived: one capture each, a WARC response record for the feeds and every entry.
        let captures = try harness.captureCounts()
        let archived = rssArticles.map { rss.origin + $0 } + atomArticles.map { atom.origin + $0 }
            + [rss.origin + "/news/rss", atom.origin + "/atom.xml"]
        for url in archived { #expect(captures[url] == 1, "\(url)") }
        let warc = try WARCFolder(warcFolder)
        // The articles share one body: the first is a response, the others identical-payload revisits.
        let records = Set((warc.of(.response) + warc.of(.revisit)).compactMap(\.targetURI))
        for url in archived { #expect(records.contains(url), "WARC response or revisit for \(url)") }
        warc.checkRevisits()
        let feedOutlinks = try #require(warc.of(.metadata).first { $0.targetURI == rss.origin + "/news/rss" })
        #expect(String(decoding: feedOutlinks.payload, as: UTF8.self).contains(outside.origin + "/syndicated/story"),
                "the feed's metadata record lists its entries, in scope or not")

        // Probes that missed are plain 404 captures, not host failures: no back-off.
        let hosts = try harness.query("SELECT origin, failures, coalesce(delay_reason, '') FROM hosts") { ($0.string(0) ?? "", $0.int(1), $0.string(2) ?? "") }
        for host in hosts where host.0 != outside.origin {
            #expect(host.1 == 0, "\(host.0) counted failures")
            #expect(host.2 != "backoff" && host.2 != "parked", "\(host.0) backed off")
        }
    }

    /// A site whose home page never changes and announces /feed.xml, which lists the articles
    /// published so far and a new `lastBuildDate` on every fetch; the test publishes.
    final class PublishingSite: Sendable {
        private let published = Mutex<[Int]>([])
        private let builds = Atomic<Int>(0)

        func publish(_ number: Int) { published.withLock { $0.append(number) } }

        func respond(_ request: RecordedRequest) -> TestResponse {
            switch request.path {
            case "/":
                return .html("<!DOCTYPE html><html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed.xml\"></head><body><p>Front</p></body></html>")
            case "/feed.xml":
                let build = builds.add(1, ordering: .relaxed).newValue
                let items = published.withLock { $0 }.reversed().map { "<item><title>Story \($0)</title><link>/story/\($0)</link></item>" }
                return TestResponse(headers: [("Content-Type", "application/rss+xml")], body: Array(
                    "<rss version=\"2.0\"><channel><title>News</title><lastBuildDate>build \(build)</lastBuildDate>\(items.joined())</channel></rss>".utf8))
            case let path where path.hasPrefix("/story/"): return .html(FeedCrawlTests.article)
            default: return .notFound
            }
        }
    }

    @Test("a feed revisited every 2 s: each new entry is fetched once soon after it appears; a visit with only a new build date is no change")
    func revisitedFeed() async throws {
        let site = PublishingSite()
        let server = try await TestHTTPServer.start { site.respond($0) }
        let feed = server.origin + "/feed.xml"
        var settings = CrawlHarness.settings(delay: .milliseconds(20))
        settings.scope.feeds = true
        settings.revisit = RevisitPolicy(rules: [RevisitPolicy.Rule(pattern: try Scope.Pattern("/feed\\.xml$"), every: 2)], defaultEvery: 600)
        let harness = try CrawlHarness()
        let crawl = try await harness.startService(seeds: [server.origin + "/"], settings: settings)
        func feedVisits() -> Int { server.requests().filter { $0.path == "/feed.xml" }.count }
        #expect(await CrawlHarness.waitFor { feedVisits() >= 1 })
        var marks: [Int] = []  // where the request log stood when each story was published
        for number in 1...3 {
            marks.append(server.requests().count)
            site.publish(number)
            #expect(await CrawlHarness.waitFor { server.requests().contains { $0.path == "/story/\(number)" } }, "story \(number) never fetched")
        }
        // One more feed visit after the last story: same entries, only a new build date.
        let seen = feedVisits()
        #expect(await CrawlHarness.waitFor { feedVisits() > seen })
        #expect(try await CrawlHarness.waitFor {
            try harness.query("SELECT count(*) FROM captures WHERE url = '\(feed)'") { $0.int(0) }.first ?? 0 > seen
        })
        try await crawl.finish()
        try await server.shutdown()

        let requests = server.requests()
        for number in 1...3 {
            let path = "/story/\(number)"
            #expect(requests.filter { $0.path == path }.count == 1, "\(path) fetched more than once")
            // Found by the next feed visit and fetched right after it.
            let feedsBetween = try #require(requests.hubVisits("/feed.xml", from: marks[number - 1], before: path))
            #expect(feedsBetween <= 2, "\(path): \(feedsBetween) feed visits between its publication and its fetch")
        }
        #expect(requests.filter { $0.path == "/" }.count == 1, "the home page is not revisited within its 600 s")
        let changes = try harness.query("SELECT changed FROM captures WHERE url = '\(feed)' ORDER BY fetched_at, id") { $0.optionalInt(0) }
        #expect(changes.filter { $0 == 1 }.count >= 3, "each publication changes the feed: \(changes)")
        #expect(changes.last == 0, "a new lastBuildDate alone is no change: \(changes)")
    }

    @Test("with probe_feeds off (the default) no feed path is guessed: an unannounced feed's entries are not found")
    func probingOff() async throws {
        let (rss, atom, _) = try await Self.crawlSites(try CrawlHarness(), probe: false)
        #expect(Set(Self.counts(atom).keys) == ["/"])
        let rssCounts = Self.counts(rss)
        #expect(rssCounts["/2024/05/third"] == 1, "announced feeds are read without probing")
        for path in FeedSeeds.paths { #expect(rssCounts[path] == nil, "probe \(path) sent") }
    }
}
