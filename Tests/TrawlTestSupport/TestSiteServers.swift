import NIOConcurrencyHelpers

/// The running servers of a ``TestSite``: one ``TestHTTPServer`` per site host plus one
/// "outside" server that a correct crawl never touches.
public final class TestSiteServers: Sendable {
    /// The site that is served.
    public let site: TestSite
    /// The site hosts' servers, by host index.
    public let servers: [TestHTTPServer]
    /// The out-of-scope server linked from the site; must see zero requests in a correct crawl.
    public let outside: TestHTTPServer
    /// `"http://127.0.0.1:PORT/"` for each site host, by host index.
    public let seeds: [String]
    /// `"http://127.0.0.1:PORT"` for each site host, by host index.
    public let origins: [String]
    /// Every URL a correct crawler must request exactly once, in canonical form (lowercase host,
    /// no fragment, default port dropped): every page, the 404s, and the redirect's source and
    /// target. Excludes outside URLs and `/robots.txt`.
    public let expectedURLs: Set<String>
    /// Groups of URLs whose bodies are byte-identical (for dedup assertions), each sorted.
    public let duplicateGroups: [[String]]
    /// The URLs that answer 404 (a subset of ``expectedURLs``).
    public let notFoundURLs: Set<String>
    /// Redirect source URL to its target URL (both in ``expectedURLs``).
    public let redirects: [String: String]

    private init(
        site: TestSite, servers: [TestHTTPServer], outside: TestHTTPServer, expectedURLs: Set<String>,
        duplicateGroups: [[String]], notFoundURLs: Set<String>, redirects: [String: String]
    ) {
        self.site = site
        self.servers = servers
        self.outside = outside
        self.origins = servers.map(\.origin)
        self.seeds = servers.map { $0.origin + "/" }
        self.expectedURLs = expectedURLs
        self.duplicateGroups = duplicateGroups
        self.notFoundURLs = notFoundURLs
        self.redirects = redirects
    }

    /// Starts one server per site host and the outside server, then renders the pages with the
    /// real ports.
    ///
    /// - Parameter delay: how long every site server waits before answering each request.
    public static func start(_ site: TestSite, delay: Duration = .zero) async throws -> TestSiteServers {
        let outside = try await TestHTTPServer.start { request in
            .html("<!DOCTYPE html><html><body><p>Outside \(PageModel.escape(request.target))</p></body></html>")
        }
        let routeTables = (0..<site.hosts).map { _ in NIOLockedValueBox<[String: TestResponse]?>(nil) }
        var servers: [TestHTTPServer] = []
        do {
            for host in 0..<site.hosts {
                let table = routeTables[host]
                let robots = site.robotsTxt[host]
                servers.append(
                    try await TestHTTPServer.start { request in
                        Self.respond(to: request, host: host, table: table, robots: robots).delayed(by: delay)
                    })
            }
        } catch {
            for server in servers { try? await server.shutdown() }
            try? await outside.shutdown()
            throw error
        }

        let origins = SiteOrigins(site: servers.map(\.origin), outside: outside.origin)
        for host in 0..<site.hosts {
            var table: [String: TestResponse] = [:]
            for (target, resource) in site.resources[host] {
                switch resource {
                case .page(let model):
                    table[target] = .html(model.render(origins))
                case .redirect(let location, let status):
                    table[target] = .redirect(to: location.render(origins), status: status)
                }
            }
            routeTables[host].withLockedValue { $0 = table }
        }

        let crawl = SiteCrawl(site: site, origins: origins)
        let duplicateGroups = site.duplicateTargets.map { group in
            group.map { origins.site[$0.host] + $0.target }.sorted()
        }
        let notFound = Set(site.missing.map { origins.site[$0.host] + $0.target })
        return TestSiteServers(
            site: site, servers: servers, outside: outside, expectedURLs: crawl.reached,
            duplicateGroups: duplicateGroups, notFoundURLs: notFound, redirects: crawl.redirects)
    }

    private static func respond(
        to request: RecordedRequest, host: Int, table: NIOLockedValueBox<[String: TestResponse]?>,
        robots: String?
    ) -> TestResponse {
        if request.target == "/robots.txt" {
            if let robots { return .text(robots) }
            return .notFound
        }
        guard let routes = table.withLockedValue({ $0 }) else {
            return .text("Site not rendered yet\n", status: 503)
        }
        if let response = routes[request.target] { return response }
        // Unique 404 bodies, so no two 404s count as duplicates.
        return .html(
            "<!DOCTYPE html><html><head><title>Not found</title></head><body><p>Host \(host) has no "
                + "\(PageModel.escape(request.target))</p></body></html>\n",
            status: 404)
    }

    /// The absolute URL of `target` (path plus query) on site host `host`.
    public func url(host: Int, _ target: String) -> String {
        origins[host] + target
    }

    /// All site servers' requests (not the outside server's), merged in arrival order.
    public func requests() -> [RecordedRequest] {
        servers.flatMap { $0.requests() }.sorted { $0.arrival < $1.arrival }
    }

    /// Stops every server, the outside one included.
    public func shutdown() async throws {
        var firstError: (any Error)?
        for server in servers + [outside] {
            do { try await server.shutdown() } catch { firstError = firstError ?? error }
        }
        if let firstError { throw firstError }
    }
}

/// What a correct crawler seeded with every site host's `/` requests: a breadth-first walk over
/// the site's links, resolved the way RFC 3986 and HTML `<base>` say.
struct SiteCrawl {
    var reached: Set<String> = []
    var redirects: [String: String] = [:]

    init(site: TestSite, origins: SiteOrigins) {
        let hostOfOrigin = Dictionary(uniqueKeysWithValues: origins.site.enumerated().map { ($1, $0) })
        var queue = origins.site.map { SiteURL(parsing: $0 + "/") }
        reached = Set(queue.map(\.canonical))
        var next = 0
        while next < queue.count {
            let url = queue[next]
            next += 1
            guard let host = hostOfOrigin[url.canonicalOrigin] else { continue }
            var found: [SiteURL] = []
            switch site.resources[host][url.requestTarget] {
            case .page(let model):
                let base = model.base.map { url.resolving($0.render(origins)) } ?? url
                for link in model.links {
                    found.append(base.resolving(link.href.render(origins)))
                }
            case .redirect(let location, _):
                let target = url.resolving(location.render(origins))
                redirects[url.canonical] = target.canonical
                found.append(target)
            case nil:
                break  // 404
            }
            for link in found where link.isHTTP && hostOfOrigin[link.canonicalOrigin] != nil {
                if reached.insert(link.canonical).inserted { queue.append(link) }
            }
        }
    }
}
