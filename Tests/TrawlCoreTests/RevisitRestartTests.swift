import Foundation
import Testing
import TrawlCore
import TrawlTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `trawl run` stopped and started again in the middle of continuous archiving: the schedules
/// are in the database, so nothing due is lost and nothing is fetched before its time.
@Suite("Revisit restart", .serialized)
struct RevisitRestartTests {
    @Test("restart keeps every schedule: each URL is fetched again after the restart, never before its next_visit_at; one not due yet (5 min interval) is not fetched at start (server log and database)")
    func restartKeepsSchedules() async throws {
        let paths = ["/", "/a/1", "/a/2", "/a/3"]
        let server = try await TestHTTPServer.start { request in
            switch request.path {
            case "/": .html("<!DOCTYPE html><p><a href=\"/a/1\">1</a> <a href=\"/a/2\">2</a> <a href=\"/a/3\">3</a> <a href=\"/slow\">s</a></p>")
            case "/slow": .html(RevisitCrawlTests.article(title: "Slow", paragraph: "Rarely revisited."))
            case let path where path.hasPrefix("/a/"): .html(RevisitCrawlTests.article(title: path, paragraph: "About \(path)."))
            default: .notFound
            }
        }
        let urls = paths.map { server.origin + $0 }
        let slow = server.origin + "/slow"
        // Wall-clock time of a request's arrival (the log keeps monotonic instants).
        let (wallBase, instantBase) = (Date().timeIntervalSince1970, ContinuousClock.now)
        func wall(_ request: RecordedRequest) -> Double {
            let elapsed = (request.arrival - instantBase).components
            return wallBase + Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        }
        let harness = try CrawlHarness()
        let config = try harness.writeConfig(seeds: [urls[0]], """
            [politeness]
            delay_ms = 20
            [network]
            allow_private = true
            [[revisit]]
            match = "/slow$"
            every = "5m"
            [[revisit]]
            match = "/$"
            every = "2s"
            [[revisit]]
            match = "/a/"
            every = "3s"
            """)
        func captures(_ url: String) throws -> [(fetchedAt: Double, interval: Double?)] {
            try harness.query("SELECT fetched_at, revisit_interval FROM captures WHERE url = '\(url)' ORDER BY fetched_at, id") {
                ($0.double(0), $0.optionalDouble(1))
            }
        }

        // First run: until every URL was revisited at least once, then a clean stop.
        let first = try await Self.startDaemon(config)
        // (The daemon creates the database: until then the query fails.)
        #expect(await CrawlHarness.waitFor {
            urls.allSatisfy { ((try? captures($0))?.count ?? 0) >= 2 } && ((try? captures(slow))?.count ?? 0) >= 1
        })
        await Self.stop(first)
        let schedule = Dictionary(uniqueKeysWithValues: try harness.query(
            "SELECT url, next_visit_at FROM urls WHERE url IN (\((urls + [slow]).map { "'\($0)'" }.joined(separator: ",")))"
        ) { ($0.string(0) ?? "", $0.double(1)) })
        #expect(schedule.count == urls.count + 1, "every URL has a next visit: \(schedule)")
        let stoppedAt = server.requests().count

        // Second run: every URL is due again (some while nothing ran) and is fetched, at or after its time.
        let restartedAt = Date().timeIntervalSince1970
        let slowDue = try #require(schedule[slow])
        #expect(slowDue > restartedAt + 5, "the 5 min URL is not due yet at the restart (else the check below proves nothing; a first run slowed by a busy machine must not use it up)")
        let second = try await Self.startDaemon(config)
        #expect(await CrawlHarness.waitFor { urls.allSatisfy { ((try? captures($0))?.last?.fetchedAt ?? 0) > restartedAt } },
                "a scheduled visit was lost in the restart")
        await Self.stop(second)
        try await server.shutdown()

        let afterRestart = server.requests().dropFirst(stoppedAt)
        // The second run fetched the others (due within 3 s); the 5 min URL only at its time, if at all.
        for request in afterRestart where request.path == "/slow" {
            #expect(wall(request) >= slowDue - 0.05, "/slow fetched \(slowDue - wall(request)) s before its next visit")
        }
        for (path, url) in zip(paths, urls) {
            let firstAfter = try #require(afterRestart.first { $0.path == path }, "\(path) not fetched after the restart")
            let due = try #require(schedule[url])
            #expect(wall(firstAfter) >= due - 0.05, "\(path) fetched \(due - wall(firstAfter)) s before its next visit")
            // Across both runs: no visit came before the interval set by the one before it.
            let visits = try captures(url)
            for (earlier, later) in zip(visits, visits.dropFirst()) {
                #expect(later.fetchedAt >= earlier.fetchedAt + (earlier.interval ?? .infinity) - 0.01, "\(path) revisited early")
            }
            // Every request the server saw was archived: a clean stop leaves nothing unrecorded.
            #expect(server.requests().filter { $0.path == path }.count == visits.count)
        }
    }

    private static func startDaemon(_ config: String) async throws -> Process {
        let (process, _, _) = try TrawlProcess.start(["run", "--config", config, "--log-level", "warning"])
        return process
    }

    /// SIGTERM (in-flight fetches finish, the rest is re-queued) and wait for the exit.
    private static func stop(_ process: Process) async {
        kill(process.processIdentifier, SIGTERM)
        await TrawlProcess.waitForExit(process)
        #expect(process.terminationStatus == 0)
    }
}
