import Logging
import TrawlCore

/// Every few seconds: reads the store's figures once, sends them to systemd as `STATUS=` (when
/// notifying) and logs a progress line. The first report goes out at once, so `systemctl status`
/// has figures right after start-up.
struct StatusReporter: Sendable {
    let store: CrawlStore
    let notifier: SystemdNotifier?
    let logger: Logger
    var interval: Duration = .seconds(5)

    func run() async {
        var meter = RateMeter()
        while !Task.isCancelled {
            if let status = try? await store.status() {
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
