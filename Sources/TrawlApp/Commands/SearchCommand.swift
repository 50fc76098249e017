import ArgumentParser
import Foundation
import TrawlCore

/// `trawl search`: full-text search over archived articles.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find archived articles by full text, best matches first.",
        discussion: """
            Searches the title and text of every article extracted during the crawl (SQLite FTS5, \
            ranked by bm25 with titles weighted higher). QUERY uses FTS5 syntax: words (all must \
            match), "exact phrases", OR, NOT, prefix*. Works while a crawl runs.

            Examples:
              trawl search --config trawl.toml "interior ministry"
              trawl search --config trawl.toml 'pakistan AND (twitter OR x)' --limit 5 --json
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The FTS5 query.")
    var query: String

    @Option(help: "Most results to print.")
    var limit = 20

    @Flag(help: "Print a JSON list of {url, title, fetched_at, snippet, score, capture_id}.")
    var json = false

    func run() async throws {
        try await UsageFailure.report {
            let config = try options.load()
            let store = try await options.openStore(config, mustExist: true)
            let hits: [ArticleHit]
            do {
                hits = try await store.searchArticles(query, limit: max(1, limit))
            } catch let error as SearchError {
                await store.close()
                throw UsageFailure(message: error.description)
            }
            await store.close()
            if json {
                print(try JSONOutput.encode(hits))
                return
            }
            if hits.isEmpty { print("no archived article matches \"\(query)\"") }
            for (index, hit) in hits.enumerated() {
                print("\(index + 1). \(hit.title ?? "(untitled)")")
                print("   \(hit.url)")
                print("   \(hit.snippet.replacingOccurrences(of: "\n", with: " "))")
            }
        }
    }
}

/// JSON as Trawl prints it: pretty, sorted keys, slashes unescaped.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
