import Foundation
import Testing
import TrawlApp
@testable import TrawlCore
import TrawlFetch

/// The feed branch of the page pipeline, the probe list and the `[scope]` feed keys, without sockets.
@Suite("Feeds (pipeline and config)")
struct FeedUnitTests {
    static let origin = "https://news.example"

    static func scope(feeds: Bool = true, probe: Bool = false, exclude: [String] = []) throws -> Scope {
        Scope(seedOrigins: [origin], maxDepth: 5, exclude: try exclude.map(Scope.Pattern.init),
              sitemaps: true, feeds: feeds, probeFeeds: probe)
    }

    static func process(
        _ body: String, contentType: String, url: String = origin + "/feed/", depth: Int = 2, scope: Scope,
        revisit: RevisitPolicy = RevisitPolicy()
    ) -> PageOutcome {
        let entry = FrontierEntry(id: 1, url: url, hostID: 1, origin: origin, depth: depth, redirects: 0, attempts: 0, notBefore: 0)
        let response = FetchResponse(
            url: url, status: 200, httpVersion: "HTTP/1.1",
            headers: [HTTPHeader(name: "Content-Type", value: contentType)], body: Array(body.utf8))
        return PageProcessor(scope: scope, maxRedirects: 5, retry: RetryPolicy(), revisit: revisit)
            .process(entry, .success(response), attempt: 1)
    }

    @Test("[scope] feeds defaults on and probe_feeds off; both are read; a wrong type is a located error")
    func configKeys() throws {
        let defaults = try TrawlConfig.parse(text: "seeds = []\n", file: "/srv/t.toml").settings.scope
        #expect(defaults.feeds)
        #expect(!defaults.probeFeeds)
        let set = try TrawlConfig.parse(text: "[scope]\nfeeds = false\nprobe_feeds = true\n", file: "/srv/t.toml").settings.scope
        #expect(!set.feeds)
        #expect(set.probeFeeds)
        do {
            _ = try TrawlConfig.parse(text: "seeds = []\n[scope]\nprobe_feeds = \"yes\"\n", file: "/srv/t.toml")
            Issue.record("accepted a string for probe_feeds")
        } catch {
            #expect(error.key == "scope.probe_feeds")
            #expect(error.line == 3)
        }
    }

    @Test("probes: six paths at depth 0 on a seed's host only, through the scope rules; none when off")
    func probes() throws {
        let on = try Self.scope(probe: true, exclude: ["/rss$"])
        let probes = FeedSeeds.discoveries(origin: Self.origin, scope: on)
        #expect(probes.map(\.url) == ["/feed", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml"].map { Self.origin + $0 })
        #expect(probes.allSatisfy { $0.depth == 0 && $0.origin == Self.origin })
        var included = on
        included.include = [try Scope.Pattern("^https://other\\.example/")]
        #expect(FeedSeeds.discoveries(origin: "https://other.example", scope: included).isEmpty, "not a seed's host")
        #expect(FeedSeeds.discoveries(origin: Self.origin, scope: try Self.scope(probe: false)).isEmpty)
        #expect(FeedSeeds.discoveries(origin: Self.origin, scope: try Self.scope(feeds: false, probe: true)).isEmpty)
    }

    @Test("a feed served as text/html: entries newest first at depth + 1, xml:base resolved, canonicalized, each once; out of scope only in outlinks")
    func feedBranch() throws {
        let atom = """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="/blog/">
              <entry><link href="old"/><updated>2020-01-01T00:00:00Z</updated></entry>
              <entry><link href="new?utm_source=feed"/><updated>2024-01-01T00:00:00Z</updated></entry>
              <entry><link href="undated"/></entry>
              <entry><link href="https://elsewhere.example/x"/><updated>2023-01-01T00:00:00Z</updated></entry>
              <entry><link href="/blog/new"/></entry>
              <entry><link href="mailto:editor@news.example"/></entry>
            </feed>
            """
        let outcome = Self.process(atom, contentType: "text/html; charset=utf-8", scope: try Self.scope())
        #expect(outcome.discoveries.map(\.url) == ["/blog/new", "/blog/old", "/blog/undated"].map { Self.origin + $0 })
        #expect(outcome.discoveries.allSatisfy { $0.depth == 3 })
        #expect(outcome.outlinks.contains("https://elsewhere.example/x"))
        #expect(outcome.article == nil, "a feed is not an article page")
        let off = Self.process(atom, contentType: "application/atom+xml", scope: try Self.scope(feeds: false))
        #expect(off.discoveries.isEmpty, "[scope] feeds = false: not read")
    }

