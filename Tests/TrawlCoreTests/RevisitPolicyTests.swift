import Foundation
import Testing
@testable import TrawlApp
@testable import TrawlCore

/// The revisit interval policy, its config (`[[revisit]]`, `[revisit_policy]`) and the
/// per-host turn-taking of new URLs and revisits: pure parts, no network.
@Suite("Revisit policy")
struct RevisitPolicyTests {
    private static let file = "/srv/trawl/trawl.toml"

    private func rule(_ pattern: String, every: Double?, min: Double? = nil, max: Double? = nil) throws -> RevisitPolicy.Rule {
        RevisitPolicy.Rule(pattern: try Scope.Pattern(pattern), every: every, minimum: min, maximum: max)
    }

    private static func bounds(_ every: Double, _ floor: Double, _ ceiling: Double) -> RevisitPolicy.Bounds {
        RevisitPolicy.Bounds(every: every, floor: floor, ceiling: ceiling)
    }

    @Test("unchanged and a failure grow ×grow up to the ceiling, changed shrinks ×shrink down to the floor")
    func adaptiveInterval() throws {
        let policy = RevisitPolicy(rules: [try rule("/home$", every: 60, min: 20, max: 200)], grow: 1.5, shrink: 0.5)
        let url = "https://news.example/home"
        #expect(policy.nextInterval(for: url, previous: nil, change: .first) == 60)
        #expect(policy.nextInterval(for: url, previous: 60, change: .unchanged) == 90)
        #expect(policy.nextInterval(for: url, previous: 90, change: .unchanged) == 135)
        #expect(policy.nextInterval(for: url, previous: 135, change: .unchanged) == 200, "capped at max")
        #expect(policy.nextInterval(for: url, previous: 200, change: .unchanged) == 200)
        #expect(policy.nextInterval(for: url, previous: 200, change: .changed) == 100)
        #expect(policy.nextInterval(for: url, previous: 30, change: .changed) == 20, "floored at min")
        #expect(policy.nextInterval(for: url, previous: 80, change: .unknown) == 120, "no usable answer backs off")
        // An interval from an older config is brought inside this rule's bounds.
        #expect(policy.nextInterval(for: url, previous: 5000, change: .unknown) == 200)
    }

    @Test("first matching rule wins; others get the default; never means no next visit; bounds include every")
    func ruleSelection() throws {
        let policy = RevisitPolicy(
            rules: [try rule("^https://a\\.example/$", every: 2), try rule("/static/", every: nil), try rule("a\\.example", every: 3600)],
            defaultEvery: 7 * 86_400)
        #expect(policy.bounds(for: "https://a.example/") == Self.bounds(2, 2, RevisitPolicy.defaultMaximum))
        #expect(policy.bounds(for: "https://a.example/static/x.css") == nil)
        #expect(policy.bounds(for: "https://a.example/story")?.every == 3600)
        #expect(policy.bounds(for: "https://b.example/") == Self.bounds(7 * 86_400, 7 * 86_400 / 8, 30 * 86_400), "the default shrinks at most to every/8")
        #expect(RevisitPolicy().bounds(for: "https://b.example/") == nil, "the default policy revisits nothing")
        // every above the policy's max widens the ceiling instead of being clamped below it.
        let rare = RevisitPolicy(rules: [try rule("x", every: 90 * 86_400)])
        #expect(rare.bounds(for: "x")?.ceiling == 90.0 * 86_400)
    }

