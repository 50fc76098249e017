// libFuzzer entry for the WHATWG URL parser, resolver and crawl normalization (compiled into
// TrawlURL by scripts/fuzz). Input: "BASE\nINPUT" (no newline: INPUT alone, against a fixed base).

@_cdecl("LLVMFuzzerTestOneInput")
public func trawlFuzzURL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let base = parts.count == 2 ? CrawlURL(String(parts[0])) : CrawlURL("https://example.com/a/b?c#d")
    let input = String(parts.last ?? "")
    for candidate in [CrawlURL(input, relativeTo: base), CrawlURL(input)] {
        guard let url = candidate else { continue }
        let normalized = url.normalizedForCrawl()
        _ = (url.href, url.origin, normalized.href, normalized.origin)
        // Normalizing is idempotent: a second pass must not change the URL.
        precondition(normalized.normalizedForCrawl().href == normalized.href,
                     "normalization not idempotent: \(normalized.href)")
    }
    return 0
}
