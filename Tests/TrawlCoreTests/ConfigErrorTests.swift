import Foundation
import Testing
import TrawlApp

/// Bad config is an error naming the file, the key and the line; exit code 2.
@Suite("Config errors")
struct ConfigErrorTests {
    private func parse(_ text: String) -> ConfigError? {
        do {
            _ = try TrawlConfig.parse(text: text, file: "/etc/trawl/test.toml")
            return nil
        } catch {
            return error
        }
    }

    @Test("an unknown key (a typo) names the dotted key and its line")
    func unknownKey() throws {
        let error = try #require(parse("seeds = []\n[politeness]\ndelay_ms = 5\ndelay_msec = 10\n"))
        #expect(error.key == "politeness.delay_msec")
        #expect(error.line == 4)
        #expect(error.description.contains("/etc/trawl/test.toml:4"))
    }

    @Test("a wrong type names the key and says what is expected")
    func wrongType() throws {
        let error = try #require(parse("seeds = []\n[politeness]\nper_host = \"two\"\n"))
        #expect(error.key == "politeness.per_host")
        #expect(error.line == 3)
        #expect(error.message.contains("integer"))
    }

    @Test("[warc] compression_level outside 1...9 names the key and its line; a valid one reaches the settings")
    func warcCompressionLevel() throws {
        let error = try #require(parse("seeds = []\n[warc]\ndir = \"/tmp/w\"\ncompression_level = 12\n"))
        #expect(error.key == "warc.compression_level")
        #expect(error.line == 4)
        #expect(error.message.contains("1 (fastest) to 9"))
        let config = try TrawlConfig.parse(text: "seeds = []\n[warc]\ndir = \"/tmp/w\"\ncompression_level = 6\n", file: "t.toml")
        #expect(config.settings.warc?.compressionLevel == 6)
        let defaulted = try TrawlConfig.parse(text: "seeds = []\n[warc]\ndir = \"/tmp/w\"\n", file: "t.toml")
        #expect(defaulted.settings.warc?.compressionLevel == 1)
    }

    @Test("an invalid seed URL is rejected with its position")
    func invalidSeed() throws {
        let error = try #require(parse("seeds = [\"https://ok.example/\", \"not a url\"]\n"))
        #expect(error.key == "seeds")
        #expect(error.message.contains("entry 2"))
    }

    @Test("TOML syntax errors carry the line")
    func syntaxError() throws {
        let error = try #require(parse("seeds = []\n\n[scope\nmax_depth = 2\n"))
        #expect(error.line == 3)
    }

    @Test("an invalid regular expression in scope.exclude is named")
    func badRegex() throws {
        let error = try #require(parse("[scope]\nexclude = [\"(unclosed\"]\n"))
        #expect(error.key == "scope.exclude")
        #expect(error.line == 2)
    }

    @Test("a valid config applies every key")
    func validConfig() throws {
        let config = try TrawlConfig.parse(text: """
            seeds = ["HTTP://Example.COM:80/a/../b#frag"]
            database = "db/trawl.sqlite"
            user_agent = "Bot/1"
            [politeness]
            delay_ms = 250
            per_host = 2
            transfers = 8
            [scope]
            max_depth = 3
            [limits]
            max_redirects = 2
            max_body_bytes = 1000
            [network]
            allow_private = true
            """, file: "/srv/trawl/trawl.toml")
        #expect(config.seeds.map(\.href) == ["http://example.com/b"])
        #expect(config.database == "/srv/trawl/db/trawl.sqlite")
        #expect(config.settings.politeness.delay == .milliseconds(250))
        #expect(config.settings.politeness.perHost == 2)
        #expect(config.settings.politeness.transfers == 8)
        #expect(config.settings.scope.maxDepth == 3)
        #expect(config.settings.maxRedirects == 2)
        #expect(config.settings.maxBodyBytes == 1000)
        #expect(config.settings.allowPrivate)
        #expect(config.settings.userAgent == "Bot/1")
    }

    @Test("seeds_file: comments and blank lines skipped, a bad line named by file and line")
    func seedsFile() throws {
        let folder = try TemporaryFolder()
        try "# seeds\n\nhttps://a.example/\n  https://b.example/x  # trailing comment\n".write(
            toFile: folder.file("seeds.txt"), atomically: true, encoding: .utf8)
        let config = try TrawlConfig.parse(text: "seeds_file = \"seeds.txt\"\n", file: folder.file("trawl.toml"))
        #expect(config.seeds.map(\.href) == ["https://a.example/", "https://b.example/x"])

        try "https://a.example/\nftp://nope.example/\n".write(toFile: folder.file("bad.txt"), atomically: true, encoding: .utf8)
        do {
            _ = try TrawlConfig.parse(text: "seeds_file = \"bad.txt\"\n", file: folder.file("trawl.toml"))
            Issue.record("a bad seeds file must be rejected")
        } catch {
            #expect(error.file == folder.file("bad.txt"))
            #expect(error.line == 2)
        }
    }

    @Test("the CLI exits 2 with file:line for a bad config, and names the folder of a missing database folder")
    func cliExitCodes() async throws {
        let folder = try TemporaryFolder()
        try "seeds = []\n[limits]\ntimeout = 5\n".write(toFile: folder.file("bad.toml"), atomically: true, encoding: .utf8)
        let bad = try await TrawlProcess.run(["crawl", "--config", folder.file("bad.toml")])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.toml:3"))
        #expect(bad.stderr.contains("limits.timeout"))

        try "seeds = [\"http://127.0.0.1:9/\"]\ndatabase = \"missing/folder/trawl.sqlite\"\n".write(
            toFile: folder.file("nofolder.toml"), atomically: true, encoding: .utf8)
        let missing = try await TrawlProcess.run(["crawl", "--config", folder.file("nofolder.toml")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing/folder"))
        #expect(missing.stderr.contains("does not exist"))

        let absent = try await TrawlProcess.run(["status", "--config", folder.file("absent.toml")])
        #expect(absent.status == 2)
        #expect(absent.stderr.contains("absent.toml"))
    }
}
