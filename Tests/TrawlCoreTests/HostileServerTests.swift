import Foundation
import Testing
import TrawlCore
import TrawlFetch
import TrawlTestSupport

/// The hostile web (issue 7): one crawl per scenario, each with a misbehaving host next to a
/// well-behaved site. Every test asserts (a) the crawl ends by itself within the configured
/// limits, (b) the outcome recorded for the hostile URL, with its reason, and (c) that every
/// page of the well-behaved host was archived.
///
/// Limits (``HostileCrawl/settings()``): connect 1 s, timeout 2 s, low speed 100 B/s over 1 s,
/// max_body_bytes 1 MiB, max_redirects 3, 2 attempts. Timing is asserted as lower bounds only.
@Suite("Hostile servers")
struct HostileServerTests {
    typealias Path = HostileCatalog.Path
    static let failed = URLState.failed.rawValue
    static let done = URLState.done.rawValue

    private func crawl(_ paths: String...) async throws -> HostileCrawl {
        try await HostileCrawl.run(routes: HostileCatalog.routes, paths: paths)
    }

    /// Crawls `path` next to the good host and expects exactly one capture of it, failed as
    /// `too_large` (a cap hit is never retried), whose reason contains `reasonNaming` if given.
    private func expectOneTooLargeFailure(
        _ path: String, reasonNaming reason: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let run = try await crawl(path)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(path)
        #expect(captures.count == 1 && captures.first?.errorKind == "too_large", "\(captures)", sourceLocation: sourceLocation)
        if let reason {
            #expect(captures.first?.error?.contains(reason) == true, "the reason names \(reason): \(captures)", sourceLocation: sourceLocation)
        }
        #expect(try run.state(path) == Self.failed, sourceLocation: sourceLocation)
    }

    // MARK: Slow and endless answers

