import Foundation
import Testing
@testable import TrawlRobots

@Suite("RobotsTxt")
struct RobotsTxtTests {
    // MARK: Fallback policies

    @Test func allowAllAllowsEverything() {
        #expect(RobotsTxt.allowAll.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/"))
        #expect(RobotsTxt.allowAll.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/private?x=1"))
        #expect(RobotsTxt.allowAll.crawlDelay(userAgent: "TrawlBot") == nil)
        #expect(RobotsTxt.allowAll.sitemaps.isEmpty)
        #expect(RobotsTxt("").isAllowed(userAgent: "TrawlBot", pathAndQuery: "/anything"))
    }

    @Test func disallowAllDisallowsEverythingButRobotsTxt() {
        #expect(!RobotsTxt.disallowAll.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/"))
        #expect(!RobotsTxt.disallowAll.isAllowed(userAgent: "TrawlBot", pathAndQuery: ""))
        #expect(!RobotsTxt.disallowAll.isAllowed(userAgent: "OtherBot/2.0", pathAndQuery: "/a?b=1"))
        #expect(RobotsTxt.disallowAll.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/robots.txt"))
    }

    @Test func robotsTxtIsAlwaysAllowed() {
        let robots = RobotsTxt("User-agent: *\nDisallow: /\nDisallow: /robots.txt$\n")
        #expect(robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/robots.txt"))
        #expect(!robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/robots.txt.bak"))
        #expect(isAllowedByRobots(
            robotsTxt: "User-agent: *\nDisallow: /\n", userAgent: "TrawlBot",
            url: "https://example.com/robots.txt"))
    }

    // MARK: Group selection

    @Test func fullUserAgentStringSelectsByProductToken() {
        let robots = RobotsTxt("User-agent: *\nDisallow: /\n\nUser-agent: trawlbot\nDisallow: /private\n")
        let ua = "TrawlBot/1.0 (+https://example.org/bot)"
        #expect(robots.isAllowed(userAgent: ua, pathAndQuery: "/public"))
        #expect(!robots.isAllowed(userAgent: ua, pathAndQuery: "/private/x"))
        #expect(robots.isAllowed(userAgent: "TRAWLBOT", pathAndQuery: "/public"))
        #expect(!robots.isAllowed(userAgent: "Mozilla/5.0 (compatible; TrawlBot/1.0)", pathAndQuery: "/public"))
    }

    @Test func groupsNamingTheAgentMergeAndGlobalIsIgnored() {
        let robots = RobotsTxt("""
            User-agent: TrawlBot
            Disallow: /a

            User-agent: *
            Disallow: /c

            User-agent: OtherBot
            User-agent: trawlbot
            Disallow: /b
            """)
        #expect(!robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/a"))
        #expect(!robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/b"))
        #expect(robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/c"))
        #expect(!robots.isAllowed(userAgent: "OtherBot", pathAndQuery: "/b"))
        #expect(robots.isAllowed(userAgent: "OtherBot", pathAndQuery: "/a"))
        #expect(!robots.isAllowed(userAgent: "ThirdBot", pathAndQuery: "/c"))
    }

    @Test func rulesOutsideGroupsAreIgnored() {
        let robots = RobotsTxt("Disallow: /\nCrawl-delay: 9\nUser-agent: *\nDisallow: /x\n")
        #expect(robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/y"))
        #expect(!robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/x"))
        #expect(robots.crawlDelay(userAgent: "TrawlBot") == nil)
    }

    // MARK: Crawl-delay

    @Test(arguments: [
        ("10", 10.0), ("2.5", 2.5), (".5", 0.5), ("3.", 3.0), ("0", 0.0), ("  7  # comment", 7.0),
    ] as [(String, Double)])
    func crawlDelayParses(_ value: String, _ expected: Double) {
        let robots = RobotsTxt("User-agent: TrawlBot\nCrawl-delay: \(value)\nDisallow: /x\n")
        #expect(robots.crawlDelay(userAgent: "TrawlBot/2.0") == expected)
    }

    @Test(arguments: ["", "abc", "-1", "1.2.3", "5s", "inf", "nan", "1e3", "0x10"])
    func crawlDelayRejectsInvalid(_ value: String) {
        let robots = RobotsTxt("User-agent: TrawlBot\nCrawl-delay: \(value)\n")
        #expect(robots.crawlDelay(userAgent: "TrawlBot") == nil)
    }

    @Test func crawlDelayFollowsGroupSelection() {
        let robots = RobotsTxt("""
            User-agent: *
            Crawl-delay: 4
            Disallow: /private

            User-agent: TrawlBot
            Disallow: /x

            User-agent: SlowBot
            Crawl-delay: 1
            User-agent: Other
            Disallow: /y

            User-agent: slowbot
            crawl-delay: 30.5
            """)
        #expect(robots.crawlDelay(userAgent: "Anybody") == 4)
        #expect(robots.crawlDelay(userAgent: "TrawlBot") == nil)  // its own group sets none
        #expect(robots.crawlDelay(userAgent: "SlowBot") == 30.5)  // largest of merged groups
        #expect(robots.crawlDelay(userAgent: "other") == 1)      // Crawl-delay doesn't end a group
    }

    /// Like Sitemap and unknown lines, Crawl-delay is not an RFC 9309 rule, so it must not
    /// change how groups form (RFC 9309 2.2.4): without a rule line, the next User-agent
    /// line joins the same group (blank lines don't separate groups either).
    @Test func crawlDelayDoesNotEndAUserAgentRun() {
        let robots = RobotsTxt("User-agent: *\nCrawl-delay: 4\n\nUser-agent: TrawlBot\nDisallow: /x\n")
        #expect(robots.crawlDelay(userAgent: "TrawlBot") == 4)
        #expect(robots.crawlDelay(userAgent: "Other") == 4)
        #expect(!robots.isAllowed(userAgent: "Other", pathAndQuery: "/x"))
    }

    // MARK: Matching

    @Test func longestMatchWinsAndAllowWinsTies() {
        let robots = RobotsTxt("""
            User-agent: *
            Disallow: /shop
            Allow: /shop/public
            Disallow: /shop/public/secret
            Allow: /same
            Disallow: /same
            Disallow: /*.pdf$
            Allow: /docs/
            """)
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: "/shop/cart"))
        #expect(robots.isAllowed(userAgent: "x", pathAndQuery: "/shop/public/page"))
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: "/shop/public/secret/1"))
        #expect(robots.isAllowed(userAgent: "x", pathAndQuery: "/same"))
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: "/docs/a.pdf"))  // 7 > 6 octets
        #expect(robots.isAllowed(userAgent: "x", pathAndQuery: "/docs/a.pdf?dl=1"))
    }

    @Test func wildcardsAndAnchors() {
        let robots = RobotsTxt("User-agent: *\nDisallow: /*/edit$\nDisallow: /a*b*c\nDisallow: /lit$eral\n")
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: "/page/edit"))
        #expect(robots.isAllowed(userAgent: "x", pathAndQuery: "/page/edit/more"))
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: "/a-x-b-y-c-z"))
        #expect(robots.isAllowed(userAgent: "x", pathAndQuery: "/a-c-b"))
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: "/lit$eral/x"))
        #expect(robots.isAllowed(userAgent: "x", pathAndQuery: "/lit"))
    }

    @Test func percentEncodingIsNormalisedOnBothSides() {
        let robots = RobotsTxt("User-agent: *\nDisallow: /caf%c3%a9\nDisallow: /ü\nDisallow: /%7e\n")
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: "/caf%C3%A9"))
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: "/caf%c3%a9/menu"))
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: "/%C3%BC"))
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: "/%7E"))
        #expect(robots.isAllowed(userAgent: "x", pathAndQuery: "/~"))  // unreserved not decoded
    }

    @Test func pathologicalWildcardsMatchCorrectly() {
        let pattern = "/" + String(repeating: "*a", count: 200) + "*b"
        let robots = RobotsTxt("User-agent: *\nDisallow: \(pattern)\n")
        let path = "/" + String(repeating: "a", count: 20_000)
        for _ in 0..<10 {
            #expect(robots.isAllowed(userAgent: "x", pathAndQuery: path))
        }
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: path + "b"))
    }

    // MARK: Parsing robustness

    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineEndings(_ eol: String) {
        let body = ["User-agent: TrawlBot", "Disallow: /x", "", "User-agent: *", "Disallow: /"]
            .joined(separator: eol)
        let robots = RobotsTxt(body)
        #expect(!robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/x"))
        #expect(robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/y"))
        #expect(!robots.isAllowed(userAgent: "Other", pathAndQuery: "/y"))
    }

    @Test func invalidUTF8DoesNotBreakParsing() {
        var body = Array("User-agent: *\nDisallow: /bad".utf8)
        body += [0xFF, 0xC3]
        body += Array("\nDisallow: /good\n".utf8)
        let robots = RobotsTxt(body)
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: "/bad%FF%C3"))
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: "/good"))
        #expect(robots.isAllowed(userAgent: "x", pathAndQuery: "/other"))
    }

    @Test func parses500KiBAndIgnoresTheRest() {
        // ~600 KiB: a rule at the start, one just before 500 KiB, one after it.
        var text = "User-agent: *\nDisallow: /early\n"
        let filler = "# " + String(repeating: "x", count: 97) + "\n"  // 100 bytes
        while text.utf8.count < 500 * 1024 - 200 { text += filler }
        text += "Disallow: /edge\n"
        while text.utf8.count < 500 * 1024 - 5 { text += "\n" }
        text += "Disallow: /cut-by-the-limit\n"  // straddles the 500 KiB boundary
        while text.utf8.count < 600 * 1024 { text += filler }
        text += "Disallow: /late\nSitemap: https://example.com/late.xml\n"
        #expect(text.utf8.count > 600 * 1024)

        let robots = RobotsTxt(text)
        #expect(!robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/early"))
        #expect(!robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/edge"))
        #expect(robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/cut"))
        #expect(robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/late"))
        #expect(robots.sitemaps.isEmpty)
    }

    @Test func manyRulesMatchCorrectly() {
        var text = "User-agent: *\n"
        for i in 0..<5_000 { text += "Disallow: /dir\(i)/*.php$\nAllow: /dir\(i)/public\n" }
        let robots = RobotsTxt(text)
        for i in stride(from: 0, to: 5_000, by: 50) {
            #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: "/dir\(i)/a/b.php"))
            #expect(robots.isAllowed(userAgent: "x", pathAndQuery: "/dir\(i)/public/b.php?x"))
        }
    }

    @Test func missingColonAndTypos() {
        let robots = RobotsTxt("user-agent TrawlBot\ndisallow /x\ndissallow: /y\nDisallow /a b\n")
        #expect(!robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/x"))
        #expect(!robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/y"))
        #expect(robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/a"))  // 3 words: ignored
    }

    // MARK: Sitemaps

    @Test func sitemapsInOrderAndOutsideGroups() {
        let robots = RobotsTxt("""
            Sitemap: https://example.com/a.xml
            User-agent: TrawlBot
            sitemap: https://example.com/b.xml # comment
            Disallow: /x
            Site-map: http://cdn.example.net/c.xml.gz
            Sitemap: /relative.xml
            Sitemap:
            """)
        #expect(robots.sitemaps == [
            "https://example.com/a.xml", "https://example.com/b.xml", "http://cdn.example.net/c.xml.gz",
        ])
        #expect(!robots.isAllowed(userAgent: "TrawlBot", pathAndQuery: "/x"))
    }

    // MARK: Helpers

    @Test func productTokenNormalisation() {
        #expect(RobotsProductToken.normalized("TrawlBot/1.0 (+https://x)") == "trawlbot")
        #expect(RobotsProductToken.normalized("  Foo Bar") == "foo")
        #expect(RobotsProductToken.normalized("*") == "*")
        #expect(RobotsProductToken.normalized("") == "")
    }

    @Test func pathsWithoutLeadingSlash() {
        let robots = RobotsTxt("User-agent: *\nDisallow: /$\nDisallow: /?\n")
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: ""))
        #expect(!robots.isAllowed(userAgent: "x", pathAndQuery: "?q=1"))
        #expect(robots.isAllowed(userAgent: "x", pathAndQuery: "/a"))
    }

    @Test func isSendableValue() async {
        let robots = RobotsTxt("User-agent: *\nDisallow: /x\n")
        let verdict = await Task.detached { robots.isAllowed(userAgent: "x", pathAndQuery: "/x") }.value
        #expect(!verdict)
    }
}
