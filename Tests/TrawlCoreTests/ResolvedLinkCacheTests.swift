import Testing
@testable import TrawlCore
import TrawlFetch
import TrawlURL

/// The per-crawl memo of resolved links (``ResolvedLinkCache``): only references whose resolution
/// does not depend on the page's path are memoized, and a page's links come out the same with it
/// as without it.
@Suite("Resolved link cache")
struct ResolvedLinkCacheTests {
    static let origin = "https://news.example"

    /// Links of every kind the key rules tell apart, some in scope, some not, some stripped.
    static let links = [
        "/a", "/a/../b?utm_source=x&k=1", "/", "http://news.example/y", "https://news.example/y#f",
        "https://other.example/x", "rel/ative", "../up", "//cdn.example/z", "/\\evil.example/p",
        "mailto:x@y", "?q=1", "#top", "/deep/1/2/3/4/5/6/7/8/9", "HTTPS://news.example/Upper",
        "http://[bad/", "/sessions;jsessionid=ABC/x",
    ]

    static func page(_ url: String) -> (FrontierEntry, FetchResponse) {
        let html = "<html><body>" + links.map { "<a href=\"\($0)\">x</a>" }.joined() + "</body></html>"
        let entry = FrontierEntry(id: 1, url: url, hostID: 1, origin: origin, depth: 1, redirects: 0, attempts: 0, notBefore: 0)
        let response = FetchResponse(
            url: url, status: 200, httpVersion: "HTTP/1.1",
            headers: [HTTPHeader(name: "Content-Type", value: "text/html")], body: Array(html.utf8))
        return (entry, response)
    }

    static func processor() -> PageProcessor {
        let scope = Scope(seedOrigins: [origin], maxDepth: 5, maxPathSegments: 8)
        return PageProcessor(scope: scope, maxRedirects: 5, retry: RetryPolicy())
    }

    @Test("pages processed with a shared cache give the same discoveries and outlinks as each page alone; a second page of the host is served from the cache, another port is not")
    func sameLinksWithAndWithoutCache() throws {
        let shared = Self.processor()
        let pages = [
            Self.origin + "/2019/p1.html", Self.origin + ":8443/other/p2.html", Self.origin + "/x/y/p3.html",
        ]
        var sizes: [Int] = []
        for url in pages {
            let (entry, response) = Self.page(url)
            let cached = shared.process(entry, .success(response), attempt: 1)
            let alone = Self.processor().process(entry, .success(response), attempt: 1)
            #expect(!alone.discoveries.isEmpty)
            #expect(cached.discoveries == alone.discoveries, "\(url)")
            #expect(cached.outlinks == alone.outlinks, "\(url)")
            #expect(cached.hubLinks == alone.hubLinks, "\(url)")
            sizes.append(shared.linkCache.count)
        }
        // p1 fills it; p2 (port 8443) adds its root-relative links only; p3 (p1's authority) adds nothing.
        let rootRelative = Self.links.filter { ResolvedLinkCache.key($0, authority: "x")?.authority == "x" }.count
        #expect(sizes[0] > rootRelative)
        #expect(sizes[1] == sizes[0] + rootRelative)
        #expect(sizes[2] == sizes[1])
    }

    @Test("keys: root-relative references by the base's authority, absolute http(s) ones alone; nothing that depends on the path or names a host")
    func keyRules() {
        let authority = "https://news.example:8443"
        #expect(ResolvedLinkCache.key("/a/b?c", authority: authority) == ResolvedLinkCache.Key(authority: authority, reference: "/a/b?c"))
        #expect(ResolvedLinkCache.key("/", authority: authority) == nil)  // "/" alone: no second byte, not cached
        #expect(ResolvedLinkCache.key("/a", authority: nil) == nil)
        #expect(ResolvedLinkCache.key("http://h.example/x", authority: nil) == ResolvedLinkCache.Key(authority: "", reference: "http://h.example/x"))
        #expect(ResolvedLinkCache.key("https://h.example/x", authority: authority)?.authority == "")
        for reference in ["//cdn.example/z", "/\\evil.example", "rel/x", "../x", "?q", "#f", "mailto:x", "http:x", "https:/x", ""] {
            #expect(ResolvedLinkCache.key(reference, authority: authority) == nil, "\(reference)")
        }
        let base = CrawlURL("http://user:pw@news.example:81/a/b?q#f")
        #expect(ResolvedLinkCache.authority(of: base) == "http://user:pw@news.example:81")
        #expect(ResolvedLinkCache.authority(of: CrawlURL("mailto:x@y")) == nil)
        #expect(ResolvedLinkCache.authority(of: nil) == nil)
    }

    @Test("two generations of `limit` entries: a full generation becomes the older one, a hit there moves forward, the oldest is dropped and resolved again")
    func bounded() {
        let cache = ResolvedLinkCache(limit: 2)
        var resolved = 0
        func link(_ n: Int) -> String? {
            cache.link(ResolvedLinkCache.Key(authority: "", reference: "http://h/\(n)")) {
                resolved += 1
                return ResolvedLink(href: "http://h/\(n)", origin: "http://h", inScope: true)
            }?.href
        }
        #expect(link(1) == "http://h/1" && link(2) == "http://h/2" && resolved == 2)
        #expect(link(1) == "http://h/1" && resolved == 2)  // a hit
        #expect(link(3) == "http://h/3" && resolved == 3 && cache.count == 3)  // {1, 2} is the older generation
        #expect(link(1) == "http://h/1" && resolved == 3)  // found there, moved forward
        #expect(link(4) == "http://h/4" && resolved == 4)  // {3, 1} older, 2 dropped
        #expect(link(1) == "http://h/1" && link(3) == "http://h/3" && resolved == 4)
        #expect(link(2) == "http://h/2" && resolved == 5)  // forgotten: resolved again
    }
}
