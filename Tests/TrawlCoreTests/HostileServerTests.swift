import Foundation
import Testing
import TrawlCore
import TrawlTestSupport

/// The hostile web (issue 7): one crawl per scenario, each with a misbehaving host next to a
/// well-behaved site. Every test asserts (a) the crawl ends by itself within the configured
/// limits, (b) the outcome recorded for the hostile URL, with its reason, and (c) that every
/// page of the well-behaved host was archived.
///
/// Limits (``HostileCrawl/settings()``): connect 1 s, timeout 2 s, max_body_bytes 1 MiB,
/// max_redirects 3, 2 attempts. Timing is asserted as lower bounds only.
@Suite("Hostile servers")
struct HostileServerTests {
    typealias Path = HostileCatalog.Path
    static let failed = URLState.failed.rawValue
    static let done = URLState.done.rawValue

    private func crawl(_ paths: String...) async throws -> HostileCrawl {
        try await HostileCrawl.run(routes: HostileCatalog.routes, paths: paths)
    }

    // MARK: Slow and endless answers

    @Test("trickle, 1 byte per second: the transfer timeout ends it, recorded as timeout, retried once")
    func trickle() async throws {
        let run = try await crawl(Path.trickle)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.trickle)
        #expect(captures.count == 2, "\(captures)")
        #expect(captures.allSatisfy { $0.errorKind == "timeout" && $0.status == nil }, "\(captures)")
        #expect(captures.allSatisfy { $0.error?.contains("timed out") == true }, "\(captures)")
        #expect(try run.state(Path.trickle) == Self.failed)
        #expect(run.elapsed >= .seconds(4), "two attempts of a 2 s timeout")
        withKnownIssue("EasyTransfer.configure sets no CURLOPT_LOW_SPEED_LIMIT/LOW_SPEED_TIME: a trickle holds its slot for the whole timeout (30 s by default) and is recorded as a plain timeout, not 'too slow'") {
            #expect(captures.allSatisfy { $0.error?.contains("too slow") == true }, "\(captures)")
        }
    }

    @Test("a server that accepts and never answers: timeout, recorded, retried once")
    func silent() async throws {
        let run = try await crawl(Path.silent)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.silent)
        #expect(captures.count == 2 && captures.allSatisfy { $0.errorKind == "timeout" }, "\(captures)")
        #expect(try run.state(Path.silent) == Self.failed)
        #expect(run.requests(Path.silent) == 2)
        #expect(run.elapsed >= .seconds(4))
    }

    @Test("a body that never ends: aborted at max_body_bytes, recorded as too_large, not retried")
    func endlessBody() async throws {
        let run = try await crawl(Path.endless)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.endless)
        #expect(captures.count == 1 && captures.first?.errorKind == "too_large", "\(captures)")
        #expect(captures.first?.error?.contains("\(1 << 20)") == true, "the reason names the limit: \(captures)")
        #expect(try run.state(Path.endless) == Self.failed)
    }

    @Test("a 100 MB page announced by Content-Length: refused at once as too_large")
    func hundredMegabytes() async throws {
        let run = try await crawl(Path.hundredMB)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.hundredMB)
        #expect(captures.count == 1 && captures.first?.errorKind == "too_large", "\(captures)")
        #expect(try run.state(Path.hundredMB) == Self.failed)
    }

    @Test("a 100 MB page without Content-Length: aborted at the cap as too_large")
    func hundredMegabytesUnannounced() async throws {
        let run = try await crawl(Path.hundredMBUnannounced)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.hundredMBUnannounced)
        #expect(captures.count == 1 && captures.first?.errorKind == "too_large", "\(captures)")
        #expect(try run.state(Path.hundredMBUnannounced) == Self.failed)
    }

    // MARK: Compression bombs

    @Test("gzip bomb (830 KB on the wire, 128 MiB decoded): decoded-size cap, too_large")
    func gzipBomb() async throws {
        let run = try await crawl(Path.gzipBomb)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.gzipBomb)
        #expect(captures.count == 1 && captures.first?.errorKind == "too_large", "\(captures)")
        #expect(try run.state(Path.gzipBomb) == Self.failed)
    }

    @Test("deflate bomb without Content-Length: decoded-size cap, too_large")
    func deflateBomb() async throws {
        let run = try await crawl(Path.deflateBomb)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.deflateBomb)
        #expect(captures.count == 1 && captures.first?.errorKind == "too_large", "\(captures)")
        #expect(try run.state(Path.deflateBomb) == Self.failed)
    }

    // MARK: Headers

    @Test("1 MB of headers (1,024 lines): refused, the reason names the headers")
    func hugeHeaders() async throws {
        let run = try await crawl(Path.hugeHeaders)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.hugeHeaders)
        #expect(!captures.isEmpty && captures.allSatisfy { $0.status == nil && $0.errorKind != nil }, "\(captures)")
        #expect(captures.allSatisfy { $0.error?.lowercased().contains("header") == true }, "\(captures)")
        #expect(try run.state(Path.hugeHeaders) == Self.failed)
    }

    @Test("a single 1 MiB header line: refused, the reason names the header")
    func hugeHeaderLine() async throws {
        let run = try await crawl(Path.hugeHeaderLine)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.hugeHeaderLine)
        #expect(!captures.isEmpty && captures.allSatisfy { $0.status == nil && $0.errorKind != nil }, "\(captures)")
        #expect(captures.allSatisfy { $0.error?.lowercased().contains("header") == true }, "\(captures)")
        #expect(try run.state(Path.hugeHeaderLine) == Self.failed)
    }

    // MARK: Redirects

    @Test("redirect loop a -> b -> a: each fetched once, both archived as redirects, crawl ends")
    func redirectLoop() async throws {
        let run = try await crawl(Path.loopA)
        try run.expectCrawlFinishedAndGoodHostComplete()
        #expect(run.requests(Path.loopA) == 1 && run.requests(Path.loopB) == 1)
        for path in [Path.loopA, Path.loopB] {
            let captures = try run.captures(path)
            #expect(captures.count == 1 && captures.first?.status == 302, "\(path): \(captures)")
            #expect(try run.state(path) == Self.done)
        }
        #expect(try run.captures(Path.loopB).first?.finalURL == run.url(Path.loopA))
    }

    @Test("redirect chain of 10 with max_redirects 3: the 4th hop is recorded as too_many_redirects, the 5th never requested")
    func redirectChain() async throws {
        let run = try await crawl(Path.chain(1))
        try run.expectCrawlFinishedAndGoodHostComplete()
        for n in 1...4 {
            #expect(run.requests(Path.chain(n)) == 1, "hop \(n)")
            #expect(try run.captures(Path.chain(n)).first?.status == 302)
        }
        for n in 5...HostileCatalog.chainLength { #expect(run.requests(Path.chain(n)) == 0, "hop \(n)") }
        let last = try run.captures(Path.chain(4))
        #expect(last.first?.errorKind == "too_many_redirects", "\(last)")
        #expect(last.first?.error?.contains("more than 3 redirects") == true, "\(last)")
    }

    @Test("redirects to file://, ftp://, gopher://: never followed, and the capture says why",
          arguments: [Path.toFile, Path.toFTP, Path.toGopher])
    func redirectToOtherSchemes(path: String) async throws {
        let run = try await crawl(path)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(path)
        #expect(captures.count == 1 && captures.first?.status == 302, "\(captures)")
        #expect(try run.state(path) == Self.done)
        // Only the redirect itself (and robots.txt) reached the server: nothing else was followed.
        #expect(Set(run.hostile.targets()).isSubset(of: ["/robots.txt", path]), "\(run.hostile.targets())")
        let scheme = String(captures.first?.finalURL?.prefix { $0 != ":" } ?? "")
        #expect(["file", "ftp", "gopher"].contains(scheme), "final_url keeps the refused target: \(captures)")
        #expect(captures.first?.errorKind == "redirect_refused", "\(captures)")
        #expect(captures.first?.error?.contains(scheme) == true, "\(captures)")
    }

    // MARK: Broken transfers

    @Test("malformed chunked encoding: transport error naming the chunk syntax")
    func badChunked() async throws {
        let run = try await crawl(Path.badChunked)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.badChunked)
        #expect(!captures.isEmpty && captures.allSatisfy { $0.status == nil && $0.errorKind == "transport" }, "\(captures)")
        #expect(captures.allSatisfy { $0.error?.lowercased().contains("chunk") == true }, "\(captures)")
        #expect(try run.state(Path.badChunked) == Self.failed)
    }

    @Test("connection reset mid-body (SO_LINGER 0): transport error naming the reset")
    func resetMidBody() async throws {
        let run = try await crawl(Path.reset)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.reset)
        #expect(!captures.isEmpty && captures.allSatisfy { $0.status == nil && $0.errorKind == "transport" }, "\(captures)")
        #expect(captures.allSatisfy { $0.error?.lowercased().contains("reset") == true }, "\(captures)")
        #expect(try run.state(Path.reset) == Self.failed)
    }

    @Test("close right after the headers (Content-Length 5000, no body): transport error naming the missing bytes")
    func closeAfterHeaders() async throws {
        let run = try await crawl(Path.closeAfterHeaders)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.closeAfterHeaders)
        #expect(!captures.isEmpty && captures.allSatisfy { $0.status == nil && $0.errorKind == "transport" }, "\(captures)")
        #expect(captures.allSatisfy { $0.error?.contains("5000 bytes remaining") == true }, "\(captures)")
        #expect(try run.state(Path.closeAfterHeaders) == Self.failed)
    }

    // MARK: Text that lies

    @Test("invalid UTF-8 in a UTF-8 page: archived, text around the damage extracted, link followed")
    func invalidUTF8() async throws {
        let run = try await crawl(Path.invalidUTF8)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.invalidUTF8)
        #expect(captures.count == 1 && captures.first?.status == 200 && captures.first?.errorKind == nil, "\(captures)")
        #expect(try run.state(Path.invalidUTF8) == Self.done)
        #expect(run.requests(Path.utf8Next) == 1, "the link after the bad bytes was extracted")
        let text = try run.harness.query("SELECT text FROM articles WHERE url = '\(run.url(Path.invalidUTF8))'") { $0.string(0) ?? "" }.first ?? ""
        #expect(text.contains("Ordinary words before the damage"), "\(text)")
        #expect(text.contains("intact words after the damage"), "\(text)")
    }

    @Test("Latin-1 bytes declared as UTF-8: archived, the words around still extracted, link followed")
    func wrongCharset() async throws {
        let run = try await crawl(Path.wrongCharset)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.wrongCharset)
        #expect(captures.count == 1 && captures.first?.status == 200 && captures.first?.errorKind == nil, "\(captures)")
        #expect(run.requests(Path.charsetNext) == 1, "the link was extracted")
        let text = try run.harness.query("SELECT text FROM articles WHERE url = '\(run.url(Path.wrongCharset))'") { $0.string(0) ?? "" }.first ?? ""
        #expect(text.contains("the words around it must survive"), "\(text)")
    }

    @Test("HTML nested 100,000 levels deep: archived without a crash, the deep link still found")
    func deeplyNested() async throws {
        let run = try await crawl(Path.nested)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.nested)
        #expect(captures.count == 1 && captures.first?.status == 200 && captures.first?.errorKind == nil, "\(captures)")
        #expect(try run.state(Path.nested) == Self.done)
        #expect(run.requests(Path.nestedNext) == 1, "the link at the bottom was extracted")
    }

    // MARK: robots.txt

    @Test("a 2 MiB robots.txt (over max_body_bytes): its first 500 KiB still apply, the host is crawled")
    func hugeRobots() async throws {
        let run = try await HostileCrawl.run(routes: HostileCatalog.hugeRobotsRoutes(), paths: ["/"])
        try run.expectCrawlFinishedAndGoodHostComplete()
        let robots = try run.robots()
        let rootState = try run.state("/")
        let privateState = try run.state("/private/secret")
        withKnownIssue("RobotsFetch.run fetches robots.txt under max_body_bytes and treats too_large as unreachable (disallow-all) instead of parsing the first 500 KiB (RFC 9309 2.5)") {
            #expect(robots.state == "fetched", "robots: \(robots)")
            #expect(rootState == Self.done)
            #expect(run.requests("/public") == 1)
            #expect(privateState == URLState.blocked.rawValue)
        }
        #expect(run.requests("/private/secret") == 0, "a disallowed page is never fetched")
    }

    @Test("robots.txt answered with an HTML page: parsed as (rule-less) robots.txt, the host is crawled")
    func htmlRobots() async throws {
        let run = try await HostileCrawl.run(routes: HostileCatalog.htmlRobotsRoutes(), paths: ["/"])
        try run.expectCrawlFinishedAndGoodHostComplete()
        let robots = try run.robots()
        #expect(robots.state == "fetched", "robots: \(robots)")
        for path in ["/", "/public", "/private/secret"] {
            #expect(try run.state(path) == Self.done, "\(path)")
            #expect(run.requests(path) == 1, "\(path)")
        }
    }

    // MARK: SSRF

    @Test("allow_private = false: a loopback host is never connected to")
    func privateAddressRefused() async throws {
        var settings = HostileCrawl.settings()
        settings.allowPrivate = false
        settings.retry = RetryPolicy(maxAttempts: 1)
        let run = try await HostileCrawl.run(
            routes: HostileCatalog.routes, paths: [Path.toFile], settings: settings, checkGoodHost: false)
        #expect(!run.hung, "the crawl ended by itself")
        let connections = run.hostile.connectionsAccepted
        withKnownIssue("CrawlSettings.allowPrivate is not enforced: EasyTransfer.configure has no CURLOPT_OPENSOCKETFUNCTION check, so 127.0.0.1 is fetched") {
            #expect(connections == 0, "connections to a loopback host: \(connections)")
        }
    }

    // MARK: 429 storms

    @Test("429 storm on every page (Retry-After: 1): each page retried after the wait, then failed with status 429")
    func tooManyRequestsStorm() async throws {
        let run = try await HostileCrawl.run(
            routes: [:], fallback: HostileCatalog.tooManyRequestsRoutes(retryAfter: "1"),
            paths: (1...5).map { "/storm/\($0)" })
        try run.expectCrawlFinishedAndGoodHostComplete()
        for n in 1...5 {
            let captures = try run.captures("/storm/\(n)")
            #expect(captures.count == 2 && captures.allSatisfy { $0.status == 429 }, "\(n): \(captures)")
            #expect(try run.state("/storm/\(n)") == Self.failed)
        }
        // 10 answers, each holding the host for Retry-After: 1 s.
        #expect(run.elapsed >= .seconds(9), "Retry-After honoured: \(run.elapsed)")
        let gaps = zip(run.hostile.requests().dropFirst(), run.hostile.requests()).map { $0.arrival - $1.arrival }
        #expect(gaps.dropFirst().allSatisfy { $0 >= .milliseconds(990) }, "\(gaps)")
    }

    @Test("429 storm on robots.txt too: the host waits (disallow-all, RFC 9309), its pages stay queued, the crawl still ends")
    func tooManyRequestsOnRobots() async throws {
        let run = try await HostileCrawl.run(
            routes: [:], fallback: HostileCatalog.tooManyRequestsRoutes(retryAfter: nil, robotsToo: true),
            paths: ["/", "/page"])
        try run.expectCrawlFinishedAndGoodHostComplete()
        let robots = try run.robots()
        #expect(robots.state == "disallow-all" && robots.detail?.contains("429") == true, "robots: \(robots)")
        #expect(Set(run.hostile.targets()) == ["/robots.txt"], "nothing but robots.txt requested")
        #expect(try run.state("/") == URLState.queued.rawValue)
        #expect(try run.state("/page") == URLState.queued.rawValue)
    }
}
