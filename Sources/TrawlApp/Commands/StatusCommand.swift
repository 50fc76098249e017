import ArgumentParser
import Foundation
import TrawlCore

/// `trawl status`: where the crawl stands, also while it runs.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show frontier counts, archive size, fetch rate and a per-host table.",
        discussion: """
            Reads the config's database (safe while `trawl crawl` or `trawl run` writes it). \
            With --json, prints one object with the keys urls_total, urls_queued, urls_in_flight, \
            urls_done, urls_failed, captures, unique_bodies, bytes_stored, bytes_decoded, \
            fetches_last_minute, last_fetch_at and hosts (a list of objects with host, queued, \
            in_flight, fetched, errors, last_fetch_at).
            """)

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        try await UsageFailure.report {
            let config = try options.load()
            let store = try await options.openStore(config, mustExist: true)
            let status = try await store.status()
            await store.close()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(status), as: UTF8.self))
            } else {
                print(StatusRenderer(database: config.database).render(status))
            }
        }
    }
}
