/// Turns the directive stream into groups, sitemaps and crawl delays (RFC 9309 2.1, 2.2).
///
/// - Consecutive `User-agent` lines start one group; the first `User-agent` after a rule
///   (Allow/Disallow, even an empty one) starts the next group.
/// - Rules before any `User-agent` line belong to no group and are ignored.
/// - `Sitemap`, `Crawl-delay` and unknown lines never end a group.
/// - An empty Allow/Disallow value is no rule (it still ends the user-agent run).
struct RobotsGroupBuilder {
    private(set) var groups: [RobotsGroup] = []
    private(set) var sitemaps: [String] = []
    /// Whether the current group already has a rule line (so a User-agent starts a new one).
    private var currentHasRules = false

    mutating func add(_ directive: RobotsDirective) {
        switch directive.kind {
        case .userAgent:
            if groups.isEmpty || currentHasRules {
                groups.append(RobotsGroup())
                currentHasRules = false
            }
            groups[groups.count - 1].agents.append(RobotsProductToken.normalized(
                String(decoding: directive.value, as: UTF8.self)))
        case .allow, .disallow:
            guard !groups.isEmpty else { return }
            currentHasRules = true
            guard !directive.value.isEmpty else { return }
            let pattern = RobotsPattern(normalized: PercentEncoding.escapePattern(directive.value))
            groups[groups.count - 1].rules.append(
                RobotsRule(allow: directive.kind == .allow, pattern: pattern))
        case .crawlDelay:
            guard !groups.isEmpty, let seconds = Self.parseDelay(directive.value) else { return }
            groups[groups.count - 1].crawlDelays.append(seconds)
        case .sitemap:
            if Self.isAbsoluteURL(directive.value) {
                sitemaps.append(String(decoding: directive.value, as: UTF8.self))
            }
        case .unknown:
            break
        }
    }

    /// A non-negative decimal number of seconds (`10`, `0.5`, `.5`, `2.`); anything else is ignored.
    static func parseDelay(_ value: ArraySlice<UInt8>) -> Double? {
        var digits = 0
        var dots = 0
        for byte in value {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else if byte == UInt8(ascii: ".") {
                dots += 1
            } else {
                return nil
            }
        }
        guard digits > 0, dots <= 1 else { return nil }
        var text = String(decoding: value, as: UTF8.self)
        if text.hasPrefix(".") { text = "0" + text }
        if text.hasSuffix(".") { text += "0" }
        guard let seconds = Double(text), seconds.isFinite else { return nil }
        return seconds
    }

    /// `scheme ":" rest` with an RFC 3986 scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`).
    static func isAbsoluteURL(_ value: ArraySlice<UInt8>) -> Bool {
        guard let colon = value.firstIndex(of: UInt8(ascii: ":")), colon > value.startIndex,
            colon + 1 < value.endIndex
        else { return false }
        for (offset, byte) in value[..<colon].enumerated() {
            let isAlpha = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let isOther = (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            if !(isAlpha || (offset > 0 && isOther)) { return false }
        }
        return true
    }
}
