import Foundation
import Testing
import TrawlApp
import TrawlCore
import TrawlFetch

/// The hostile-web limits in the config file: `[network]` (SSRF guard) and `[limits]`
/// (low-speed limit), their defaults, and located errors for nonsense.
@Suite("Hostile config")
struct HostileConfigTests {
    private let file = "/srv/trawl/trawl.toml"

    @Test("defaults: private addresses refused, 100 B/s over 15 s low-speed limit, and Config/trawl.toml says the same")
    func defaults() throws {
        let config = try TrawlConfig.parse(text: "seeds = [\"http://example.com/\"]\n", file: file)
        #expect(!config.settings.allowPrivate)
        #expect(config.settings.addressPolicy == AddressPolicy())
        #expect(config.settings.lowSpeed == LowSpeedLimit(bytesPerSecond: 100, time: .seconds(15)))
        // The documented example file parses to the same guards.
        let documented = try TrawlConfig.load(path: Self.repoFile("Config/trawl.toml"))
        #expect(documented.settings.addressPolicy == AddressPolicy())
        #expect(documented.settings.lowSpeed == config.settings.lowSpeed)
    }

    @Test("allow_cidrs, deny_cidrs and the low-speed keys are read")
    func values() throws {
        let config = try TrawlConfig.parse(text: """
            [limits]
            low_speed_bytes_per_second = 500
            low_speed_time_ms = 2500
            [network]
            allow_cidrs = ["10.1.2.0/24", "fd00::1"]
            deny_cidrs = ["203.0.113.0/24"]
            """, file: file)
        #expect(config.settings.allowCIDRs.map(\.description) == ["10.1.2.0/24", "fd00::1/128"])
        #expect(config.settings.denyCIDRs.map(\.description) == ["203.0.113.0/24"])
        #expect(config.settings.lowSpeed == LowSpeedLimit(bytesPerSecond: 500, time: .milliseconds(2500)))
        #expect(config.settings.lowSpeed?.seconds == 3, "libcurl counts whole seconds, rounded up")
        let off = try TrawlConfig.parse(text: "[limits]\nlow_speed_bytes_per_second = 0\n", file: file)
        #expect(off.settings.lowSpeed == nil)
        #expect(off.settings.dohURL == nil && off.settings.caBundlePath == nil, "the system resolver and CAs by default")
    }

    @Test("doh_url and ca_file are read (ca_file relative to the config's folder) and reach the fetcher")
    func resolverKeys() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trawl-ca-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "not checked here\n".write(to: folder.appendingPathComponent("ca.pem"), atomically: true, encoding: .utf8)
        let config = try TrawlConfig.parse(text: """
            [network]
            doh_url = "https://127.0.0.1:8443/dns-query"
            ca_file = "ca.pem"
            """, file: folder.appendingPathComponent("trawl.toml").path)
        #expect(config.settings.dohURL == "https://127.0.0.1:8443/dns-query")
        #expect(config.settings.caBundlePath == folder.appendingPathComponent("ca.pem").path)
    }

    @Test("a bad CIDR or a negative limit is a located error naming the key and the entry", arguments: [
        ("[network]\nallow_cidrs = [\"10.0.0.0/8\", \"10.0.0.0/99\"]\n", "network.allow_cidrs", "10.0.0.0/99"),
        ("[network]\ndeny_cidrs = [\"example.com\"]\n", "network.deny_cidrs", "example.com"),
        ("[network]\nallow_cidrs = \"10.0.0.0/8\"\n", "network.allow_cidrs", ""),
        ("[limits]\nlow_speed_bytes_per_second = -5\n", "limits.low_speed_bytes_per_second", ""),
        ("[limits]\nlow_speed_time_ms = 0\n", "limits.low_speed_time_ms", ""),
        ("[network]\ndoh_url = \"http://127.0.0.1/dns-query\"\n", "network.doh_url", "https://"),
        ("[network]\ndoh_url = \"not a url\"\n", "network.doh_url", "https://"),
        ("[network]\ndoh_url = 5\n", "network.doh_url", ""),
        ("[network]\nca_file = \"/nonexistent/ca.pem\"\n", "network.ca_file", "/nonexistent/ca.pem"),
    ])
    func errors(text: String, key: String, detail: String) {
        do {
            _ = try TrawlConfig.parse(text: text, file: file)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.key == key, "\(error)")
            #expect(error.line != nil, "\(error)")
            #expect(detail.isEmpty || error.description.contains(detail), "\(error)")
        }
    }

    static func repoFile(_ path: String) -> String {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { break }
        }
        return url.appendingPathComponent(path).path
    }
}
