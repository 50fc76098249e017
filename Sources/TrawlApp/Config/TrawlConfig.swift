import Foundation
import TOMLKit
import TrawlCore
import TrawlFetch
import TrawlURL

/// The parsed, validated config file (see `Config/trawl.toml` for every key with its meaning).
public struct TrawlConfig: Sendable {
    /// The config file this came from.
    public var file: String
    /// Seed URLs, normalized, from `seeds` and `seeds_file`.
    public var seeds: [CrawlURL]
    /// The SQLite database path (absolute).
    public var database: String
    public var settings: CrawlSettings
    /// `[metrics] listen`: where the Prometheus text endpoint listens; nil (the default) = off.
    public var metricsListen: MetricsListen?

    /// A `host:port` to serve metrics on (`127.0.0.1:9464`, `[::1]:9464`).
    public struct MetricsListen: Sendable, Equatable {
        public var host: String
        public var port: Int
    }

    /// Reads and validates `path`. Relative paths inside resolve against the file's folder.
    public static func load(path: String) throws(ConfigError) -> TrawlConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, message: "cannot read the config file: \(error.localizedDescription)")
        }
        return try parse(text: text, file: path)
    }

    /// Validates config `text` as if read from `file`.
    public static func parse(text: String, file: String) throws(ConfigError) -> TrawlConfig {
        try TOMLHeaderCheck.check(text, file: file)
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, line: error.source.begin.line, message: "invalid TOML: \(error.description)")
        } catch {
            throw ConfigError(file: file, message: "invalid TOML: \(error)")
        }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent().path
        let reader = ConfigReader(file: file, table: root, path: "", sourceMap: TOMLSourceMap(text: text))
        try reader.rejectUnknownKeys(allowed: ["seeds", "seeds_file", "database", "user_agent", "politeness", "scope", "limits", "network", "retry", "warc", "metrics", "revisit", "revisit_policy"])

        var seeds: [CrawlURL] = []
        for (index, raw) in (try reader.strings("seeds") ?? []).enumerated() {
            guard let url = seedURL(raw) else {
                throw reader.error("seeds", "entry \(index + 1), \"\(raw)\", is not an absolute http(s) URL")
            }
            seeds.append(url)
        }
        if let seedsFile = try reader.string("seeds_file") {
            seeds += try readSeedsFile(resolve(seedsFile, in: folder), reader: reader)
        }
        let database = resolve(try reader.string("database") ?? "trawl.sqlite", in: folder)
        var settings = CrawlSettings()
        if let agent = try reader.string("user_agent") {
            guard !agent.trimmingCharacters(in: .whitespaces).isEmpty else { throw reader.error("user_agent", "must not be empty") }
            settings.userAgent = agent
        }

        let politeness = try reader.table("politeness")
        try politeness.rejectUnknownKeys(allowed: [
            "delay_ms", "per_host", "transfers", "max_delay_ms", "delay_factor", "backoff_ms", "max_backoff_ms",
            "backoff_jitter", "park_after_failures", "park_ms", "robots", "robots_cache_hours",
            "robots_outage_days", "robots_max_retry_ms",
        ])
        let robotsMode = try politeness.string("robots") ?? "obey"
        guard let mode = RobotsPolicy.Mode(rawValue: robotsMode) else {
            throw politeness.error("robots", "must be \"obey\" or \"ignore\" (got \"\(robotsMode)\")")
        }
        let delay = try politeness.int("delay_ms") ?? 1000
        let maxDelay = try politeness.int("max_delay_ms") ?? 30_000
        guard maxDelay >= delay else {
            throw politeness.error("max_delay_ms", "must be at least delay_ms (\(delay)), got \(maxDelay)")
        }
        settings.politeness = Politeness(
            delay: .milliseconds(delay),
            perHost: try politeness.int("per_host", min: 1) ?? 1,
            transfers: try politeness.int("transfers", min: 1) ?? 64,
            maxDelay: .milliseconds(maxDelay),
            delayFactor: try number(politeness, "delay_factor", range: 0...1000) ?? 2,
            backoff: .milliseconds(try politeness.int("backoff_ms") ?? 2000),
            maxBackoff: .milliseconds(try politeness.int("max_backoff_ms") ?? 600_000),
            jitter: try number(politeness, "backoff_jitter", range: 0...1) ?? 0.25,
            parkAfter: try politeness.int("park_after_failures", min: 1) ?? 10,
            parkFor: .milliseconds(try politeness.int("park_ms") ?? 3_600_000),
            robots: RobotsPolicy(
                mode: mode,
                cacheFor: .seconds(3600 * (try politeness.int("robots_cache_hours", min: 1) ?? 24)),
                outageFallbackAfter: .seconds(86400 * (try politeness.int("robots_outage_days", min: 1) ?? 30)),
                maxRetryDelay: .milliseconds(try politeness.int("robots_max_retry_ms", min: 1) ?? 3_600_000)))

        let retry = try reader.table("retry")
        try retry.rejectUnknownKeys(allowed: ["max_attempts", "backoff_ms"])
        settings.retry = RetryPolicy(
            maxAttempts: try retry.int("max_attempts", min: 1) ?? 3,
            backoff: .milliseconds(try retry.int("backoff_ms") ?? 2000))

        let scope = try reader.table("scope")
        try scope.rejectUnknownKeys(allowed: [
            "max_depth", "include", "exclude", "max_url_length", "max_path_segments", "max_segment_repeats",
            "max_outlinks", "max_pages_per_host", "strip_params", "strip_path_sessions", "sitemaps",
            "feeds", "probe_feeds",
        ])
        settings.scope = Scope(
            maxDepth: try scope.int("max_depth") ?? 10,
            include: try patterns(scope, "include"),
            exclude: try patterns(scope, "exclude"),
            maxURLLength: try scope.int("max_url_length", min: 16) ?? 2048,
            maxPathSegments: try scope.int("max_path_segments", min: 1) ?? 64,
            maxSegmentRepeats: try scope.int("max_segment_repeats", min: 1) ?? 2,
            maxOutlinks: try scope.int("max_outlinks", min: 1) ?? 5000,
            maxPagesPerHost: try scope.int("max_pages_per_host", min: 1) ?? 100_000,
            canonicalizer: LinkCanonicalizer(
                parameters: try stripParams(scope),
                stripPathSessions: try scope.bool("strip_path_sessions") ?? true),
            sitemaps: try scope.bool("sitemaps") ?? true,
            feeds: try scope.bool("feeds") ?? true,
            probeFeeds: try scope.bool("probe_feeds") ?? false)

        let limits = try reader.table("limits")
        try limits.rejectUnknownKeys(allowed: [
            "connect_timeout_ms", "timeout_ms", "max_body_bytes", "max_redirects",
            "low_speed_bytes_per_second", "low_speed_time_ms", "stop_grace_ms", "frontier_memory_urls",
        ])
        settings.connectTimeout = .milliseconds(try limits.int("connect_timeout_ms", min: 1) ?? 10_000)
        settings.timeout = .milliseconds(try limits.int("timeout_ms", min: 1) ?? 30_000)
        settings.maxBodyBytes = try limits.int("max_body_bytes", min: 1) ?? 10 << 20
        settings.maxRedirects = try limits.int("max_redirects") ?? 5
        settings.stopGrace = .milliseconds(try limits.int("stop_grace_ms") ?? 10_000)
        settings.frontierMemoryURLs = try limits.int("frontier_memory_urls", min: 100) ?? 50_000
        // 0 bytes per second turns the low-speed check off.
        let lowSpeedBytes = try limits.int("low_speed_bytes_per_second") ?? CrawlSettings.defaultLowSpeed.bytesPerSecond
        let lowSpeedTime = try limits.int("low_speed_time_ms", min: 1) ?? 15_000
        settings.lowSpeed = lowSpeedBytes == 0
            ? nil : LowSpeedLimit(bytesPerSecond: lowSpeedBytes, time: .milliseconds(lowSpeedTime))

        let network = try reader.table("network")
        try network.rejectUnknownKeys(allowed: ["allow_private", "allow_cidrs", "deny_cidrs", "doh_url", "ca_file"])
        settings.allowPrivate = try network.bool("allow_private") ?? false
        settings.allowCIDRs = try cidrs(network, "allow_cidrs")
        settings.denyCIDRs = try cidrs(network, "deny_cidrs")
        if let doh = try network.string("doh_url") {
            guard let url = CrawlURL(doh), url.href.hasPrefix("https://") else {
                throw network.error("doh_url", "must be an absolute https:// URL of a DNS-over-HTTPS resolver, e.g. \"https://127.0.0.1:8443/dns-query\"")
            }
            settings.dohURL = url.href
        }
        if let caFile = try network.string("ca_file") {
            let path = resolve(caFile, in: folder)
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw network.error("ca_file", "cannot read \(path) (a PEM file of CA certificates)")
            }
            settings.caBundlePath = path
        }

        let warc = try reader.table("warc")
        try warc.rejectUnknownKeys(allowed: ["dir", "max_bytes", "prefix", "compression_level"])
        // max_bytes, prefix and compression_level are validated only with `dir` set (WARC output on).
        if let dir = try warc.string("dir") {
            guard !dir.trimmingCharacters(in: .whitespaces).isEmpty else { throw warc.error("dir", "must not be empty") }
            let prefix = try warc.string("prefix") ?? "trawl"
            guard !prefix.isEmpty, prefix.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else {
                throw warc.error("prefix", "must be letters, digits, '_' or '.' (it starts every WARC file name; '-' separates the name's parts)")
            }
            let level = try warc.int("compression_level", min: 1) ?? 1
            guard level <= 9 else { throw warc.error("compression_level", "must be 1 (fastest) to 9 (smallest) (got \(level))") }
            settings.warc = WARCSettings(
                directory: resolve(dir, in: folder),
                maxBytes: UInt64(try warc.int("max_bytes", min: 1_000_000) ?? 1_000_000_000),
                prefix: prefix, compressionLevel: Int32(level))
        }

        settings.revisit = try RevisitConfig.policy(reader)

        var config = TrawlConfig(file: file, seeds: seeds, database: database, settings: settings)
        let metrics = try reader.table("metrics")
        try metrics.rejectUnknownKeys(allowed: ["listen"])
        if let listen = try metrics.string("listen") {
            guard let parsed = metricsListen(listen) else {
                throw metrics.error("listen", "\"\(listen)\" is not host:port (e.g. \"127.0.0.1:9464\"; port 1-65535)")
            }
            config.metricsListen = parsed
        }
        return config
    }

    /// `host:port` or `[ipv6]:port`.
    static func metricsListen(_ text: String) -> MetricsListen? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (1...65535).contains(port) else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(" ") else { return nil }
        return MetricsListen(host: host, port: port)
    }

    /// A seed: an absolute http(s) URL, normalized.
    static func seedURL(_ raw: String) -> CrawlURL? {
        guard let url = CrawlURL(raw.trimmingCharacters(in: .whitespaces)), url.isHTTP else { return nil }
        return url.normalizedForCrawl()
    }

    private static func resolve(_ path: String, in folder: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: folder).appendingPathComponent(path).standardizedFileURL.path
    }

    /// A number (integer or decimal) within `range`.
    static func number(_ reader: ConfigReader, _ key: String, range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        guard let value = reader.table[key] else { return nil }
        guard let number = value.double ?? value.int.map(Double.init) else { throw reader.error(key, "must be a number") }
        guard range.contains(number) else {
            throw reader.error(key, "must be between \(range.lowerBound) and \(range.upperBound) (got \(number))")
        }
        return number
    }

    /// `[scope] strip_params`: parameter names, a trailing `*` for a prefix (`utm_*`).
    private static func stripParams(_ reader: ConfigReader) throws(ConfigError) -> [String] {
        guard let names = try reader.strings("strip_params") else { return LinkCanonicalizer.defaultParameters }
        for name in names {
            let stem = name.hasSuffix("*") ? String(name.dropLast()) : name
            guard !stem.isEmpty, !stem.contains(where: { "=&;#?* ".contains($0) }) else {
                throw reader.error("strip_params", "\"\(name)\" is not a parameter name (a trailing * may end a prefix)")
            }
        }
        return names
    }

    /// A list of CIDR blocks (`"10.0.0.0/8"`, `"fd00::/8"`, or a single address).
    private static func cidrs(_ reader: ConfigReader, _ key: String) throws(ConfigError) -> [CIDRBlock] {
        var result: [CIDRBlock] = []
        for (index, text) in (try reader.strings(key) ?? []).enumerated() {
            do { result.append(try CIDRBlock(text)) } catch {
                throw reader.error(key, "entry \(index + 1): \(error)")
            }
        }
        return result
    }

    private static func patterns(_ reader: ConfigReader, _ key: String) throws(ConfigError) -> [Scope.Pattern] {
        var result: [Scope.Pattern] = []
        for source in try reader.strings(key) ?? [] {
            do { result.append(try Scope.Pattern(source)) } catch {
                throw reader.error(key, "invalid regular expression \"\(source)\"")
            }
        }
        return result
    }

    /// One URL per line; `#` starts a comment; blank lines are skipped.
    private static func readSeedsFile(_ path: String, reader: ConfigReader) throws(ConfigError) -> [CrawlURL] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw reader.error("seeds_file", "cannot read \(path): \(error.localizedDescription)")
        }
        var seeds: [CrawlURL] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            guard let url = seedURL(trimmed) else {
                throw ConfigError(file: path, line: index + 1, message: "\"\(trimmed)\" is not an absolute http(s) URL")
            }
            seeds.append(url)
        }
        return seeds
    }
}
