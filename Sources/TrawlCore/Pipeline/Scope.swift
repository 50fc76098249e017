import Foundation
import TrawlURL

/// Which URLs belong to the crawl.
///
/// In scope: an http(s) URL, at most `maxDepth` hops from a seed, not matching any `exclude`
/// pattern, and either on a seed's host (scheme + host + port) or matching an `include` pattern.
public struct Scope: Sendable {
    public var seedOrigins: Set<String>
    public var maxDepth: Int
    public var include: [Pattern]
    public var exclude: [Pattern]

    public init(seedOrigins: Set<String> = [], maxDepth: Int = 10, include: [Pattern] = [], exclude: [Pattern] = []) {
        self.seedOrigins = seedOrigins
        self.maxDepth = maxDepth
        self.include = include
        self.exclude = exclude
    }

    /// Whether `url`, reached at `depth`, should be crawled.
    public func admits(_ url: CrawlURL, depth: Int) -> Bool {
        guard url.isHTTP, depth <= maxDepth else { return false }
        let href = url.href
        if exclude.contains(where: { $0.matches(href) }) { return false }
        return seedOrigins.contains(url.origin) || include.contains(where: { $0.matches(href) })
    }

    /// A compiled regular expression from the config (searched anywhere in the URL).
    public struct Pattern: Sendable {
        public let source: String
        private let regex: RegexBox

        /// Compiles `source`; throws with the compiler's reason when it is not a valid pattern.
        public init(_ source: String) throws {
            self.source = source
            self.regex = RegexBox(try NSRegularExpression(pattern: source))
        }

        public func matches(_ text: String) -> Bool {
            regex.value.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
    }
}

/// NSRegularExpression is immutable after creation and documented as safe to use from any
/// thread, which is what makes this wrapper Sendable.
private final class RegexBox: @unchecked Sendable {
    let value: NSRegularExpression
    init(_ value: NSRegularExpression) { self.value = value }
}
