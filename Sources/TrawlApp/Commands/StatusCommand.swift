import ArgumentParser
import Foundation
import TrawlCore

/// `trawl status`: where the crawl stands, also while it runs.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the daemon's state, frontier counts, archive size, fetch rates and a per-host table.",
        discussion: """
            Reads the config's database (safe while `trawl crawl` or `trawl run` writes it). \
            With --json, prints one object with the keys urls_total, urls_queued, urls_in_flight, \
            urls_done, urls_failed, captures, unique_bodies, bytes_stored (bodies kept in the \
            database, compressed), bytes_decoded, bodies_in_warc (bodies kept only in WARC records, \
            WARC output on), warc_bytes (the captures' WARC response and revisit records), \
            fetches_last_minute, fetches_last_15_minutes, last_fetch_at, daemon (state: running, \
            paused, stopping or "not running"; running, pid, started_at, uptime_seconds, \
            last_heartbeat, mode, version, paused), revisits_due_now, revisits_due_next_hour \
            (continuous archiving: fetched URLs due again) and hosts (a list of objects with host, \
            queued, in_flight, fetched, new_fetches, revisit_fetches, errors, last_fetch_at, paused, …).

            --watch [SECONDS] redraws the report in place every SECONDS (default 2) like top, \
            until Ctrl-C.
            """)

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Refresh in place every SECONDS (default 2) until Ctrl-C.")
    var watch = false

    @Argument(help: ArgumentHelp("With --watch: seconds between refreshes.", valueName: "seconds"))
    var seconds: Double?

    func validate() throws {
        if seconds != nil, !watch { throw ValidationError("SECONDS is the --watch interval: trawl status --watch 5") }
        if let seconds, seconds < 0.2 { throw ValidationError("--watch needs at least 0.2 seconds between refreshes") }
    }

    func run() async throws {
        try await UsageFailure.report {
            let config = try options.load()
            let store = try await options.openStore(config, mustExist: true)
            guard watch else {
                let status = try await store.status()
                await store.close()
                print(try render(status, database: config.database))
                return
            }
            let interval = Duration.milliseconds(Int((seconds ?? 2) * 1000))
            while !Task.isCancelled {
                let status = try await store.status()
                // Home, clear screen, redraw: refreshes in place like top.
                let frame = "\u{1B}[H\u{1B}[2J" + (try render(status, database: config.database)) + "\n"
                FileHandle.standardOutput.write(Data(frame.utf8))  // unbuffered: the frame shows at once
                try await Task.sleep(for: interval)
            }
            await store.close()
        }
    }

    private func render(_ status: CrawlStatus, database: String) throws -> String {
        json ? try StatusRenderer.json(status) : StatusRenderer(database: database).render(status)
    }
}
