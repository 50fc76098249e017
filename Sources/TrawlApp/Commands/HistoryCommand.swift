import ArgumentParser
import Foundation
import TrawlCore

/// `trawl history`: every visit of one URL and its revisit schedule.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List every visit of a URL (time, status, changed or not, interval) and its next visit.",
        discussion: """
            Continuous archiving ([[revisit]] in the config): a URL fetched before is due again \
            after its interval, which grows while the content stays the same and shrinks when it \
            changes. This lists the URL's captures oldest first: when, the HTTP status (or the \
            error), first visit or revisit, whether the content had changed since the last \
            answered visit (judged on the extracted article text; a 304 is unchanged), and the \
            interval set after it.

            With --json, prints one object: url, state, next_visit_at, interval_seconds, \
            last_visit_at, last_changed_at and visits (objects with capture_id, fetched_at, \
            status, error_kind, revisit, changed, interval_seconds, length; times in unix \
            seconds, null when unknown).

            Example: trawl history --config trawl.toml https://news.example/
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The URL.")
    var url: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() async throws {
        try await UsageFailure.report {
            let href = try ConfigOptions.normalizedURL(url)
            let config = try options.load()
            let store = try await options.openStore(config, mustExist: true)
            let history = try await store.history(of: href)
            await store.close()
            guard let history else {
                throw UsageFailure(message: "\(href) is not in the frontier of \(config.database)")
            }
            if json {
                print(try StatusRenderer.json(history))
            } else {
                print(([history.url] + HistoryRenderer().render(history)).joined(separator: "\n"))
            }
        }
    }
}