    @Test("a visit: first / changed / unchanged from the fingerprint, 304 unchanged, a failure unknown (backs off); validators kept only when revisited")
    func visitRecords() throws {
        let policy = RevisitPolicy(rules: [try rule("/home", every: 10)])
        var entry = FrontierEntry(
            id: 1, url: "https://n.example/home", hostID: 1, origin: "https://n.example", depth: 0, redirects: 0,
            attempts: 0, notBefore: 0)
        func outcome(status: Int?, fingerprint: [UInt8]?) -> PageOutcome {
            var outcome = PageOutcome(
                entry: entry, disposition: status == nil ? .failed : .done,
                capture: Capture(fetchedAt: Date(timeIntervalSince1970: 1000), status: status), content: nil, discoveries: [])
            outcome.fingerprint = fingerprint
            return outcome
        }
        let first = try #require(policy.visit(after: outcome(status: 200, fingerprint: [1]), previous: nil, etag: "\"v1\"", lastModified: nil))
        #expect(first.change == .first && first.interval == 10 && first.nextVisitAt == 1010 && first.changedFlag == nil)
        #expect(first.validators == .init(etag: "\"v1\"", lastModified: nil) && first.fingerprint == [1])

        entry.isRevisit = true
        let previous = PreviousVisit(interval: 10, fingerprint: [1], etag: "\"v1\"", lastModified: "Sun, 29 Nov 2026 10:00:00 GMT")
        let same = try #require(policy.visit(after: outcome(status: 200, fingerprint: [1]), previous: previous, etag: nil, lastModified: nil))
        #expect(same.change == .unchanged && same.interval == 15 && same.changedFlag == 0)
        let changed = try #require(policy.visit(after: outcome(status: 200, fingerprint: [2]), previous: previous, etag: nil, lastModified: nil))
        #expect(changed.change == .changed && changed.interval == 10 && changed.changedFlag == 1, "floored at every (below the 1m default min)")
        let notModified = try #require(policy.visit(after: outcome(status: 304, fingerprint: nil), previous: previous, etag: "\"v2\"", lastModified: nil))
        #expect(notModified.change == .unchanged && notModified.fingerprint == nil)
        #expect(notModified.validators == .init(etag: "\"v2\"", lastModified: previous.lastModified), "a 304's new ETag, the old Last-Modified")
        let failed = try #require(policy.visit(after: outcome(status: nil, fingerprint: nil), previous: previous, etag: nil, lastModified: nil))
        #expect(failed.change == .unknown && failed.interval == 15 && failed.validators == nil && failed.failedVisits == 1)

        // Never revisited: nothing kept for a revisit that will not happen.
        entry.url = "https://n.example/other"
        let once = try #require(policy.visit(after: outcome(status: 200, fingerprint: [1]), previous: nil, etag: "\"v1\"", lastModified: nil))
        #expect(once.interval == nil && once.nextVisitAt == nil && once.fingerprint == nil && once.validators == nil)
        // A pending retry is no completed visit.
        var retry = outcome(status: 503, fingerprint: [9])
        retry.disposition = .retry(at: 2000)
        #expect(policy.visit(after: retry, previous: previous, etag: nil, lastModified: nil) == nil)
    }

    /// A revisit of `url` answered with `status` (nil: a failure) and `body`, fingerprinted.
    private static func answered(_ url: String, status: Int?, body: String = "", fetchedAt: Double = 1000) -> PageOutcome {
        let entry = FrontierEntry(
            id: 1, url: url, hostID: 1, origin: "https://n.example", depth: 0, redirects: 0, attempts: 0, notBefore: 0,
            isRevisit: true)
        let content = BodyCodec.store(Array(body.utf8))
        var outcome = PageOutcome(
            entry: entry, disposition: status.map { $0 < 400 ? .done : .failed } ?? .failed,
            capture: Capture(fetchedAt: Date(timeIntervalSince1970: fetchedAt), status: status), content: content,
            discoveries: [])
        outcome.fingerprint = ContentFingerprint.of(outcome)
        return outcome
    }

    @Test("error answers (403 challenge, 429, 5xx) and failures judge nothing: the stored fingerprint stays, the interval grows; 2xx, redirects, 404 and 410 are judged", arguments: [
        (403, false), (429, false), (500, false), (503, false), (200, true), (204, true), (301, true), (308, true), (404, true), (410, true),
    ])
    func errorAnswersAreNoChange(status: Int, judged: Bool) throws {
        let policy = RevisitPolicy(rules: [try rule("/home", every: 100, min: 10, max: 1000)])
        let url = "https://n.example/home"
        let previous = PreviousVisit(interval: 100, fingerprint: [1, 2, 3])
        let outcome = Self.answered(url, status: status, body: "challenge token \(UUID())")
        #expect((outcome.fingerprint != nil) == judged)
        let visit = try #require(policy.visit(after: outcome, previous: previous, etag: nil, lastModified: nil))
        if judged {
            #expect(visit.change == .changed && visit.interval == 50 && visit.failedVisits == 0)
        } else {
            #expect(visit.change == .unknown && visit.changedFlag == nil, "an error page is no content change")
            #expect(visit.fingerprint == nil, "the stored fingerprint stays: the next 200 is compared with the last real answer")
            #expect(visit.interval == 150, "an error answer backs off instead of shrinking to the floor")
        }
    }

