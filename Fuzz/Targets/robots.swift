// libFuzzer entry for the robots.txt parser and matcher (compiled into TrawlRobots by scripts/fuzz).
// Input: the robots.txt body. Every rule is also matched against a few paths and agents.

@_cdecl("LLVMFuzzerTestOneInput")
public func trawlFuzzRobots(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let robots = RobotsTxt(Array(UnsafeBufferPointer(start: data, count: size)))
    for agent in ["TrawlBot", "*", "googlebot-news"] {
        for path in ["/", "/a/b?c=d", "/%E2%82%AC/*$", "/index.html"] {
            _ = robots.isAllowed(userAgent: agent, pathAndQuery: path)
        }
        _ = robots.crawlDelay(userAgent: agent)
    }
    _ = robots.sitemaps
    return 0
}
