// libFuzzer entry for HTML parsing and link extraction (compiled into TrawlHTML by scripts/fuzz).
// Input: the page's bytes; the first line, when it starts with "ct:", is the Content-Type.

@_cdecl("LLVMFuzzerTestOneInput")
public func trawlFuzzLinks(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let (contentType, body) = fuzzContentType(Array(UnsafeBufferPointer(start: data, count: size)))
    guard let document = try? HTMLDocument(bytes: body, contentType: contentType) else { return 0 }
    let links = document.links()
    _ = (links.baseHref, links.links.count)
    return 0
}