    @Test("after giveUpAfter visits in a row without a usable answer the URL is not revisited; an answer resets the count")
    func failedVisitsGiveUp() throws {
        let policy = RevisitPolicy(rules: [try rule("/home", every: 100, max: 100_000)], giveUpAfter: 3)
        let url = "https://n.example/home"
        var previous = PreviousVisit(interval: 100, fingerprint: [1])
        var intervals: [Double] = []
        for _ in 1...2 {
            let visit = try #require(policy.visit(after: Self.answered(url, status: nil), previous: previous, etag: nil, lastModified: nil))
            intervals.append(try #require(visit.interval))
            previous.interval = visit.interval
            previous.failedVisits = visit.failedVisits
        }
        #expect(intervals == [150, 225] && previous.failedVisits == 2)
        let answer = try #require(policy.visit(after: Self.answered(url, status: 200, body: "x"), previous: previous, etag: nil, lastModified: nil))
        #expect(answer.failedVisits == 0 && answer.interval != nil)
        let third = try #require(policy.visit(after: Self.answered(url, status: 503), previous: previous, etag: nil, lastModified: nil))
        #expect(third.failedVisits == 3 && third.interval == nil && third.nextVisitAt == nil, "given up")
        #expect(RevisitPolicy().giveUpAfter == 5)
    }

    @Test("a reload that changes no rule, default or bound schedules alike (nothing to reconcile); any such change does not")
    func schedulesAlike() throws {
        let base = RevisitPolicy(rules: [try rule("/home$", every: 60)], defaultEvery: 86_400)
        #expect(base.schedulesAlike(RevisitPolicy(rules: [try rule("/home$", every: 60)], defaultEvery: 86_400, grow: 3)))
        #expect(!base.schedulesAlike(RevisitPolicy(rules: [try rule("/home$", every: 30)], defaultEvery: 86_400)))
        #expect(!base.schedulesAlike(RevisitPolicy(rules: [try rule("/home$", every: 60, max: 600)], defaultEvery: 86_400)))
        #expect(!base.schedulesAlike(RevisitPolicy(rules: [try rule("/home$", every: 60)])))
        #expect(!base.schedulesAlike(RevisitPolicy(rules: [try rule("/$", every: 60)], defaultEvery: 86_400)))
    }

    @Test("ReadyQueue: new URLs and revisits take turns; each kind breadth-first; min is what popMin removes")
    func readyQueueTurns() {
        func item(_ id: Int64, depth: Int, revisit: Bool) -> HostQueue.Item {
            HostQueue.Item(entry: FrontierEntry(
                id: id, url: "u\(id)", hostID: 1, origin: "o", depth: depth, redirects: 0, attempts: 0, notBefore: 0,
                isRevisit: revisit))
        }
        var queue = ReadyQueue()
        for id in 1...4 { queue.insert(item(Int64(id), depth: 2, revisit: true)) }
        queue.insert(item(10, depth: 1, revisit: false))
        queue.insert(item(11, depth: 1, revisit: false))
        queue.insert(item(5, depth: 0, revisit: true))
        #expect(queue.count == 7 && queue.count(like: item(99, depth: 0, revisit: true).entry) == 5)
        var order: [Int64] = []
        while let top = queue.min {
            #expect(queue.popMin()?.entry.id == top.entry.id)
            order.append(top.entry.id)
        }
        #expect(order == [10, 5, 11, 1, 2, 3, 4])
        #expect(queue.isEmpty)
    }

    @Test("RevisitHandoff: a revisit promoted while its previous visit is being completed is held until then, not lost")
    func handoff() {
        func entry(_ id: Int64) -> FrontierEntry {
            FrontierEntry(id: id, url: "u\(id)", hostID: 1, origin: "o", depth: 0, redirects: 0, attempts: 0, notBefore: 0, isRevisit: true)
        }
        var handoff = RevisitHandoff()
        handoff.begin(1)
        #expect(handoff.route([entry(1), entry(2)]).map(\.id) == [2], "URL 1 is still being completed")
        #expect(handoff.finish(1)?.id == 1, "handed over once the scheduler let it go")
        #expect(handoff.finish(1) == nil)
        #expect(handoff.route([entry(1)]).map(\.id) == [1])
    }

    @Test("config: [[revisit]] rules and [revisit_policy] apply; the default stays a one-shot crawl")
    func configApplies() throws {
        let config = try TrawlConfig.parse(text: """
            seeds = []
            [revisit_policy]
            default = "7d"
            min = "30s"
            max = "10d"
            grow = 2
            shrink = 0.25

            [[revisit]]
            match = "^https://news\\\\.example/$"
            every = "15m"

            [[revisit]]
            match = "/static/"
            every = "never"

            [[revisit]]
            match = "/section/"
            every = "1.5h"
            min = "1h"
            max = "2d"
            """, file: Self.file)
        let policy = config.settings.revisit
        #expect(policy.defaultEvery == 7 * 86_400 && policy.minimum == 30 && policy.maximum == 10 * 86_400)
        #expect(policy.grow == 2 && policy.shrink == 0.25)
        #expect(policy.rules.map(\.every) == [900, nil, 5400])
        #expect(policy.bounds(for: "https://news.example/")?.every == 900)
        #expect(policy.bounds(for: "https://news.example/static/a.css") == nil)
        #expect(policy.bounds(for: "https://news.example/section/x") == Self.bounds(5400, 3600, 2 * 86_400))
        #expect(policy.bounds(for: "https://news.example/story") == Self.bounds(7 * 86_400, 7 * 86_400 / 8, 10 * 86_400))
        let plain = try TrawlConfig.parse(text: "seeds = []\n", file: Self.file)
        #expect(plain.settings.revisit.defaultEvery == nil && plain.settings.revisit.rules.isEmpty)
        let documented = try TrawlConfig.load(path: HostileConfigTests.repoFile("Config/trawl.toml"))
        #expect(documented.settings.revisit.defaultEvery == nil && documented.settings.revisit.rules.isEmpty,
                "Config/trawl.toml documents the default: revisit nothing")
    }

