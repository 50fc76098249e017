/// A deterministic generated multi-host news site, for end-to-end crawl tests.
///
/// Each of the `hosts` hosts serves `pagesPerHost` distinct HTML pages: a home page `/` linking to
/// section indexes (`/news/`, maybe with a second listing page `/news/?page=2`), which list
/// article pages (`/news/2024/story-3.html`). Articles link 3–6 same-host pages, sometimes an
/// article of another host of the site (in scope: every site host is a seed), and sometimes the
/// *outside* origin (out of scope: it must never be requested).
///
/// Links come in many forms: root-relative, relative (`../2023/story-2.html`, `./`, `?page=2`),
/// absolute, with fragments, resolved against a `<base href>` on some articles, plus `mailto:`
/// and `javascript:` links that must not be fetched. Host 0's home links `/latest`, a 301
/// redirect to an article; the site links two URLs that answer 404. On top of the
/// `pagesPerHost` pages, `duplicates` "print" pages (`/print/…`) serve a body byte-identical to
/// the article linking them. Every page is reachable from `/` of its host.
///
/// The same `seed` always gives the same site (ports aside). Pages link other hosts with
/// absolute URLs, so the HTML is rendered only once ``TestSiteServers`` knows the ports.
public struct TestSite: Sendable {
    /// The number of site hosts (each a separate server, each a seed).
    public let hosts: Int
    /// The number of distinct HTML pages on each host (not counting duplicates, redirects, 404s).
    public let pagesPerHost: Int
    /// The number of extra pages whose body is byte-identical to another page's.
    public let duplicates: Int
    /// The generator's seed.
    public let seed: UInt64
    /// `robots.txt` bodies by host index, served as `text/plain`; a host without one answers
    /// `/robots.txt` with 404.
    public var robotsTxt: [Int: String] = [:]

    /// What each host serves, by request-target (path plus query).
    let resources: [[String: SiteResource]]
    /// Request-targets (host, target) that are linked but answer 404.
    let missing: [(host: Int, target: String)]
    /// Groups of (host, target) serving byte-identical bodies.
    let duplicateTargets: [[(host: Int, target: String)]]

    /// Generates a site.
    ///
    /// - Parameters:
    ///   - hosts: at least 1.
    ///   - pagesPerHost: at least 3 (home, one section, one article).
    ///   - duplicates: duplicate pages over the whole site, spread round-robin over the hosts;
    ///     at most one per article.
    ///   - seed: the generator's seed.
    public init(hosts: Int, pagesPerHost: Int, duplicates: Int = 2, seed: UInt64 = 1) {
        precondition(hosts >= 1, "TestSite needs at least one host")
        precondition(pagesPerHost >= 3, "TestSite needs at least 3 pages per host")
        precondition(duplicates >= 0, "duplicates must not be negative")
        var generator = SiteGenerator(hosts: hosts, pagesPerHost: pagesPerHost, duplicates: duplicates, seed: seed)
        let output = generator.generate()
        self.hosts = hosts
        self.pagesPerHost = pagesPerHost
        self.duplicates = output.duplicateTargets.count
        self.seed = seed
        self.resources = output.resources
        self.missing = output.missing
        self.duplicateTargets = output.duplicateTargets
    }

    /// The request-targets of host `host`'s HTML pages (including duplicates), sorted.
    public func pageTargets(host: Int) -> [String] {
        resources[host].compactMap { target, resource in
            if case .page = resource { return target }
            return nil
        }.sorted()
    }
}
