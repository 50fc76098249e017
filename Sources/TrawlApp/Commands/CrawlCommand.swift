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

            Continuous archiving ([[revisit]] rules in the config): URLs fetched before are \
            fetched again when their next visit is due. `trawl crawl` makes the revisits that are \
            due when it starts (with whatever they discover), each URL at most once, and then \
            ends: revisits that fall due later do not keep it alive (run it again then, e.g. from \
            a timer, or use `trawl run`, which waits for them).

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
            The service loop used by systemd (systemd/trawl.service). New seeds added with \
            `trawl seed` are picked up within seconds. With [[revisit]] rules it never runs out \
            of work: it sleeps until the next revisit is due, fetches it (a conditional request) \
            and schedules the one after. SIGINT or SIGTERM stop it cleanly. SIGHUP \
            (`systemctl reload trawl`) re-reads the config: new seeds are enqueued and politeness \
            applies to the next requests; an invalid file is logged and the running config stays.

            Under systemd (Type=notify) it reports READY=1 once the database is open and \
            interrupted fetches are re-queued, a STATUS= line every few seconds, WATCHDOG=1 when \
            WatchdogSec= is set, and STOPPING=1; with JOURNAL_STREAM set, log lines carry \
            journal priorities instead of timestamps.
            """)

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        try await UsageFailure.report { try await CrawlRunner(options: options, mode: .service).run() }
    }
}

/// The shared body of `crawl` and `run`: config, store, signals, systemd notifications, crawler.
///
/// This runner is the one owner of the daemon's lifecycle. Its parts are children of one task
/// group (the crawler's loop, the status reporter, the watchdog, the reload loop) and all end
/// when the crawl ends; signals only set flags or feed a stream. (swift-service-lifecycle's
/// `ServiceGroup` would give the same shape; it is not a dependency of the package yet.)
///
/// systemd hears `READY=1` once the database is open and interrupted fetches are re-queued,
/// `STATUS=` every few seconds, `WATCHDOG=1` when asked for, `RELOADING=1`/`READY=1` around a
/// SIGHUP reload and `STOPPING=1` on shutdown.
struct CrawlRunner {
    var options: ConfigOptions
    var mode: Crawler.Mode

    func run() async throws {
        ServiceLogging.bootstrap(level: options.logLevel)
        let logger = Logger(label: "trawl")
        let notifier = SystemdNotifier.fromEnvironment(logger: logger)

        // Signals first, so a SIGTERM or SIGHUP during start-up is not fatal: a stop ends the
        // crawl before it begins, a reload waits in the stream until the crawler exists.
        let stop = StopSignal()
        let (reloads, reloadRequests) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM, SIGHUP]) { signal in
            if signal == SIGHUP {
                logger.notice("received SIGHUP: reloading \(options.config)")
                reloadRequests.yield()
                return
            }
            logger.notice("received signal \(signal): stopping (in-flight fetches finish, the rest is re-queued)")
            notifier?.notifyStopping(status: "Stopping: letting in-flight fetches finish", logger: logger)
            stop.request()
        }
        defer {
            signals.cancel()
            reloadRequests.finish()
        }

        let config = try options.load()
        let store = try await options.openStore(config)
        let started = ContinuousClock.now
        do {
            try await store.addSeeds(config.seeds.map { ($0.href, $0.origin) }, source: "config")
            // Recovery before READY=1: systemd's "started" means the frontier is consistent.
            let recovered = try await store.recoverInFlight()
            if recovered > 0 { logger.notice("re-queued \(recovered) URLs left in flight by an interrupted run") }
        } catch {
            await store.close()
            logger.critical("cannot prepare the crawl: \(error)")
            throw ExitCode(1)
        }
        notifier?.notify([.ready, .status("Started; reading the frontier")], logger: logger)

        let crawler = Crawler(settings: config.settings, store: store, stop: stop, logger: logger)
        // Live control: commands queued while nothing ran apply now, before any fetch.
        let control = DaemonControl(
            store: store, crawler: crawler, stop: stop, mode: mode == .service ? "run" : "crawl",
            version: TrawlVersion.string, logger: logger)
        do {
            try await control.start()
        } catch {
            await store.close()
            logger.critical("cannot apply queued control commands: \(error)")
            throw ExitCode(1)
        }
        let reloader = ConfigReloader(
            configPath: options.config, database: config.database, store: store, crawler: crawler,
            notifier: notifier, logger: logger)
        do {
            let summary = try await withThrowingTaskGroup(of: Void.self, returning: Crawler.Summary.self) { group in
                group.addTask { await StatusReporter(store: store, notifier: notifier, logger: logger).run() }
                group.addTask { await control.run() }
                if let listen = config.metricsListen {
                    group.addTask {
                        await MetricsServer(host: listen.host, port: listen.port, store: store, logger: logger).run()
                    }
                }
                if let notifier, let watchdog = Watchdog.fromEnvironment() {
                    group.addTask {
                        await watchdog.run(notifier: notifier, logger: logger) {
                            (try? await store.seedOrigins()) != nil
                        }
                    }
                }
                group.addTask {
                    for await _ in reloads { await reloader.reload() }
                }
                defer { group.cancelAll() }
                return try await crawler.run(mode: mode)
            }
            notifier?.notifyStopping(status: "Closing the database", logger: logger)
            await control.finish()
            let counts = try await store.closingCounts()
            await store.close()
            let elapsed = ContinuousClock.now - started
            logger.notice("""
                \(summary.stopped ? "stopped" : "done") after \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))): \
                \(summary.fetches) fetches, \(counts.urlsDone) URLs archived, \(counts.urlsQueued) queued, \
                \(counts.urlsFailed) failed, \(counts.uniqueBodies) unique bodies
                """)
        } catch {
            notifier?.notifyStopping(status: "Failed: \(error)", logger: logger)
            await control.finish()
            await store.close()
            if let location = DiskFull.location(of: error) {
                logger.critical("\(DiskFull.message(location: location, error: error))")
            } else {
                logger.critical("crawl failed: \(error)")
            }
            throw ExitCode(1)
        }
    }
}