    @Test("announced feeds are hubs only on a depth-0 page or one a [[revisit]] rule picks out (queued at its depth); elsewhere (a post's comments feed) an ordinary link one hop on")
    func announcedFeedDepth() throws {
        let html = """
            <!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed/">
            <link rel="alternate" type="application/atom+xml" href="https://elsewhere.example/atom"></head>
            <body><a href="/a">a</a><a href="/feed/">the feed again</a></body></html>
            """
        let outcome = Self.process(html, contentType: "text/html", url: Self.origin + "/section/", scope: try Self.scope())
        let depths = Dictionary(uniqueKeysWithValues: outcome.discoveries.map { ($0.url, $0.depth) })
        #expect(depths == [Self.origin + "/feed/": 3, Self.origin + "/a": 3], "a depth-2 page no rule picks out")
        let hub = RevisitPolicy(rules: [RevisitPolicy.Rule(pattern: try Scope.Pattern("/section/$"), every: 900)], defaultEvery: 86_400)
        let picked = Self.process(html, contentType: "text/html", url: Self.origin + "/section/", scope: try Self.scope(), revisit: hub)
        #expect(picked.discoveries.first { $0.url == Self.origin + "/feed/" }?.depth == 2, "a [[revisit]] hub: at its own depth")
        let home = Self.process(html, contentType: "text/html", url: Self.origin + "/", depth: 0, scope: try Self.scope())
        #expect(home.discoveries.first { $0.url == Self.origin + "/feed/" }?.depth == 0, "a depth-0 page: at its own depth")
        let off = Self.process(html, contentType: "text/html", url: Self.origin + "/section/", scope: try Self.scope(feeds: false))
        #expect(off.discoveries.first { $0.url == Self.origin + "/feed/" }?.depth == 3, "feeds off: an ordinary alternate link")
    }

    @Test("a feed's revisit fingerprint is its set of entry links: a new build date or item order is no change, a new entry is")
    func feedFingerprint() throws {
        func rss(_ built: String, _ paths: [String]) -> String {
            "<rss><channel><lastBuildDate>\(built)</lastBuildDate>"
                + paths.map { "<item><link>\($0)</link><description>\(built)</description></item>" }.joined() + "</channel></rss>"
        }
        let scope = try Self.scope()
        func fingerprint(_ body: String) -> [UInt8]? {
            ContentFingerprint.of(Self.process(body, contentType: "application/rss+xml", scope: scope))
        }
        let first = try #require(fingerprint(rss("Mon, 06 May 2024 07:00:00 GMT", ["/a", "/b"])))
        #expect(fingerprint(rss("Mon, 06 May 2024 07:15:00 GMT", ["/b", "/a"])) == first)
        #expect(fingerprint(rss("Mon, 06 May 2024 07:30:00 GMT", ["/c", "/a", "/b"])) != first)
    }

    @Test("a probe's 404 is an answer, not a host failure: no back-off")
    func notFoundIsAnswered() {
        let response = FetchResponse(url: Self.origin + "/feed", status: 404, httpVersion: "HTTP/1.1", headers: [], body: [],
                                     duration: .milliseconds(3))
        #expect(HostPoliteness.Signal.classify(.success(response)) == .answered(duration: .milliseconds(3)))
    }
}
