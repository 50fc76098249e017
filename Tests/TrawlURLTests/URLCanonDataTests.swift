import Foundation
import Testing

import TrawlURL

/// Host and path cases from iipc/urlcanon's test data (see shared/conformance/url/README.md).
@Suite struct URLCanonDataTests {
    /// Where urlcanon (2018) predates the current standard: since the 2023 "ends in a number"
    /// rule, "0000xa" is not numeric-looking (octal "000xa" is invalid), so it is a plain domain.
    static let knownIPv4Divergences: Set<String> = ["0000xa"]

    /// funky_ipv4.json: host text -> dotted quad (null = the URL must fail to parse).
    @Test func funkyIPv4Hosts() throws {
        guard let json = SharedData.loadURLData("urlcanon/funky_ipv4.json") else { return }
        let cases = try #require(json as? [String: Any])
        var failures: [String] = []
        for (host, expected) in cases where !Self.knownIPv4Divergences.contains(host) {
            let actual = CrawlURL("http://\(host)/")?.hostname
            if actual != expected as? String {
                failures.append("\(host): expected \(expected) got \(actual ?? "failure")")
            }
        }
        print("funky_ipv4.json: \(cases.count - Self.knownIPv4Divergences.count - failures.count)/\(cases.count - Self.knownIPv4Divergences.count) passed")
        #expect(CrawlURL("http://0000xa/")?.hostname == "0000xa")
        for f in failures.sorted() { print("    " + f) }
        #expect(cases.count > 40)
        #expect(failures.isEmpty)
    }

    /// path_dots.json: dot-segment removal for special ("http://h") and non-special ("s://h") URLs.
    /// Cases with a backslash are skipped: urlcanon tests its path function on its own, treating
    /// "\\" literally, whereas in a WHATWG URL "\\" is a slash in special URLs and, right after a
    /// non-special host, part of the host (a forbidden host code point, so failure).
    @Test(arguments: [("special", "http://h"), ("nonspecial", "s://h")])
    func pathDots(group: String, prefix: String) throws {
        guard let json = SharedData.loadURLData("urlcanon/path_dots.json") else { return }
        let groups = try #require(json as? [String: Any])
        let cases = try #require(groups[group] as? [String: String])
        var failures: [String] = []
        for (path, expected) in cases where !path.contains("\\") {
            let actual = CrawlURL(prefix + path)?.pathname
            if actual != expected {
                failures.append("\(path.debugDescription): expected \(expected.debugDescription) got \(actual?.debugDescription ?? "failure")")
            }
        }
        let checked = cases.keys.filter { !$0.contains("\\") }.count
        print("path_dots.json[\(group)]: \(checked - failures.count)/\(checked) passed (backslash cases skipped)")
        for f in failures.sorted() { print("    " + f) }
        #expect(cases.count > 300)
        #expect(failures.isEmpty)
    }
}