    @Test("trickle, 1 byte per second: the low-speed limit ends it, recorded as too_slow, retried once")
    func trickle() async throws {
        let run = try await crawl(Path.trickle)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.trickle)
        #expect(captures.count == 2, "\(captures)")
        #expect(captures.allSatisfy { $0.errorKind == "too_slow" && $0.status == nil }, "\(captures)")
        #expect(captures.allSatisfy { $0.error?.contains("too slow") == true }, "\(captures)")
        #expect(captures.allSatisfy { $0.error?.contains("low_speed_bytes_per_second") == true }, "the reason names the key: \(captures)")
        #expect(try run.state(Path.trickle) == Self.failed)
        #expect(run.elapsed >= .seconds(2), "two attempts, each allowed its 1 s of low speed")
    }

    @Test("trickle with the low-speed check off: the transfer timeout ends it, recorded as timeout")
    func trickleWithoutLowSpeed() async throws {
        var settings = HostileCrawl.settings()
        settings.lowSpeed = nil
        let run = try await HostileCrawl.run(routes: HostileCatalog.routes, paths: [Path.trickle], settings: settings)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.trickle)
        #expect(captures.count == 2 && captures.allSatisfy { $0.errorKind == "timeout" }, "\(captures)")
        #expect(run.elapsed >= .seconds(4), "two attempts of a 2 s timeout")
    }

    @Test("a server that accepts and never answers (low-speed check off): timeout, recorded, retried once")
    func silent() async throws {
        var settings = HostileCrawl.settings()
        settings.lowSpeed = nil
        let run = try await HostileCrawl.run(routes: HostileCatalog.routes, paths: [Path.silent], settings: settings)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.silent)
        #expect(captures.count == 2 && captures.allSatisfy { $0.errorKind == "timeout" }, "\(captures)")
        #expect(try run.state(Path.silent) == Self.failed)
        #expect(run.requests(Path.silent) == 2)
        #expect(run.elapsed >= .seconds(4))
    }

    @Test("a body that never ends: aborted at max_body_bytes, recorded as too_large, not retried")
    func endlessBody() async throws {
        try await expectOneTooLargeFailure(Path.endless, reasonNaming: "\(1 << 20)")
    }

    @Test("a 100 MB page announced by Content-Length: refused at once as too_large")
    func hundredMegabytes() async throws {
        try await expectOneTooLargeFailure(Path.hundredMB)
    }

    @Test("a 100 MB page without Content-Length: aborted at the cap as too_large")
    func hundredMegabytesUnannounced() async throws {
        try await expectOneTooLargeFailure(Path.hundredMBUnannounced)
    }

    // MARK: Compression bombs

    @Test("gzip bomb (830 KB on the wire, 128 MiB decoded): decoded-size cap, too_large")
    func gzipBomb() async throws {
        try await expectOneTooLargeFailure(Path.gzipBomb)
    }

    @Test("deflate bomb without Content-Length: decoded-size cap, too_large")
    func deflateBomb() async throws {
        try await expectOneTooLargeFailure(Path.deflateBomb)
    }

    @Test("brotli bomb (106 bytes on the wire, 128 MiB decoded): decoded-size cap, too_large naming br")
    func brotliBomb() async throws {
        try await expectOneTooLargeFailure(Path.brotliBomb, reasonNaming: "Content-Encoding br")
    }

    @Test("a page sent Content-Encoding br is decoded and parsed: its link is followed")
    func brotliPage() async throws {
        let run = try await crawl(Path.brotliPage)
        try run.expectCrawlFinishedAndGoodHostComplete()
        let captures = try run.captures(Path.brotliPage)
        #expect(captures.count == 1 && captures.first?.status == 200 && captures.first?.errorKind == nil, "\(captures)")
        #expect(run.requests(Path.brotliNext) == 1, "the link inside the brotli body was extracted")
        #expect(try run.state(Path.brotliNext) == Self.done)
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
        #expect(robots.state == "fetched", "robots: \(robots)")
        #expect(rootState == Self.done)
        #expect(run.requests("/public") == 1)
        #expect(privateState == URLState.blocked.rawValue, "the rule at the top of the file applies")
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

    @Test("allow_private = false: a loopback host is never connected to; the URL fails as blocked_address, not retried")
    func privateAddressRefused() async throws {
        var settings = HostileCrawl.settings()
        settings.allowPrivate = false
        let run = try await HostileCrawl.run(
            routes: HostileCatalog.routes, paths: [Path.toFile], settings: settings, checkGoodHost: false)
        #expect(!run.hung, "the crawl ended by itself")
        #expect(run.hostile.connectionsAccepted == 0, "connections to a loopback host: \(run.hostile.connectionsAccepted)")
        let captures = try run.captures(Path.toFile)
        #expect(captures.count == 1 && captures.first?.errorKind == "blocked_address", "one attempt of two: \(captures)")
        #expect(captures.first?.error?.contains("127.0.0.1") == true, "\(captures)")
        #expect(captures.first?.error?.contains("allow_private") == true, "names the key: \(captures)")
        #expect(try run.state(Path.toFile) == Self.failed)
        let robots = try run.robots()
        #expect(robots.detail?.contains("blocked_address") == true, "robots.txt refused too: \(robots)")
    }

    @Test("a redirect from an allowed origin to another loopback address is refused (every hop is checked)")
    func redirectToPrivateRefused() async throws {
        // The first hop is on 127.0.0.1, opened by allow_cidrs; the target on 127.0.0.2 is a
        // live server (Linux routes 127/8 to loopback), which must see no connection at all.
        let inside = try HostileServer.start(routes: ["/secret": HostileResponses.html(HostileCatalog.page("Secret", "<p>Internal.</p>"))], host: "127.0.0.2")
        let target = inside.origin + "/secret"
        let routes = ["/to-private": HostileResponses.redirect(to: target)]
        var settings = HostileCrawl.settings()
        settings.allowPrivate = false
        settings.allowCIDRs = [try CIDRBlock("127.0.0.1/32")]
        settings.scope.include = [try Scope.Pattern("^http://127\\.0\\.0\\.2:")]
        let run: HostileCrawl
        do {
            run = try await HostileCrawl.run(routes: routes, paths: ["/to-private"], settings: settings)
        } catch {
            await inside.shutdown()
            throw error
        }
        await inside.shutdown()
        try run.expectCrawlFinishedAndGoodHostComplete()
        let redirect = try run.captures("/to-private")
        #expect(redirect.count == 1 && redirect.first?.status == 302, "the allowed hop was fetched: \(redirect)")
        #expect(inside.connectionsAccepted == 0, "connections to 127.0.0.2: \(inside.connectionsAccepted)")
        let captures = try run.harness.query("SELECT error_kind, error FROM captures WHERE url = '\(target)'") {
            ($0.string(0), $0.string(1))
        }
        #expect(captures.count == 1 && captures.first?.0 == "blocked_address", "\(captures)")
        #expect(captures.first?.1?.contains("127.0.0.2") == true, "\(captures)")
        let state = try run.harness.query("SELECT state FROM urls WHERE url = '\(target)'") { $0.int(0) }.first
        #expect(state == Self.failed)
    }

    @Test("the redirect test's target is reachable: with allow_private = true the same redirect is followed")
    func redirectToPrivateAllowed() async throws {
        let inside = try HostileServer.start(routes: ["/secret": HostileResponses.html(HostileCatalog.page("Secret", "<p>Internal.</p>"))], host: "127.0.0.2")
        let routes = ["/to-private": HostileResponses.redirect(to: inside.origin + "/secret")]
        var settings = HostileCrawl.settings()
        settings.scope.include = [try Scope.Pattern("^http://127\\.0\\.0\\.2:")]
        let run: HostileCrawl
        do {
            run = try await HostileCrawl.run(routes: routes, paths: ["/to-private"], settings: settings)
        } catch {
            await inside.shutdown()
            throw error
        }
        await inside.shutdown()
        try run.expectCrawlFinishedAndGoodHostComplete()
        #expect(inside.targets().contains("/secret"), "\(inside.targets())")
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
