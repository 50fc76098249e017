/// When a fetched URL is due again (continuous archiving, `[[revisit]]` and `[revisit_policy]`).
///
/// A pure value: the crawler asks it after every completed visit. Each URL gets the first
/// rule whose pattern matches it, else the default; a rule says how often to start
/// (`every`) and between which bounds the interval may move. The interval adapts to the
/// page: a visit that finds the content unchanged multiplies it by `grow` (up to the rule's
/// ceiling), one that finds it changed multiplies it by `shrink` (down to its floor), a
/// visit without a usable answer (a failure, 403/429/5xx) multiplies it by `grow` too (backing
/// off), and after ``giveUpAfter`` such visits in a row the URL is not revisited any more.
/// "Never" means the URL is fetched once.
public struct RevisitPolicy: Sendable {
    /// One `[[revisit]]` entry: URLs matching `pattern` start at `every` seconds (nil = never).
    public struct Rule: Sendable {
        public var pattern: Scope.Pattern
        /// Starting interval in seconds; nil = never revisit what this rule matches.
        public var every: Double?
        /// Bounds of the adaptive interval, seconds (nil: the policy's, widened to include `every`).
        public var minimum: Double?
        public var maximum: Double?

        public init(pattern: Scope.Pattern, every: Double?, minimum: Double? = nil, maximum: Double? = nil) {
            self.pattern = pattern
            self.every = every
            self.minimum = minimum
            self.maximum = maximum
        }
    }

    /// The interval and its bounds in force for one URL, in seconds.
    public struct Bounds: Sendable, Equatable {
        public var every: Double
        public var floor: Double
        public var ceiling: Double
    }

    /// What a visit found, as far as the interval is concerned.
    public enum Change: Sendable, Equatable {
        /// The first visit: nothing to compare with.
        case first
        case changed
        case unchanged
        /// No usable answer (a failure, or an error status such as 403, 429, 5xx): says nothing
        /// about the content; the interval grows (backs off) as for `unchanged`.
        case unknown
    }

    /// First match wins.
    public var rules: [Rule]
    /// Starting interval for URLs no rule matches; nil = never (the default: a one-shot crawl).
    public var defaultEvery: Double?
    /// Bounds for rules (and the default) that set none, widened to include their `every`.
    public var minimum: Double
    public var maximum: Double
    /// Factor applied when a visit finds the content unchanged (≥ 1).
    public var grow: Double
    /// Factor applied when a visit finds it changed (in (0, 1]).
    public var shrink: Double

    /// Visits in a row without a usable answer (``Change/unknown``) after which a URL is no
    /// longer revisited (`trawl history` says so); a later config change does not bring it back.
    public var giveUpAfter: Int

    public static let defaultMinimum: Double = 60
    public static let defaultGiveUpAfter = 5
    public static let defaultMaximum: Double = 30 * 86_400

    public init(rules: [Rule] = [], defaultEvery: Double? = nil, minimum: Double = RevisitPolicy.defaultMinimum,
                maximum: Double = RevisitPolicy.defaultMaximum, grow: Double = 1.5, shrink: Double = 0.5,
                giveUpAfter: Int = RevisitPolicy.defaultGiveUpAfter) {
        self.rules = rules
        self.defaultEvery = defaultEvery
        self.minimum = minimum
        self.maximum = maximum
        self.grow = grow
        self.shrink = shrink
        self.giveUpAfter = giveUpAfter
    }

    /// Whether `other` schedules every URL as this policy does (same rules, in the same order,
    /// and the same default and bounds; `grow`/`shrink` only act at the next visit): a reload
    /// that changes none of it has nothing to reconcile.
    func schedulesAlike(_ other: RevisitPolicy) -> Bool {
        func key(_ policy: RevisitPolicy) -> [String] {
            policy.rules.map { "\($0.pattern.source)\u{0}\($0.every ?? -1)\u{0}\($0.minimum ?? -1)\u{0}\($0.maximum ?? -1)" }
                + ["\(policy.defaultEvery ?? -1)\u{0}\(policy.minimum)\u{0}\(policy.maximum)\u{0}\(policy.giveUpAfter)"]
        }
        return key(self) == key(other)
    }

    /// Whether a `[[revisit]]` rule (not the default) revisits `url`: a hub the config picked out.
    public func picksOut(_ url: String) -> Bool {
        rules.first { $0.pattern.matches(url) }?.every != nil
    }

    /// The interval bounds for `url`, or nil when it is never revisited.
    public func bounds(for url: String) -> Bounds? {
        let rule = rules.first { $0.pattern.matches(url) }
        let every = rule == nil ? defaultEvery : rule?.every
        guard let every else { return nil }
        var floor = rule?.minimum ?? Swift.min(minimum, every)
        // URLs no rule picked out shrink at most to every/8: a 7d default never reaches 1 minute.
        if rule == nil { floor = Swift.max(floor, every / 8) }
        let ceiling = Swift.max(rule?.maximum ?? Swift.max(maximum, every), floor)
        return Bounds(every: every, floor: floor, ceiling: ceiling)
    }

    /// The interval to wait after a visit of `url` that found `change`, given the interval in
    /// force before it (nil on the first visit, or when the URL had none); nil = no next visit.
    public func nextInterval(for url: String, previous: Double?, change: Change) -> Double? {
        guard let bounds = bounds(for: url) else { return nil }
        guard let previous, change != .first else { return bounds.every }
        let next: Double = switch change {
        case .unchanged, .unknown: previous * grow
        case .changed: previous * shrink
        case .first: previous
        }
        return Swift.min(Swift.max(next, bounds.floor), bounds.ceiling)
    }
}
