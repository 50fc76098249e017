import Foundation
import Testing

import TrawlURL

/// Runs WHATWG's urltestdata.json (web-platform-tests) and toascii.json against CrawlURL.
@Suite struct WHATWGConformanceTests {
    struct Outcome {
        var total = 0, passed = 0
        var httpTotal = 0, httpPassed = 0
        var failures: [String] = []
    }

    /// Minimum pass rate over cases with an http(s) base or an absolute http(s) input.
    static let httpThreshold = 0.995
    /// Minimum pass rate over all cases.
    static let overallThreshold = 0.99

    /// Compares one test case; returns a description of the mismatch or nil when it passes.
    static func check(_ testCase: [String: Any]) -> String? {
        guard let input = testCase["input"] as? String else { return "malformed case" }
        var base: CrawlURL? = nil
        if let baseString = testCase["base"] as? String {
            guard let parsedBase = CrawlURL(baseString) else { return "base \(baseString.debugDescription) did not parse" }
            base = parsedBase
        }
        let result = CrawlURL(input, relativeTo: base)
        if testCase["failure"] as? Bool == true {
            guard let result else { return nil }
            return "expected failure, got \(result.href.debugDescription)"
        }
        guard let url = result else { return "unexpected failure" }
        var mismatches: [String] = []
        func expect(_ key: String, _ actual: String) {
            if let expected = testCase[key] as? String, expected != actual {
                mismatches.append("\(key): expected \(expected.debugDescription) got \(actual.debugDescription)")
            }
        }
        expect("href", url.href)
        expect("protocol", url.scheme + ":")
        expect("username", url.username)
        expect("password", url.password)
        expect("host", url.host)
        expect("hostname", url.hostname)
        expect("port", url.port.map(String.init) ?? "")
        expect("pathname", url.pathname)
        expect("search", url.search)
        expect("hash", url.hash)
        if ["http", "https", "ws", "wss", "ftp"].contains(url.scheme) { expect("origin", url.origin) }
        return mismatches.isEmpty ? nil : mismatches.joined(separator: "; ")
    }

    /// Whether a case is in the crawler-relevant subset: http(s) base, or absolute http(s) input.
    static func isHTTPCase(_ testCase: [String: Any]) -> Bool {
        if let base = testCase["base"] as? String, let url = CrawlURL(base), url.isHTTP { return true }
        guard let input = testCase["input"] as? String else { return false }
        let cleaned = String(
            decoding: input.utf8.drop(while: { $0 <= 0x20 }).filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D },
            as: UTF8.self
        ).lowercased()
        return cleaned.hasPrefix("http:") || cleaned.hasPrefix("https:")
    }

    @Test func urlTestData() throws {
        guard let json = SharedData.loadURLData("urltestdata.json") else { return }
        let entries = try #require(json as? [Any], "urltestdata.json is not an array")
        var outcome = Outcome()
        for case let testCase as [String: Any] in entries {
            let failure = Self.check(testCase)
            let http = Self.isHTTPCase(testCase)
            outcome.total += 1
            if http { outcome.httpTotal += 1 }
            if let failure {
                let base = (testCase["base"] as? String).map { " base=\($0.debugDescription)" } ?? ""
                let input = (testCase["input"] as? String ?? "").debugDescription
                outcome.failures.append("\(http ? "[http] " : "")input=\(input)\(base): \(failure)")
            } else {
                outcome.passed += 1
                if http { outcome.httpPassed += 1 }
            }
        }
        let overall = Double(outcome.passed) / Double(max(outcome.total, 1))
        let http = Double(outcome.httpPassed) / Double(max(outcome.httpTotal, 1))
        print("urltestdata.json: \(outcome.passed)/\(outcome.total) passed (\(String(format: "%.2f", overall * 100))%)")
        print("  http(s) subset: \(outcome.httpPassed)/\(outcome.httpTotal) passed (\(String(format: "%.2f", http * 100))%)")
        print("  failing cases (\(outcome.failures.count)):")
        for f in outcome.failures { print("    " + f) }
        #expect(outcome.total > 800, "expected ~891 test objects, found \(outcome.total)")
        #expect(http >= Self.httpThreshold, "http(s) subset pass rate \(http) below \(Self.httpThreshold)")
        #expect(overall >= Self.overallThreshold, "overall pass rate \(overall) below \(Self.overallThreshold)")
    }

    /// Minimum pass rate for toascii.json (IDNA through libidn2, which is stricter than UTS #46).
    static let toASCIIThreshold = 0.88

    @Test func toASCIIData() throws {
        guard let json = SharedData.loadURLData("toascii.json") else { return }
        let entries = try #require(json as? [Any], "toascii.json is not an array")
        var total = 0, passed = 0
        var failures: [String] = []
        for case let testCase as [String: Any] in entries {
            guard let input = testCase["input"] as? String else { continue }
            let expected = testCase["output"] as? String  // nil (JSON null) = failure
            total += 1
            let url = CrawlURL("https://" + input + "/x")
            let actual = url?.hostname
            if actual == expected && (url == nil || url?.pathname == "/x") {
                passed += 1
            } else {
                failures.append("\(input.debugDescription): expected \(expected?.debugDescription ?? "failure") got \(actual?.debugDescription ?? "failure")")
            }
        }
        let rate = Double(passed) / Double(max(total, 1))
        print("toascii.json: \(passed)/\(total) passed (\(String(format: "%.2f", rate * 100))%)")
        for f in failures { print("    " + f) }
        #expect(total > 50)
        #expect(rate >= Self.toASCIIThreshold, "toascii pass rate \(rate) below \(Self.toASCIIThreshold)")
    }
}
