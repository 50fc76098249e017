/// One Allow or Disallow line of a group.
struct RobotsRule: Sendable, Equatable {
    let allow: Bool
    let pattern: RobotsPattern
}

/// A group as written in the file: the product tokens of its consecutive `User-agent`
/// lines and the rules that follow them (RFC 9309 2.1).
struct RobotsGroup: Sendable {
    /// Lower-cased product tokens; `"*"` for the global group.
    var agents: [String] = []
    var rules: [RobotsRule] = []
    /// Valid `Crawl-delay` values seen in the group (non-standard extension).
    var crawlDelays: [Double] = []
}

/// The rules that apply to one crawler: every group naming it, merged (RFC 9309 2.2.1).
///
/// Rules are sorted once by priority (longest pattern first, Allow before Disallow on a
/// tie), so a lookup stops at the first matching rule: that rule is the longest match,
/// and Allow wins ties (RFC 9309 2.2.2).
struct RobotsRuleSet: Sendable {
    let rules: [RobotsRule]
    /// The largest Crawl-delay among the merged groups (the most polite reading).
    let crawlDelay: Double?

    init(merging groups: [RobotsGroup]) {
        var rules = groups.flatMap(\.rules)
        rules.sort { lhs, rhs in
            if lhs.pattern.length != rhs.pattern.length { return lhs.pattern.length > rhs.pattern.length }
            return lhs.allow && !rhs.allow
        }
        self.rules = rules
        self.crawlDelay = groups.flatMap(\.crawlDelays).max()
    }

    /// Whether `path` (percent-normalised path + query) may be fetched: the verdict of
    /// the longest matching rule, or allowed when no rule matches.
    func allows(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        for rule in rules where rule.pattern.matches(path) {
            return rule.allow
        }
        return true
    }
}
