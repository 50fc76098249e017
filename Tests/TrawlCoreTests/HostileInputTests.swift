import Foundation
import Testing
import TrawlTestSupport

/// Nonsense at the edges (issue 7): every kind of bad command line gives one clear error and
/// exit code 2, never a stack trace; a 1,000,000-line seeds file with a bad last line is named
/// by file and line.
@Suite("Hostile input")
struct HostileInputTests {
    static let usageErrors: [[String]] = [
        ["frobnicate"],
        ["run", "--bogus"],
        ["crawl", "--log-level", "loud"],
        ["status", "--watch", "abc"],
        ["status", "--watch", "-5"],
        ["queue", "--limit", "x"],
        ["queue", "--limit", "-3"],
        ["seed"],
        ["search"],
        ["drop", "--host"],
        ["extract", "--batch", ".", "--out", "/tmp", "--jobs", "-1"],
    ]

    @Test("malformed command lines: exit 2 with the usage error, no stack trace", arguments: usageErrors)
    func usage(arguments: [String]) async throws {
        let result = try await TrawlProcess.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: "), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Backtrace"), "\(result.stderr)")
    }

    @Test("bad values given to commands: exit 2 naming the value", arguments: [
        (["seed", "notaurl"], "notaurl"),
        (["show", "notaurl"], "notaurl"),
        (["export", "--since", "yesterday", "--out", "/tmp/never"], "yesterday"),
        (["crawl", "--config", "/nonexistent/trawl.toml"], "/nonexistent/trawl.toml"),
    ])
    func badValues(arguments: [String], named: String) async throws {
        let harness = try CrawlHarness()
        let config = try harness.writeConfig(seeds: ["http://127.0.0.1:9/"], "")
        let withConfig = arguments.contains("--config") ? arguments : arguments + ["--config", config]
        let result = try await TrawlProcess.run(withConfig)
        #expect(result.status == 2, "\(withConfig): \(result.stderr)")
        #expect(result.stderr.contains(named), "\(result.stderr)")
    }

    @Test("trawl extract on a missing file or folder: exit 2 naming it", arguments: [
        ["extract", "/nonexistent/page.html"],
        ["extract", "--batch", "/nonexistent/pages", "--out", "/tmp/never"],
    ])
    func unreadableExtractInput(arguments: [String]) async throws {
        let result = try await TrawlProcess.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("/nonexistent/"), "\(result.stderr)")
    }

    @Test("a seeds file of 1,000,000 lines with nonsense on the last: exit 2 naming file and line 1000000")
    func millionLineSeedsFile() async throws {
        let harness = try CrawlHarness()
        // 1,000 blocks of 1,000 lines, written block by block (building 24 MB line by line in a
        // debug build would hold a test-pool thread for seconds and starve the parallel crawls).
        let block = Data((0..<1000).map { "http://h\($0).example/p\n" }.joined().utf8)
        let path = harness.folder.file("seeds.txt")
        FileManager.default.createFile(atPath: path, contents: nil)
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        for _ in 0..<999 { file.write(block) }
        file.write(Data(((1..<1000).map { "http://h\($0).example/p\n" }.joined() + "not a url\n").utf8))
        try file.close()
        let config = harness.folder.file("million.toml")
        try "seeds_file = \"seeds.txt\"\ndatabase = \"trawl.sqlite\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = try await TrawlProcess.run(["status", "--config", config])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("seeds.txt:1000000"), "\(result.stderr)")
        #expect(result.stderr.contains("not a url"), "\(result.stderr)")
    }
}
