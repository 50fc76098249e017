import ArgumentParser
import TrawlCore

/// `trawl seed`: add seed URLs, also while a crawl runs.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Add seed URLs to the crawl (picked up by a running `trawl run` within seconds).",
        discussion: """
            Each URL's host becomes part of the crawl's scope. A running `trawl run` picks new \
            seeds up within seconds; otherwise the next `trawl crawl` or `trawl run` does.

            Example: trawl seed --config /etc/trawl/trawl.toml https://news.example/
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: ArgumentHelp("Absolute http(s) URLs to add.", valueName: "url"))
    var urls: [String]

    func validate() throws {
        if urls.isEmpty { throw ValidationError("give at least one URL") }
    }

    func run() async throws {
        try await UsageFailure.report {
            var seeds: [(url: String, origin: String)] = []
            for raw in urls {
                guard let url = TrawlConfig.seedURL(raw) else {
                    throw UsageFailure(message: "\"\(raw)\" is not an absolute http(s) URL")
                }
                seeds.append((url.href, url.origin))
            }
            let config = try options.load()
            let store = try await options.openStore(config)
            let added = try await store.addSeeds(seeds, source: "cli")
            await store.close()
            print("added \(added) seed\(added == 1 ? "" : "s")" + (added < seeds.count ? " (\(seeds.count - added) already known)" : ""))
        }
    }
}
