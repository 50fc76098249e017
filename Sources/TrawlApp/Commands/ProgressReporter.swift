import Logging
import TrawlCore

/// Logs one progress line every few seconds while a crawl runs.
struct ProgressReporter {
    let store: CrawlStore
    let logger: Logger
    var interval: Duration = .seconds(5)

    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled, let status = try? await store.status() else { continue }
            logger.info("""
                progress: \(status.urlsDone) archived, \(status.urlsQueued) queued, \(status.urlsInFlight) in flight, \
                \(status.urlsFailed) failed; \(status.fetchesLastMinute) fetches in the last minute
                """)
        }
    }
}
