import Foundation
import Testing
import TrawlCore
import TrawlTestSupport

/// Peak memory of the real `trawl crawl` process over every hostile scenario at once.
///
/// Memory safety, not speed: whatever the servers send (a 100 MB page, bombs decoding to
/// 128 MiB, 1 MB of headers, 100,000 nested elements), the resident set stays far below the
/// sum of what they offer. Measured with `/usr/bin/time -v` (the kernel's `ru_maxrss`).
@Suite("Hostile servers: memory")
struct HostileMemoryTests {
    /// The bound asserted: generous, since this is a safety property (a debug build, SQLite
    /// cache, libxml2 tree of the deep page, curl buffers, 16 transfers at once).
    static let peakRSSBoundKiB = 300 * 1024

    @Test("the whole suite's crawl in one `trawl crawl` process: exit 0, peak RSS under 300 MB, well-behaved hosts complete")
    func peakRSSOfAllScenarios() async throws {
        let main = try HostileServer.start(routes: HostileCatalog.routes)
        let hugeRobots = try HostileServer.start(routes: HostileCatalog.hugeRobotsRoutes())
        let htmlRobots = try HostileServer.start(routes: HostileCatalog.htmlRobotsRoutes())
        let storm = try HostileServer.start(routes: [:], fallback: HostileCatalog.tooManyRequestsRoutes(retryAfter: "1"))
        let hostile = [main, hugeRobots, htmlRobots, storm]
        let good: TestSiteServers
        do {
            good = try await TestSiteServers.start(TestSite(hosts: 2, pagesPerHost: 10, duplicates: 1))
        } catch {
            for server in hostile { await server.shutdown() }
            throw error
        }
        let harness = try CrawlHarness()
        let result: TrawlProcess.Result
        do {
            let seeds = ["/"] .map { main.origin + $0 } + HostileCatalog.seedPaths.map { main.origin + $0 }
                + [hugeRobots.origin + "/", htmlRobots.origin + "/"]
                + (1...3).map { storm.origin + "/storm/\($0)" } + good.seeds
            let config = harness.folder.file("hostile.toml")
            try """
                seeds = [\(seeds.map { "\"\($0)\"" }.joined(separator: ", "))]
                database = "trawl.sqlite"
                user_agent = "TrawlHostileTest/1.0"
                [politeness]
                delay_ms = 5
                delay_factor = 0.0
                backoff_ms = 100
                max_backoff_ms = 500
                backoff_jitter = 0.0
                park_ms = 5000
                robots_max_retry_ms = 1000
                transfers = 16
                [limits]
                connect_timeout_ms = 1000
                timeout_ms = 2000
                max_body_bytes = 1048576
                max_redirects = 3
                [retry]
                max_attempts = 2
                backoff_ms = 100
                [network]
                allow_private = true
                """.write(toFile: config, atomically: true, encoding: .utf8)
            result = try await Self.runTimed(["crawl", "--config", config, "--log-level", "error"])
            try await good.shutdown()
            for server in hostile { await server.shutdown() }
        } catch {
            try? await good.shutdown()
            for server in hostile { await server.shutdown() }
            throw error
        }

        #expect(result.status == 0, "trawl crawl failed: \(result.stderr.suffix(2000))")
        let peak = Self.maxRSSKiB(result.stderr)
        #expect(peak != nil, "no peak RSS in /usr/bin/time output: \(result.stderr.suffix(2000))")
        if let peak {
            print("hostile suite: peak RSS of `trawl crawl` over all scenarios: \(peak) KiB (\(peak / 1024) MiB)")
            #expect(peak < Self.peakRSSBoundKiB, "peak RSS \(peak) KiB")
        }
        let done = Set(try harness.query("SELECT url FROM urls WHERE state = 2") { $0.string(0) ?? "" })
        let missing = good.expectedURLs.subtracting(done)
        #expect(missing.isEmpty, "well-behaved hosts not fully archived: \(missing.sorted())")
        #expect(try harness.integrityCheck() == "ok")
        let stuck = try harness.query("SELECT count(*) FROM urls WHERE state = 1") { $0.int(0) }.first
        #expect(stuck == 0, "nothing left in flight")
    }

    /// Runs `trawl arguments…` under `/usr/bin/time -v` (its report goes to stderr).
    ///
    /// The blocking reads and the wait run on GCD threads, not on the (core-sized) cooperative
    /// pool, so the other tests' crawls running in parallel are not starved meanwhile.
    static func runTimed(_ arguments: [String]) async throws -> TrawlProcess.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
        process.arguments = ["-v", TrawlProcess.executable] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        async let stdout = readToEnd(out.fileHandleForReading)
        async let stderr = readToEnd(err.fileHandleForReading)
        let (o, e) = await (stdout, stderr)
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
        return TrawlProcess.Result(
            status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    private static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: handle.readDataToEndOfFile()) }
        }
    }

    /// "Maximum resident set size (kbytes): N" from `time -v`.
    static func maxRSSKiB(_ report: String) -> Int? {
        for line in report.split(separator: "\n") where line.contains("Maximum resident set size") {
            return line.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        }
        return nil
    }
}
