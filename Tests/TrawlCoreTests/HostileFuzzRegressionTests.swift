import Foundation
import Testing
import TrawlApp

/// Inputs found by the fuzz targets (`scripts/fuzz`, issue 7), kept as regression tests.
@Suite("Fuzz regressions")
struct HostileFuzzRegressionTests {
    private let file = "/srv/trawl/fuzz.toml"

    /// toml++ (inside TOMLKit) aborted the process on these table headers (an assertion in its
    /// key parser); found by `scripts/fuzz config` as "[\u{FFFD}".
    static let crashingHeaders: [(text: String, line: Int)] = [
        ("[\u{FFFD}", 1), ("[é]", 1), ("[!]", 1), ("[=]", 1), ("[.]", 1), ("[ €]", 1), ("[\té]", 1), ("[[é]]", 1),
        ("[😀]", 1), ("seeds = []\n# comment [é]\n[é]", 3),
        // The second crash `scripts/fuzz config` found: a header cut at the end of its line.
        ("s = 10485#6\n[\ndeny_cid", 2), ("[", 1), ("[[", 1), ("[]", 1), ("[ ]", 1),
        // The third: the same after a byte order mark.
        ("\u{FEFF}[\u{FFFD}*\u{FEFF}\u{FEFF}", 1),
    ]

    /// The fourth: toml++ aborted on `}` where an array value was expected.
    static let mismatchedBrackets: [(text: String, line: Int)] = [
        ("seeds = [}= [&xample.com/\u{01}wallow_cifrs = [ [pidrs }}}}}= [&xample.com/\"]", 1),
        ("seeds = [}", 1), ("seeds = [1,}", 1), ("seeds = [[}]]", 1), ("seeds = [\n\"http://a/\",\n}", 3),
        ("a = {b = [1}", 1),
    ]

    @Test("a table header starting with no key is a located config error, not an abort", arguments: crashingHeaders)
    func badTableHeader(text: String, line: Int) {
        expectRefused(text, line: line, saying: "table header must start with a key")
    }

    @Test("a ] or } closing the other kind of bracket is a located config error, not an abort", arguments: mismatchedBrackets)
    func mismatchedBracket(text: String, line: Int) {
        expectRefused(text, line: line, saying: "closes a")
    }

    /// `text` must be refused with a `ConfigError` at `line` whose message contains `saying`.
    private func expectRefused(_ text: String, line: Int, saying: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try TrawlConfig.parse(text: text + "\n", file: file)
            Issue.record("accepted: \(text.debugDescription)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.contains(saying), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("brackets inside values, strings and comments are not mistaken for headers")
    func bracketsElsewhereStillParse() throws {
        let config = try TrawlConfig.parse(text: """
            seeds = [
            "https://example.com/[é]",
            ]
            user_agent = \"\"\"
            [é] TrawlBot \\\"\"\" still inside
            \"\"\"
            # [é] a comment
            [scope]
            include = [
              '^https://example\\.com/[é]',
            ]
            [ "network" ]
            allow_private = true
            """, file: file)
        #expect(config.seeds.count == 1)
        #expect(config.settings.userAgent.hasPrefix("[é] TrawlBot"))
        #expect(config.settings.allowPrivate)
    }

    @Test("`trawl status` on a config with such a header: exit 2 and one clear line, no crash")
    func cliExitTwo() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trawl-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("bad.toml").path
        try "seeds = []\n[é]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = try await TrawlProcess.run(["status", "--config", config])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("bad.toml:2"), "\(result.stderr)")
        #expect(!result.stderr.contains("Assertion"), "\(result.stderr)")
    }
}
