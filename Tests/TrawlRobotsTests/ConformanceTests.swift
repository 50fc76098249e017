import Testing
@testable import TrawlRobots

/// Google's robots_test.cc matching assertions (cases.json). Every `ID_` case (RFC 9309
/// behaviour) must pass. `GoogleOnly_` cases pass unless they contradict the RFC or our
/// API contract; those are listed here, and each must keep failing (`withKnownIssue`
/// fails when the issue disappears, so the list stays accurate).
@Suite("Google robots.txt conformance")
struct ConformanceTests {
    static let knownDifferences: [String: String] = [
        "GoogleOnly_AcceptUserAgentUpToFirstSpace/2":
            "Our API reduces the caller's UA to its token before the first space ('Foo Bar' -> 'foo'); Google compares the caller's string verbatim.",
        "GoogleOnly_IndexHTMLisDirectory/1":
            "Google lets 'Allow: /dir/index.html' also allow '/dir/'; RFC 9309 matches patterns literally, so '/dir/' stays disallowed.",
    ]

    @Test("case", arguments: try Fixtures.cases())
    func conformance(_ testCase: ConformanceCase) {
        let actual = isAllowedByRobots(
            robotsTxt: testCase.robotsTxt, userAgent: testCase.userAgent, url: testCase.url)
        if let reason = Self.knownDifferences[testCase.name] {
            #expect(testCase.name.hasPrefix("GoogleOnly_"), "only GoogleOnly_ cases may be known differences")
            withKnownIssue(Comment(rawValue: reason)) {
                #expect(actual == testCase.allowed, "\(testCase.name)")
            }
        } else {
            #expect(actual == testCase.allowed, "\(testCase.name): expected allowed=\(testCase.allowed)")
        }
    }

    @Test("fixture is complete and pass counts match the known differences")
    func summary() throws {
        let cases = try Fixtures.cases()
        #expect(cases.count == 145)
        var passed: [String: Int] = [:]
        var total: [String: Int] = [:]
        for testCase in cases {
            let family = testCase.name.hasPrefix("ID_") ? "ID_" : "GoogleOnly_"
            total[family, default: 0] += 1
            let ok = isAllowedByRobots(
                robotsTxt: testCase.robotsTxt, userAgent: testCase.userAgent, url: testCase.url)
                == testCase.allowed
            if ok { passed[family, default: 0] += 1 }
            #expect(ok != (Self.knownDifferences[testCase.name] != nil), "\(testCase.name)")
        }
        print("robots conformance: ID_ \(passed["ID_", default: 0])/\(total["ID_", default: 0]), "
            + "GoogleOnly_ \(passed["GoogleOnly_", default: 0])/\(total["GoogleOnly_", default: 0])")
        #expect(passed["ID_"] == total["ID_"])
    }
}
