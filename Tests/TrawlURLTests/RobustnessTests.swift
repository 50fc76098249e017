import Foundation
import Testing

import TrawlURL

/// Random inputs built from URL-significant characters: parsing must never trap, and every
/// successful result must be a fixed point (its href re-parses to the same URL).
@Suite struct RobustnessTests {
    /// Deterministic xorshift generator so failures are reproducible.
    struct XorShift: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
    }

    static let pieces: [String] = [
        "http:", "https:", "file:", "ftp:", "ws:", "sc:", "mailto:", "data:", "//", "/", "\\", ".", "..", "%2e",
        "%2E", "%", "%zz", "%41", "?", "#", "@", ":", "::", "[", "]", "[::1]", "1", "0x", "255", "256", "a",
        "B", "é", "ß", "xn--", "日本", "💩", " ", "\t", "\n", "\u{0}", "\u{1F}", "C|", "c:", "localhost",
        "80", "443", "65536", "'", "\"", "<", ">", "^", "`", "{", "|", "~", "+", "\u{200D}", "\u{FF0E}",
    ]

    @Test func randomInputsAreSafeAndStable() throws {
        // TRAWL_FUZZ_ITERATIONS / TRAWL_FUZZ_SEED allow longer local runs.
        let env = ProcessInfo.processInfo.environment
        let iterations = env["TRAWL_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 20_000
        var rng = XorShift(state: env["TRAWL_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x9E37_79B9_7F4A_7C15)
        let bases = ["http://example.com/a/b?c#d", "file:///C:/x/y", "sc://h/p", "mailto:x"].compactMap { CrawlURL($0) }
        #expect(bases.count == 4)
        var parsed = 0
        for _ in 0..<iterations {
            let count = Int.random(in: 1...10, using: &rng)
            var input = ""
            for _ in 0..<count { input += Self.pieces.randomElement(using: &rng) ?? "" }
            let base = Bool.random(using: &rng) ? bases.randomElement(using: &rng) : nil
            guard let url = CrawlURL(input, relativeTo: base) else { continue }
            parsed += 1
            let again = CrawlURL(url.href)
            #expect(again == url, "input \(input.debugDescription) base \(base?.href ?? "nil"): \(url.href.debugDescription) re-parses to \(again?.href.debugDescription ?? "failure")")
            let normalized = url.normalizedForCrawl()
            #expect(normalized.normalizedForCrawl() == normalized, "not idempotent: \(url.href.debugDescription)")
            _ = (url.scheme, url.username, url.password, url.hostname, url.port, url.pathname, url.search,
                 url.hash, url.origin, url.pathAndQuery)
        }
        #expect(parsed > 1000)
    }
}
