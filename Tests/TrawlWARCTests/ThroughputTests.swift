import Foundation
import Testing
@testable import TrawlWARC

/// Write throughput, measured only when TRAWL_WARC_BENCH is set (it takes a while):
/// `TRAWL_WARC_BENCH=1 swift test -c release --filter ThroughputTests`
@Suite struct ThroughputTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["TRAWL_WARC_BENCH"] != nil))
    func writeThroughput() throws {
        var factory = ExchangeFactory()
        let exchanges = (0..<400).map { factory.make($0 % 7 == 1 || $0 % 7 == 5 ? $0 + 1 : $0).0 }
        for (level, sync) in [(Int32(6), true), (6, false), (1, false)] {
            let dir = try TempDir("bench")
            defer { dir.cleanup() }
            let writer = try WARCWriter(configuration: WARCWriterConfiguration(
                directory: dir.path, prefix: "B", maxBytes: 100_000_000, hostname: "h", compressionLevel: level, fsync: sync))
            var bytes = 0
            let start = Date()
            for round in 0..<10 {
                for ex in exchanges {
                    let records = WARCRecord.capture(ex, outlinks: round == 0 ? ["http://x/"] : [])
                    bytes += records.reduce(0) { $0 + $1.block.count }
                    try writer.write(records)
                }
            }
            try writer.close()
            let secs = Date().timeIntervalSince(start)
            let out = try dir.files(".warc.gz").reduce(UInt64(0)) {
                $0 + (try FileManager.default.attributesOfItem(atPath: dir.path + "/" + $1)[.size] as! UInt64)
            }
            print(String(format: "WARC write level %d fsync %@: %d captures, %.1f MB in %.2f s = %.1f MB/s uncompressed (%.1f MB on disk), %.0f captures/s",
                         level, sync ? "on" : "off", exchanges.count * 10, Double(bytes) / 1e6, secs,
                         Double(bytes) / 1e6 / secs, Double(out) / 1e6, Double(exchanges.count * 10) / secs))
        }
    }
}
