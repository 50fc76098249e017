/// Builds the pages of a ``TestSite``.
struct SiteGenerator {
    struct Article {
        var section: String
        var year: Int
        var number: Int
        var path: String { "/\(section)/\(year)/story-\(number).html" }
        var directory: String { "/\(section)/\(year)/" }
        var printPath: String { "/print/\(section)-\(year)-story-\(number).html" }
    }

    struct HostPlan {
        var sections: [String]
        var pagedSection: String?
        var articles: [Article]
        /// Every page's request-target.
        var pages: [String]
        /// Listing of each section: (first page, second page).
        var listings: [String: (first: [Article], second: [Article])]
    }

    struct Output {
        var resources: [[String: SiteResource]]
        var missing: [(host: Int, target: String)]
        var duplicateTargets: [[(host: Int, target: String)]]
    }

    static let sectionNames = ["news", "sport", "culture", "science", "business", "travel"]
    static let words = [
        "council", "harbour", "election", "river", "market", "budget", "festival", "league", "storm",
        "bridge", "school", "museum", "railway", "court", "garden", "orchestra", "summit", "forecast",
        "library", "record", "village", "factory", "season", "report", "plan", "vote", "crowd",
        "night", "deal", "island",
    ]

    let hosts: Int
    let pagesPerHost: Int
    let duplicates: Int
    var rng: SplitMix64

    init(hosts: Int, pagesPerHost: Int, duplicates: Int, seed: UInt64) {
        self.hosts = hosts
        self.pagesPerHost = pagesPerHost
        self.duplicates = duplicates
        self.rng = SplitMix64(seed: seed ^ 0x5452_4157_4C53_4954)  // "TRAWLSIT"
    }

    mutating func generate() -> Output {
        var plans: [HostPlan] = []
        for host in 0..<hosts { plans.append(plan(host: host)) }
        // Which articles get a byte-identical print copy: round-robin over hosts.
        var printed = Array(repeating: Set<String>(), count: hosts)
        var duplicateTargets: [[(host: Int, target: String)]] = []
        for d in 0..<duplicates {
            let host = d % hosts
            let candidates = plans[host].articles.filter { !printed[host].contains($0.path) }
            guard !candidates.isEmpty else { continue }
            let article = rng.pick(candidates)
            printed[host].insert(article.path)
            duplicateTargets.append([(host, article.path), (host, article.printPath)])
        }

        var resources = Array(repeating: [String: SiteResource](), count: hosts)
        var missing: [(host: Int, target: String)] = []
        for host in 0..<hosts {
            let plan = plans[host]
            resources[host]["/"] = .page(homePage(host: host, plan: plan, otherPlans: plans))
            for section in plan.sections {
                let listing = plan.listings[section]!
                var index = sectionPage(host: host, section: section, articles: listing.first, page: 1,
                                        paged: !listing.second.isEmpty)
                if host == hosts - 1 && section == plan.sections[0] {
                    // A relative link to a page that does not exist.
                    let target = "/\(section)/2019/removed-story.html"
                    index.links.append(PageLink(text: "Archived story", href: .literal("2019/removed-story.html")))
                    missing.append((host, target))
                }
                resources[host]["/\(section)/"] = .page(index)
                if !listing.second.isEmpty {
                    resources[host]["/\(section)/?page=2"] = .page(
                        sectionPage(host: host, section: section, articles: listing.second, page: 2, paged: true))
                }
            }
            for article in plan.articles {
                let isPrinted = printed[host].contains(article.path)
                let model = articlePage(host: host, article: article, plan: plan, plans: plans, printed: isPrinted)
                resources[host][article.path] = .page(model)
                if isPrinted { resources[host][article.printPath] = .page(model) }
            }
            if host == 0 {
                resources[0]["/latest"] = .redirect(.absolute(.site(0), plan.articles[0].path), status: 301)
                missing.append((0, "/archive/missing-story.html"))
            }
        }
        return Output(resources: resources, missing: missing, duplicateTargets: duplicateTargets)
    }

    /// Decides the paths of one host's pages.
    mutating func plan(host: Int) -> HostPlan {
        let sectionCount = pagesPerHost >= 12 ? 3 : (pagesPerHost >= 6 ? 2 : 1)
        let sections = (0..<sectionCount).map {
            Self.sectionNames[(host + $0) % Self.sectionNames.count]
        }
        var articleCount = pagesPerHost - 1 - sectionCount
        let paged = articleCount >= 6
        if paged { articleCount -= 1 }
        var perSection = [String: [Article]]()
        var articles: [Article] = []
        for i in 0..<articleCount {
            let section = sections[i % sectionCount]
            let k = i / sectionCount
            let article = Article(section: section, year: 2024 - (k % 2), number: k + 1)
            articles.append(article)
            perSection[section, default: []].append(article)
        }
        var listings: [String: (first: [Article], second: [Article])] = [:]
        var pages = ["/"]
        for section in sections {
            let all = perSection[section] ?? []
            pages.append("/\(section)/")
            if paged && section == sections[0] {
                let half = (all.count + 1) / 2
                listings[section] = (Array(all[..<half]), Array(all[half...]))
                pages.append("/\(section)/?page=2")
            } else {
                listings[section] = (all, [])
            }
        }
        pages += articles.map(\.path)
        return HostPlan(
            sections: sections, pagedSection: paged ? sections[0] : nil, articles: articles,
            pages: pages, listings: listings)
    }

    mutating func paragraphs(_ count: Int) -> [String] {
        (0..<count).map { _ in
            let n = rng.int(in: 8...16)
            var sentence = (0..<n).map { _ in rng.pick(Self.words) }.joined(separator: " ")
            sentence = sentence.prefix(1).uppercased() + sentence.dropFirst() + "."
            return sentence
        }
    }

