/// A parsed robots.txt (RFC 9309): an immutable, `Sendable` value with no I/O.
///
/// Parse once per authority and query it for every URL: all rule patterns are compiled and
/// sorted at parse time, so ``isAllowed(userAgent:pathAndQuery:)`` is a dictionary lookup
/// plus a scan that stops at the first (= longest) matching rule.
///
/// Semantics (RFC 9309, with Google's non-contradicting leniencies):
/// - Group selection is by product token, case-insensitively. All groups naming the agent
///   are merged; only when none does are the `*` groups (merged) used; with neither,
///   everything is allowed.
/// - The longest matching pattern (in octets) wins; Allow wins a tie; no match = allowed.
/// - `*` matches any octets, a trailing `$` anchors at the end of the path.
/// - Non-ASCII octets in patterns are percent-encoded and `%xx` hex digits upper-cased,
///   on both the pattern and the path side; percent-encoded characters are not decoded.
/// - `/robots.txt` itself is always allowed (RFC 9309 2.2.2).
public struct RobotsTxt: Sendable {
    /// Merged rules per lower-cased product token.
    private let specific: [String: RobotsRuleSet]
    /// Merged rules of the `*` groups, if any.
    private let global: RobotsRuleSet?
    /// Absolute URLs from `Sitemap:` lines, in file order (they belong to no group).
    public let sitemaps: [String]

    private init(specific: [String: RobotsRuleSet], global: RobotsRuleSet?, sitemaps: [String]) {
        self.specific = specific
        self.global = global
        self.sitemaps = sitemaps
    }

    /// Parses a robots.txt body as fetched (raw octets; no charset decoding is needed).
    ///
    /// Parses the first 500 KiB (RFC 9309 2.5) and ignores the rest. Invalid UTF-8, a BOM,
    /// and CR, LF or CRLF line endings are all handled. Never fails: unparseable lines are
    /// skipped, and an empty body allows everything.
    public init(_ body: [UInt8]) {
        var builder = RobotsGroupBuilder()
        RobotsParser.parse(body) { builder.add($0) }

        var byAgent: [String: [RobotsGroup]] = [:]
        var globalGroups: [RobotsGroup] = []
        for group in builder.groups {
            // A group naming the same agent twice must not be merged twice.
            for agent in Set(group.agents) {
                if agent == "*" {
                    globalGroups.append(group)
                } else if !agent.isEmpty {
                    byAgent[agent, default: []].append(group)
                }
            }
        }
        self.init(
            specific: byAgent.mapValues(RobotsRuleSet.init(merging:)),
            global: globalGroups.isEmpty ? nil : RobotsRuleSet(merging: globalGroups),
            sitemaps: builder.sitemaps)
    }

    /// Parses a robots.txt body already decoded to a string (see the `[UInt8]` initializer).
    public init(_ text: String) {
        self.init(Array(text.utf8))
    }

    /// Allows everything: use when robots.txt is "unavailable" (HTTP 4xx, RFC 9309 2.3.1.3).
    public static let allowAll = RobotsTxt(specific: [:], global: nil, sitemaps: [])

    /// Disallows everything (except `/robots.txt`): use when robots.txt is "unreachable"
    /// (HTTP 5xx or a network error, RFC 9309 2.3.1.4).
    public static let disallowAll = RobotsTxt(
        specific: [:],
        global: RobotsRuleSet(merging: [
            RobotsGroup(agents: ["*"], rules: [
                RobotsRule(allow: false, pattern: RobotsPattern(normalized: [UInt8(ascii: "/")]))
            ])
        ]),
        sitemaps: [])

    /// Whether `userAgent` may fetch `pathAndQuery`.
    ///
    /// - Parameters:
    ///   - userAgent: a product token (`"TrawlBot"`) or a full User-Agent string; only the
    ///     token before the first `/` or space is used, case-insensitively.
    ///   - pathAndQuery: the URL's percent-encoded path plus `"?query"` (e.g. `"/a?b=1"`),
    ///     without the fragment. Empty means `/`.
    /// - Returns: the verdict of the longest matching rule of the applicable groups
    ///   (Allow on a tie); `true` when nothing matches and always for `/robots.txt`.
    public func isAllowed(userAgent: String, pathAndQuery: String) -> Bool {
        var path = Array(pathAndQuery.utf8)
        if path.first != UInt8(ascii: "/") { path.insert(UInt8(ascii: "/"), at: 0) }
        if path == Self.robotsTxtPath { return true }
        guard let ruleSet = ruleSet(for: userAgent), !ruleSet.rules.isEmpty else { return true }
        PercentEncoding.normalizePath(&path)
        return path.withUnsafeBufferPointer { ruleSet.allows($0) }
    }

    /// The `Crawl-delay` (seconds, decimals accepted) of the groups that apply to
    /// `userAgent`, or nil if they set none. Crawl-delay is not part of RFC 9309; when
    /// several merged groups set one, the largest is returned.
    public func crawlDelay(userAgent: String) -> Double? {
        ruleSet(for: userAgent)?.crawlDelay
    }

    private static let robotsTxtPath = Array("/robots.txt".utf8)

    /// The merged groups naming the agent's product token, else the `*` groups, else nil.
    private func ruleSet(for userAgent: String) -> RobotsRuleSet? {
        let token = RobotsProductToken.normalized(userAgent)
        if !token.isEmpty, token != "*", let named = specific[token] { return named }
        return global
    }
}
