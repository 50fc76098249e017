import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import TrawlApp
import TrawlTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `[metrics] listen`: the daemon serves Prometheus text whose figures follow the crawl.
@Suite("Metrics endpoint", .serialized)
struct MetricsTests {
    @Test("trawl run with [metrics] listen serves fetches by class, bytes, queue sizes, robots outcomes and dedup hits")
    func prometheusText() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 2, pagesPerHost: 12, duplicates: 2))
        let folder = try TemporaryFolder()
        let port = try freeLoopbackPort()
        let config = folder.file("trawl.toml")
        try """
            seeds = [\(servers.seeds.map { "\"\($0)\"" }.joined(separator: ", "))]
            database = "trawl.sqlite"
            [politeness]
            delay_ms = 10
            [network]
            allow_private = true
            [metrics]
            listen = "127.0.0.1:\(port)"
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TrawlProcess.executable)
        process.arguments = ["run", "--config", config, "--log-level", "notice"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        // Wait until the whole site is archived, as the endpoint reports it.
        let expected = servers.expectedURLs.count
        var text = ""
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            if let body = try? await get("http://127.0.0.1:\(port)/metrics") {
                text = body
                if value(text, #"trawl_urls{state="queued"}"#) == 0, value(text, #"trawl_urls{state="in_flight"}"#) == 0,
                   (value(text, #"trawl_urls{state="done"}"#) ?? 0) + (value(text, #"trawl_urls{state="failed"}"#) ?? 0) >= Double(expected) {
                    break
                }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect((value(text, #"trawl_fetches_total{class="2xx"}"#) ?? 0) >= Double(expected - servers.notFoundURLs.count - servers.redirects.count), "\(text)")
        #expect((value(text, #"trawl_fetches_total{class="4xx"}"#) ?? 0) >= Double(servers.notFoundURLs.count), "\(text)")
        #expect((value(text, "trawl_fetched_bytes_total") ?? 0) > 1000, "\(text)")
        #expect((value(text, "trawl_dedup_hits_total") ?? 0) >= 1, "the site's print copies are byte-identical: \(text)")
        #expect(value(text, #"trawl_robots_hosts{state="allow-all"}"#) == 2 || value(text, #"trawl_robots_hosts{state="fetched"}"#) != nil, "\(text)")
        #expect(text.contains("# TYPE trawl_fetches_total counter"), "\(text)")
        #expect(value(text, #"trawl_revisits_due{when="now"}"#) == 0, "a one-shot crawl revisits nothing: \(text)")

        kill(process.processIdentifier, SIGTERM)
        let exited = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }
        }
        #expect(exited == 0)
        try await servers.shutdown()
    }

    @Test("[metrics] listen must be host:port")
    func listenValidation() throws {
        #expect(TrawlConfig.metricsListen("127.0.0.1:9464") == .init(host: "127.0.0.1", port: 9464))
        #expect(TrawlConfig.metricsListen("[::1]:9464") == .init(host: "::1", port: 9464))
        #expect(TrawlConfig.metricsListen("127.0.0.1") == nil)
        #expect(TrawlConfig.metricsListen("127.0.0.1:0") == nil)
        #expect(throws: ConfigError.self) {
            try TrawlConfig.parse(text: "[metrics]\nlisten = \"nope\"\n", file: "t.toml")
        }
        #expect(throws: ConfigError.self) {
            try TrawlConfig.parse(text: "[metrics]\nport = 9464\n", file: "t.toml")
        }
        #expect(try TrawlConfig.parse(text: "", file: "t.toml").metricsListen == nil, "off unless configured")
    }
}

/// The value of the sample line `name` (with its labels), if present.
private func value(_ text: String, _ name: String) -> Double? {
    for line in text.split(separator: "\n") where line.hasPrefix(name + " ") {
        return Double(line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces))
    }
    return nil
}

private func get(_ url: String) async throws -> String {
    let (data, _) = try await URLSession.shared.data(from: URL(string: url)!)
    return String(decoding: data, as: UTF8.self)
}

/// A loopback port nothing listens on right now (bound to 0, read back, closed).
private func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}
