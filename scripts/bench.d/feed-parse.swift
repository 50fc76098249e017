// Feed parser throughput: builds a WordPress-shaped RSS feed of N items (default 10,000,
// about 3.8 MB) in memory and parses it 5 times with FeedParser; prints the best CPU time.
// Built and run by scripts/bench-feeds (optimized, with the TrawlSitemap sources).
import Foundation
func bigFeed(_ count: Int) -> [UInt8] {
    var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Big</title>\n"
    for n in 0..<count {
        xml += "<item><title>Story number \(n) &amp; more</title><link>https://news.example/2024/05/story-\(n)/</link>"
            + "<pubDate>Mon, 06 May 2024 07:08:09 +0000</pubDate><dc:creator><![CDATA[Editor]]></dc:creator>"
            + "<guid isPermaLink=\"false\">https://news.example/?p=\(n)</guid><description><![CDATA[<p>A summary of story \(n), "
            + "long enough to look like a real one &nbsp;&hellip;</p>]]></description></item>\n"
    }
    return Array((xml + "</channel></rss>").utf8)
}
func cpu() -> Double { var ts = timespec(); clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9 }
let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 10_000 : 10_000
let body = bigFeed(count)
let parser = FeedParser()
var best = Double.infinity
for _ in 0..<5 {
    let t0 = cpu()
    let feed = try parser.parse(body, url: "u", contentType: "application/rss+xml")
    let t1 = cpu()
    precondition(feed.entries.count == min(count, parser.maxEntries))
    best = min(best, t1 - t0)
}
print("bytes \(body.count) entries \(min(count, parser.maxEntries)) best CPU \(String(format: "%.3f", best)) s -> \(String(format: "%.1f", Double(body.count) / best / 1e6)) MB/s, \(Int(Double(min(count, parser.maxEntries)) / best)) entries per CPU-second")
var bestRepair = Double.infinity
for _ in 0..<5 {
    let t0 = cpu()
    let r = FeedBytes.repaired(body, from: 0)
    let t1 = cpu()
    precondition(r.count > 0)
    bestRepair = min(bestRepair, t1 - t0)
}
print("of which byte repair (FeedBytes.repaired): \(String(format: "%.3f", bestRepair)) s")