    mutating func homePage(host: Int, plan: HostPlan, otherPlans: [HostPlan]) -> PageModel {
        var links: [PageLink] = []
        for (i, section) in plan.sections.enumerated() {
            // One section by a relative link, the others root-relative.
            links.append(PageLink(text: section.prefix(1).uppercased() + section.dropFirst(), href: .literal(i == 1 ? "\(section)/" : "/\(section)/")))
        }
        links.append(PageLink(text: "Skip to content", href: .literal("#main")))
        let top = rng.shuffled(plan.articles).prefix(2)
        for (i, article) in top.enumerated() {
            let href = i == 0 ? String(article.path.dropFirst()) : article.path + "#top"
            links.append(PageLink(text: "Top story \(article.number)", href: .literal(href)))
        }
        if hosts > 1 {
            let next = (host + 1) % hosts
            // Host 0 links its neighbour without the trailing slash: canonical form adds it.
            links.append(PageLink(text: "Our sister paper", href: .absolute(.site(next), host == 0 ? "" : "/")))
        }
        if host == 0 {
            links.append(PageLink(text: "Latest", href: .literal("/latest")))
            links.append(PageLink(text: "Archive", href: .literal("/archive/missing-story.html")))
        }
        links.append(PageLink(text: "Our partner", href: .absolute(.outside, "/partner/\(host)")))
        links.append(PageLink(text: "Contact", href: .literal("mailto:desk\(host)@news.example")))
        links.append(PageLink(text: "Subscribe", href: .literal("javascript:void(0)")))
        return PageModel(
            title: "Host \(host) front page", base: nil, paragraphs: paragraphs(2), links: links)
    }

    mutating func sectionPage(host: Int, section: String, articles: [Article], page: Int, paged: Bool) -> PageModel {
        var links: [PageLink] = []
        links.append(PageLink(text: "Home", href: .literal(rng.chance(50) ? "../" : "/")))
        for article in articles {
            let relative = "\(article.year)/story-\(article.number).html"
            let href: String
            switch rng.int(in: 0..<3) {
            case 0: href = relative
            case 1: href = "./" + relative
            default: href = article.path
            }
            links.append(PageLink(text: "Story \(article.number) (\(article.year))", href: .literal(href)))
        }
        if paged {
            // From "/news/" and "/news/?page=2" alike, "?page=2" and "./" resolve within the section.
            links.append(PageLink(text: page == 1 ? "Older stories" : "Newer stories",
                                  href: .literal(page == 1 ? "?page=2" : "./")))
        }
        return PageModel(
            title: "Host \(host) \(section) page \(page)", base: nil, paragraphs: paragraphs(1), links: links)
    }

    mutating func articlePage(host: Int, article: Article, plan: HostPlan, plans: [HostPlan], printed: Bool)
        -> PageModel
    {
        // Printed articles must render the same at both paths: no base, no relative links.
        var linkDirectory = article.directory
        var base: HrefSpec?
        if !printed, rng.chance(25) {
            let other = rng.pick(plan.articles.filter { $0.directory != article.directory } + [
                Article(section: "archive", year: 2020, number: 0)
            ])
            linkDirectory = other.directory
            base = .absolute(.site(host), linkDirectory)
        }
        var links: [PageLink] = []
        if base == nil {
            links.append(PageLink(text: "Back to top", href: .literal("#top")))
        }
        let candidates = plan.pages.filter { $0 != article.path }
        let count = min(candidates.count, rng.int(in: 3...6))
        for target in rng.shuffled(candidates).prefix(count) {
            links.append(PageLink(text: "Related: \(target)",
                                  href: sameHostHref(host: host, target: target, directory: linkDirectory,
                                                     allowRelative: !printed)))
        }
        if hosts > 1, rng.chance(35) {
            var other = rng.int(in: 0..<(hosts - 1))
            if other >= host { other += 1 }
            let target = rng.pick(plans[other].articles)
            let fragment = rng.chance(30) ? "#story" : ""
            links.append(PageLink(text: "Elsewhere: \(target.path)", href: .absolute(.site(other), target.path + fragment)))
        }
        if rng.chance(30) {
            links.append(PageLink(text: "Source", href: .absolute(.outside, "/source/\(host)\(article.path)")))
        }
        if rng.chance(20) {
            links.append(PageLink(text: "Email the author", href: .literal("mailto:author@news.example?subject=story")))
        }
        if rng.chance(20) {
            links.append(PageLink(text: "Print", href: .literal("javascript:window.print()")))
        }
        if printed {
            links.append(PageLink(text: "Printable version", href: .literal(article.printPath)))
        }
        return PageModel(
            title: "Host \(host) \(article.section) \(article.year) story \(article.number)",
            base: base, paragraphs: paragraphs(rng.int(in: 2...4)), links: links)
    }

    /// An href to `target` on the same host, in a random form that resolves correctly against
    /// a document or base whose directory is `directory`.
    mutating func sameHostHref(host: Int, target: String, directory: String, allowRelative: Bool) -> HrefSpec {
        let fragment = rng.chance(25) ? rng.pick(["#comments", "#main", "#p2"]) : ""
        switch rng.int(in: 0..<(allowRelative ? 5 : 3)) {
        case 0, 1:
            return .literal(target + fragment)
        case 2:
            return .absolute(.site(host), target + fragment)
        default:
            return .literal(SiteURL.relativeReference(fromDirectory: directory, to: target) + fragment)
        }
    }
}
