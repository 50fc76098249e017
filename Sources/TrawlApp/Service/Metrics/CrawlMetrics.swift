import CoreMetrics
import Synchronization
import Prometheus
import TrawlCore

/// Feeds the store's figures into swift-metrics instruments backed by a Prometheus registry
/// (`[metrics]`): fetches by status class, bytes, queue sizes, robots.txt outcomes, dedup hits,
/// per-host backoffs and revisits due. Totals come from the store, so counters advance by the difference since the
/// last sample and never go backwards within one process.
final class CrawlMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let last = Mutex<(fetches: [String: Int], bytes: Int, dedup: Int, backoffHosts: Set<String>)>(([:], 0, 0, []))

    init() {
        registry = PrometheusCollectorRegistry()
        factory = PrometheusMetricsFactory(registry: registry)
    }

    /// Brings the instruments up to `figures`.
    func update(_ figures: MetricsFigures) {
        last.withLock { last in
            for (statusClass, total) in figures.fetchesByClass {
                let delta = total - (last.fetches[statusClass] ?? 0)
                if delta > 0 {
                    Counter(label: "trawl_fetches_total", dimensions: [("class", statusClass)], factory: factory)
                        .increment(by: delta)
                }
                last.fetches[statusClass] = total
            }
            if figures.bytes > last.bytes {
                Counter(label: "trawl_fetched_bytes_total", factory: factory).increment(by: figures.bytes - last.bytes)
                last.bytes = figures.bytes
            }
            if figures.dedupHits > last.dedup {
                Counter(label: "trawl_dedup_hits_total", factory: factory).increment(by: figures.dedupHits - last.dedup)
                last.dedup = figures.dedupHits
            }
            for (state, count) in figures.urlsByState {
                Gauge(label: "trawl_urls", dimensions: [("state", state)], factory: factory).record(count)
            }
            for (state, count) in figures.robotsByState {
                Gauge(label: "trawl_robots_hosts", dimensions: [("state", state)], factory: factory).record(count)
            }
            var backoffHosts: Set<String> = []
            for backoff in figures.backoffs {
                backoffHosts.insert(backoff.host)
                Gauge(label: "trawl_host_backoff_failures", dimensions: [("host", backoff.host)], factory: factory)
                    .record(max(1, backoff.failures))
            }
            for host in last.backoffHosts.subtracting(backoffHosts) {  // no longer held back
                Gauge(label: "trawl_host_backoff_failures", dimensions: [("host", host)], factory: factory).record(0)
            }
            Gauge(label: "trawl_hosts_backing_off", factory: factory).record(figures.backoffs.count)
            Gauge(label: "trawl_revisits_due", dimensions: [("when", "now")], factory: factory).record(figures.revisitsDueNow)
            Gauge(label: "trawl_revisits_due", dimensions: [("when", "next_hour")], factory: factory)
                .record(figures.revisitsDueNextHour)
            last.backoffHosts = backoffHosts
        }
    }

    /// The Prometheus text exposition of every instrument.
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}
