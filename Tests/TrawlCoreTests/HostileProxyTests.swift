import Foundation
import Synchronization
import Testing
import TrawlCore
import TrawlTestSupport

/// The SSRF guard is not bypassed by a proxy from the environment: through `http_proxy` the
/// address checked would be the proxy's, and the target would never be checked. The real
/// `trawl crawl` runs as a child process (so the environment variable touches no other test).
@Suite("Hostile servers: proxy")
struct HostileProxyTests {
    @Test("with allow_private = false an http_proxy in the environment is not used: the private target is refused, the proxy sees nothing")
    func environmentProxyIgnored() async throws {
        // The "proxy" on 127.0.0.1 (opened by allow_cidrs) would answer anything it is asked.
        let proxy = try HostileServer.start(routes: [:], fallback: HostileResponses.html(HostileCatalog.page("Proxied", "<p>via proxy</p>")))
        let inside = try HostileServer.start(routes: ["/": HostileResponses.html(HostileCatalog.page("Inside", "<p>internal</p>"))], host: "127.0.0.2")
        let harness = try CrawlHarness()
        let seed = inside.origin + "/"
        let config = harness.folder.file("proxy.toml")
        let result: TrawlProcess.Result
        do {
            try """
                seeds = ["\(seed)"]
                database = "\(harness.database)"
                [politeness]
                delay_ms = 5
                [limits]
                connect_timeout_ms = 2000
                timeout_ms = 5000
                [retry]
                max_attempts = 2
                backoff_ms = 100
                [network]
                allow_private = false
                allow_cidrs = ["127.0.0.1/32"]
                """.write(toFile: config, atomically: true, encoding: .utf8)
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.lowercased().contains("proxy") }
            environment["http_proxy"] = proxy.origin
            environment["HTTP_PROXY"] = proxy.origin
            environment["ALL_PROXY"] = proxy.origin
            result = try await TrawlProcess.run(["crawl", "--config", config, "--log-level", "error"], environment: environment)
        } catch {
            await proxy.shutdown()
            await inside.shutdown()
            throw error
        }
        await proxy.shutdown()
        await inside.shutdown()
        #expect(result.status == 0, "\(result.stderr.suffix(2000))")
        #expect(proxy.connectionsAccepted == 0, "the proxy was asked for: \(proxy.targets())")
        #expect(inside.connectionsAccepted == 0, "the private target was connected to")
        let captures = try harness.query("SELECT error_kind, error FROM captures WHERE url = '\(seed)'") { ($0.string(0), $0.string(1)) }
        #expect(captures.count == 1 && captures.first?.0 == "blocked_address", "\(captures)")
        #expect(captures.first?.1?.contains("127.0.0.2") == true, "\(captures)")
    }
}
