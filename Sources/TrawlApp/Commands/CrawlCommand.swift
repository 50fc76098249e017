import ArgumentParser
import Foundation
import Logging
import TrawlCore

/// `trawl crawl`: crawl the config's seeds until the frontier is empty.
struct CrawlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crawl",
        abstract: "Crawl the config's seeds until nothing in scope is left, then exit.",
        discussion: """
            Seeds from the config (and any added with `trawl seed`) enter the frontier; every \
            in-scope page is fetched once, politely, and archived in the config's SQLite database. \
            Run it again with the same config to resume: nothing already archived is fetched again, \
            and URLs left in flight by a crash or kill are re-queued.

            SIGINT or SIGTERM stop it cleanly: no new fetches start, in-flight ones finish (or are \
            re-queued), and the database is closed. Exit codes: 0 done or stopped, 1 fatal error, \
            2 bad config or usage.

            Example: trawl crawl --config Config/demo.toml
            """)

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        try await UsageFailure.report { try await CrawlRunner(options: options, mode: .untilEmpty).run() }
    }
}

/// `trawl run`: the same loop as a long-running service.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Crawl as a long-running service: keep waiting for new seeds when the frontier is empty.",
        discussion: """
            The service loop used by systemd. New seeds added with `trawl seed` are picked up \
            within seconds. SIGINT or SIGTERM stop it cleanly.
            """)

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        try await UsageFailure.report { try await CrawlRunner(options: options, mode: .service).run() }
    }
}

/// The shared body of `crawl` and `run`: config, store, signals, progress, crawler.
struct CrawlRunner {
    var options: ConfigOptions
    var mode: Crawler.Mode

    func run() async throws {
        options.bootstrapLogging()
        let logger = Logger(label: "trawl")
        let config = try options.load()
        let store = try await options.openStore(config)
        try await store.addSeeds(config.seeds.map { ($0.href, $0.origin) }, source: "config")

        let stop = StopSignal()
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM]) { signal in
            logger.notice("received signal \(signal): stopping (in-flight fetches finish, the rest is re-queued)")
            stop.request()
        }
        let progress = Task { await ProgressReporter(store: store, logger: logger).run() }
        let crawler = Crawler(settings: config.settings, store: store, stop: stop, logger: logger)
        let started = ContinuousClock.now
        defer { signals.cancel() }
        do {
            let summary = try await crawler.run(mode: mode)
            progress.cancel()
            let status = try await store.status()
            await store.close()
            let elapsed = ContinuousClock.now - started
            logger.notice("""
                \(summary.stopped ? "stopped" : "done") after \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))): \
                \(summary.fetches) fetches, \(status.urlsDone) URLs archived, \(status.urlsQueued) queued, \
                \(status.urlsFailed) failed, \(status.uniqueBodies) unique bodies
                """)
        } catch {
            progress.cancel()
            await store.close()
            logger.critical("crawl failed: \(error)")
            throw ExitCode(1)
        }
    }
}
