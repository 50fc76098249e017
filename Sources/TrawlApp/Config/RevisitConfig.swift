import Foundation
import TrawlCore

/// `[[revisit]]` rules and the `[revisit_policy]` table (continuous archiving, issue 9).
///
/// The default lives in its own table because TOML cannot have both `[[revisit]]` entries and
/// a `revisit.default` key: `revisit` is either an array of tables or a table.
enum RevisitConfig {
    static let ruleKeys: Set<String> = ["match", "every", "min", "max"]
    static let policyKeys: Set<String> = ["default", "min", "max", "grow", "shrink"]
    private static let hint = "the interval of pages no rule matches is `[revisit_policy] default`"

    /// Reads both; the result revisits nothing unless the file asks for it.
    static func policy(_ root: ConfigReader) throws(ConfigError) -> RevisitPolicy {
        let table = try root.table("revisit_policy")
        try table.rejectUnknownKeys(allowed: policyKeys)
        var policy = RevisitPolicy()
        policy.defaultEvery = try intervalOrNever(table, "default") ?? nil
        policy.minimum = try duration(table, "min") ?? RevisitPolicy.defaultMinimum
        policy.maximum = try duration(table, "max") ?? RevisitPolicy.defaultMaximum
        guard policy.minimum <= policy.maximum else {
            throw table.error("max", "must be at least min (\(DurationText.format(policy.minimum)))")
        }
        policy.grow = try TrawlConfig.number(table, "grow", range: 1...100) ?? policy.grow
        policy.shrink = try TrawlConfig.number(table, "shrink", range: 0.01...1) ?? policy.shrink
        for entry in try root.tables("revisit", hint: hint) {
            try entry.rejectUnknownKeys(allowed: ruleKeys)
            guard let source = try entry.string("match") else {
                throw entry.error("match", "missing: each [[revisit]] needs `match` (a regular expression) and `every`")
            }
            let pattern: Scope.Pattern
            do { pattern = try Scope.Pattern(source) } catch {
                throw entry.error("match", "invalid regular expression \"\(source)\"")
            }
            guard let every = try intervalOrNever(entry, "every") else {
                throw entry.error("every", "missing: each [[revisit]] needs `every` (e.g. \"15m\", or \"never\")")
            }
            let rule = RevisitPolicy.Rule(
                pattern: pattern, every: every, minimum: try duration(entry, "min"), maximum: try duration(entry, "max"))
            if let every, let minimum = rule.minimum, minimum > every {
                throw entry.error("min", "must not exceed every (\(DurationText.format(every)))")
            }
            if let every, let maximum = rule.maximum, maximum < every {
                throw entry.error("max", "must be at least every (\(DurationText.format(every)))")
            }
            policy.rules.append(rule)
        }
        return policy
    }

    /// A duration key ("90s", "15m", "6h", "7d") or "never": nil when absent, `.some(nil)` for never.
    private static func intervalOrNever(_ reader: ConfigReader, _ key: String) throws(ConfigError) -> Double?? {
        guard let text = try reader.string(key) else { return nil }
        if text == "never" { return .some(nil) }
        return .some(try seconds(text, reader, key, also: " or \"never\""))
    }

    /// A duration key; nil when absent.
    private static func duration(_ reader: ConfigReader, _ key: String) throws(ConfigError) -> Double? {
        guard let text = try reader.string(key) else { return nil }
        return try seconds(text, reader, key, also: "")
    }

    private static func seconds(_ text: String, _ reader: ConfigReader, _ key: String, also: String) throws(ConfigError) -> Double {
        guard let seconds = DurationText.seconds(text) else {
            throw reader.error(key, "\"\(text)\" is not a duration: a number and a unit s, m, h or d (\"90s\", \"15m\", \"6h\", \"7d\")\(also)")
        }
        guard seconds >= 1 else { throw reader.error(key, "must be at least 1s (got \"\(text)\")") }
        return seconds
    }

}

/// Durations as written in the config and printed by the CLI: "2s", "15m", "6h", "7d".
enum DurationText {
    /// Seconds in `text` (a non-negative number, then s, m, h or d); nil when malformed.
    static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let unit = trimmed.last, let scale = ["s": 1.0, "m": 60, "h": 3600, "d": 86_400][String(unit)],
              let number = Double(trimmed.dropLast()), number.isFinite, number >= 0,
              trimmed.dropLast().allSatisfy({ $0.isNumber || $0 == "." })
        else { return nil }
        return number * scale
    }

    /// The shortest whole-unit form ("2s", "15m", "1.5h", "7d"); seconds below a minute.
    static func format(_ seconds: Double) -> String {
        for (unit, scale) in [("d", 86_400.0), ("h", 3600), ("m", 60)] where seconds >= scale {
            let value = seconds / scale
            if value >= 10 || value == value.rounded() { return "\(Int(value.rounded()))\(unit)" }
            return String(format: "%.1f", value) + unit
        }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : String(format: "%.1fs", seconds)
    }
}
