import Logging
import TrawlCore

/// Every few seconds: reads the store's live figures once, sends them to systemd as `STATUS=`
/// (when notifying) and logs a progress line. The first report goes out at once, so `systemctl
/// status` has figures right after start-up. It reads ``CrawlStore/progress(now:)``, not the
/// full `trawl status` (whose per-host error and fetch breakdowns scan every capture): it runs
/// on the store's actor, between the crawl's batch commits.
struct StatusReporter: Sendable {
    let store: CrawlStore
    let notifier: SystemdNotifier?
    let logger: Logger
    var interval: Duration = .seconds(5)

    func run() async {
        var meter = RateMeter()
        while !Task.isCancelled {
            if let status = try? await store.progress() {
                let rate = meter.sample(status.captures, at: .now)
                notifier?.notify([.status(StatusLine.format(status, pagesPerSecond: rate))], logger: logger)
                logger.info("""
                    progress: \(status.urlsDone) archived, \(status.urlsQueued) queued, \(status.urlsInFlight) in flight, \
                    \(status.urlsFailed) failed; \(status.fetchesLastMinute) fetches in the last minute
                    """)
            }
            try? await Task.sleep(for: interval)
        }
    }
}
