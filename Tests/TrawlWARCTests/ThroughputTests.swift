import Foundation
import Testing
import TrawlTestSupport
@testable import TrawlWARC

/// Write throughput, measured only when TRAWL_WARC_BENCH is set (it takes a while):
/// `TRAWL_WARC_BENCH=1 swift test -c release --filter ThroughputTests`
@Suite struct ThroughputTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TRAWL_WARC_BENCH"] != nil))
    func writeThroughput() throws {
        var factory = ExchangeFactory()
        // Page-sized bodies (~40 kB of varied HTML, or the factory's binary/gzip bodies).
        let exchanges = (0..<400).map { i -> HTTPExchange in
            var ex = factory.make(i % 7 == 1 || i % 7 == 5 ? i + 1 : i).0
            if i % 7 == 0 || i % 7 == 1 || i % 7 == 5 {
                var body = ex.payload
                var rng = SplitMix64(seed: UInt64(i))
                while body.count < 40_000 { body += Array("<p>item \(rng.next() % 100_000) <a href=\"/x/\(rng.next() % 1000)\">more</a></p>\n".utf8) }
                ex.payload = body
            }
            return ex
        }
        for (level, sync) in [(Int32(6), true), (6, false), (1, false)] {
            let dir = try TempDir("bench")
            defer { dir.cleanup() }
            let writer = try WARCWriter(configuration: WARCWriterConfiguration(
                directory: dir.path, prefix: "B", maxBytes: 100_000_000, hostname: "h", compressionLevel: level, fsync: sync))
            var bytes = 0
            var buildSecs = 0.0
            let start = Date()
            for round in 0..<10 {
                for ex in exchanges {
                    let t0 = Date()
                    let records = WARCRecord.capture(ex, outlinks: round == 0 ? ["http://x/"] : [])
                    buildSecs += Date().timeIntervalSince(t0)
                    bytes += records.reduce(0) { $0 + $1.block.count }
                    try writer.write(records)
                }
            }
            try writer.close()
            let secs = Date().timeIntervalSince(start)
            print(String(format: "  of which building records (digests, ids, heads): %.2f s", buildSecs))
            let out = try dir.files(".warc.gz").reduce(UInt64(0)) {
                $0 + (try FileManager.default.attributesOfItem(atPath: dir.path + "/" + $1)[.size] as! UInt64)
            }
            print(String(format: "WARC write level %d fsync %@: %d captures, %.1f MB in %.2f s = %.1f MB/s uncompressed (%.1f MB on disk), %.0f captures/s",
                         level, sync ? "on" : "off", exchanges.count * 10, Double(bytes) / 1e6, secs,
                         Double(bytes) / 1e6 / secs, Double(out) / 1e6, Double(exchanges.count * 10) / secs))
        }
    }
}
