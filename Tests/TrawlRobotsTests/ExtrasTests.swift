import Testing
@testable import TrawlRobots

/// The non-matching assertions of Google's robots_test.cc (extras.json).
@Suite("Google robots.txt extras")
struct ExtrasTests {
    @Test("GetPathParamsQuery", arguments: try Fixtures.extras().getPathParamsQuery)
    func pathParamsQuery(_ testCase: Extras.PathCase) {
        #expect(googlePathParamsQuery(testCase.url) == testCase.expectedPath, "url: \(testCase.url)")
    }

    @Test("MaybeEscapePattern", arguments: try Fixtures.extras().maybeEscapePattern)
    func escapePattern(_ testCase: Extras.EscapeCase) {
        let escaped = PercentEncoding.escapePattern(Array(testCase.pattern.utf8))
        #expect(String(decoding: escaped, as: UTF8.self) == testCase.expected)
    }

    @Test("IsValidUserAgentToObey", arguments: try Fixtures.extras().isValidUserAgentToObey)
    func validUserAgent(_ testCase: Extras.ValidUserAgent) {
        #expect(RobotsProductToken.isValid(testCase.userAgent) == testCase.valid, "\(testCase.userAgent)")
    }

    /// Line counting (LF / CRLF / CR / mixed), BOM skipping and Sitemap extraction,
    /// checked on the parser's directive stream like Google's RobotsParseHandler counter.
    @Test("parse report", arguments: try Fixtures.extras().parseReport)
    func parseReport(_ testCase: Extras.ReportCase) {
        var directives: [RobotsDirective] = []
        RobotsParser.parse(testCase.body) { directives.append($0) }
        let known = directives.filter { $0.kind != .unknown }
        let unknown = directives.filter { $0.kind == .unknown }
        let expected = testCase.expected
        if let valid = expected.validDirectives {
            #expect(known.count == valid, "\(testCase.test)")
        }
        if let unknownCount = expected.unknownDirectives {
            #expect(unknown.count == unknownCount, "\(testCase.test)")
        }
        if let lastLine = expected.lastLineSeen {
            #expect(directives.last?.line == lastLine, "\(testCase.test)")
            #expect(directives.map(\.line) == directives.map(\.line).sorted())
        }
        if let sitemap = expected.sitemap {
            #expect(RobotsTxt(testCase.body).sitemaps == [sitemap])
        }
    }

    /// The BOM cases also through the public API: a (partial) leading BOM must not hide
    /// the first group; a BOM mid-file makes its line unknown.
    @Test func bomThroughPublicAPI() {
        let withBOM: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("User-Agent: foo\nDisallow: /x\n".utf8)
        #expect(!RobotsTxt(withBOM).isAllowed(userAgent: "foo", pathAndQuery: "/x"))
        let partialBOM: [UInt8] = [0xEF, 0xBB] + Array("User-Agent: foo\nDisallow: /x\n".utf8)
        #expect(!RobotsTxt(partialBOM).isAllowed(userAgent: "foo", pathAndQuery: "/x"))
        let stringWithBOM = "\u{FEFF}User-Agent: foo\nDisallow: /x\n"
        #expect(!RobotsTxt(stringWithBOM).isAllowed(userAgent: "foo", pathAndQuery: "/x"))
        let midFileBOM = "User-Agent: foo\n\u{FEFF}Disallow: /x\n"
        #expect(RobotsTxt(midFileBOM).isAllowed(userAgent: "foo", pathAndQuery: "/x"))
    }
}
