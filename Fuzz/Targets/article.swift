// libFuzzer entry for article extraction (compiled into TrawlHTML by scripts/fuzz).
// Input: the page's bytes; the first line, when it starts with "ct:", is the Content-Type.

@_cdecl("LLVMFuzzerTestOneInput")
public func trawlFuzzArticle(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let (contentType, body) = fuzzContentType(Array(UnsafeBufferPointer(start: data, count: size)))
    let article = ArticleExtractor.extract(bytes: body, url: "https://example.com/2024/05/01/story", contentType: contentType)
    _ = (article.title, article.text.count)
    return 0
}