    @Test("config errors name the file, the key (revisit[N].key) and the line", arguments: [
        ("[[revisit]]\nmatch = \"x\"\nevery = \"15 minutes\"\n", "revisit[1].every", 3, "not a duration"),
        ("[[revisit]]\nmatch = \"a\"\nevery = \"1m\"\n[[revisit]]\nmatch = \"(\"\nevery = \"1m\"\n", "revisit[2].match", 5, "regular expression"),
        ("[[revisit]]\nmatch = \"a\"\n", "revisit[1].every", nil, "missing"),
        ("[[revisit]]\nevery = \"5m\"\n", "revisit[1].match", nil, "missing"),
        ("[[revisit]]\nmatch = \"a\"\nevery = \"5m\"\nmin = \"10m\"\n", "revisit[1].min", 4, "must not exceed every"),
        ("[[revisit]]\nmatch = \"a\"\nevery = \"5m\"\nevry = \"1m\"\n", "revisit[1].evry", 4, "unknown key"),
        ("[revisit_policy]\ndefault = \"0s\"\n", "revisit_policy.default", 2, "at least 1s"),
        ("[revisit_policy]\nmin = \"1d\"\nmax = \"1h\"\n", "revisit_policy.max", 3, "at least min"),
        ("[revisit_policy]\ngrow = 0.5\n", "revisit_policy.grow", 2, "between"),
        ("[revisit_policy]\nshrink = 2\n", "revisit_policy.shrink", 2, "between"),
        ("[revisit_policy]\nmin = \"never\"\n", "revisit_policy.min", 2, "not a duration"),
        ("[revisit]\ndefault = \"7d\"\n", "revisit", 1, "revisit_policy] default"),
    ] as [(String, String, Int?, String)])
    func configErrors(text: String, key: String, line: Int?, message: String) throws {
        do {
            _ = try TrawlConfig.parse(text: "seeds = []\n" + text, file: Self.file)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.key == key)
            if let line { #expect(error.line == line + 1) }
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.description.hasPrefix(Self.file))
        }
    }

    @Test("durations read and print as written in the config")
    func durations() {
        #expect(DurationText.seconds("2s") == 2 && DurationText.seconds("15m") == 900)
        #expect(DurationText.seconds("6h") == 21_600 && DurationText.seconds("7d") == 604_800 && DurationText.seconds("1.5h") == 5400)
        for bad in ["", "s", "15", "15 m", "-1m", "1w", "1e3s", "m5"] { #expect(DurationText.seconds(bad) == nil, "\(bad)") }
        #expect(DurationText.format(2) == "2s" && DurationText.format(900) == "15m" && DurationText.format(5400) == "1.5h")
        #expect(DurationText.format(7 * 86_400) == "7d" && DurationText.format(2.5) == "2.5s")
    }
}
