/// One-shot check with the signature of Google's `OneAgentAllowedByRobots`, used by the
/// conformance tests: parses `robotsTxt` and checks `url` for `userAgent`.
///
/// `url` may be a full URL or a bare path; its path + params + query is matched (fragment
/// dropped, `/` if empty), exactly as Google's `GetPathParamsQuery` extracts it. For many
/// URLs on one site, parse once with `RobotsTxt(_:)` and call `isAllowed` instead.
public func isAllowedByRobots(robotsTxt: String, userAgent: String, url: String) -> Bool {
    RobotsTxt(robotsTxt).isAllowed(userAgent: userAgent, pathAndQuery: googlePathParamsQuery(url))
}

/// The part of `url` that robots rules are matched against: path, params and query,
/// without fragment, starting with `/` (Google's `GetPathParamsQuery`). Tolerates URLs
/// without a scheme (`example.com/a`), scheme-relative ones (`//host/a`) and bare paths.
func googlePathParamsQuery(_ url: String) -> String {
    let bytes = Array(url.utf8)
    let delimiters: Set<UInt8> = [UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: ";")]

    func firstIndex(from start: Int, where predicate: (UInt8) -> Bool) -> Int? {
        var index = start
        while index < bytes.count {
            if predicate(bytes[index]) { return index }
            index += 1
        }
        return nil
    }

    // Two leading slashes introduce an authority, not a path.
    let searchStart = bytes.starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) ? 2 : 0
    let earlyPath = firstIndex(from: searchStart) { delimiters.contains($0) } ?? Int.max
    var protocolEnd = searchStart
    var index = searchStart
    while index + 2 < bytes.count {
        if bytes[index] == UInt8(ascii: ":") && bytes[index + 1] == UInt8(ascii: "/")
            && bytes[index + 2] == UInt8(ascii: "/")
        {
            // "://" only marks a scheme if no path, param or query started before it.
            if index < earlyPath { protocolEnd = index + 3 }
            break
        }
        index += 1
    }

    guard let pathStart = firstIndex(from: protocolEnd, where: { delimiters.contains($0) }) else {
        return "/"
    }
    let hash = firstIndex(from: searchStart) { $0 == UInt8(ascii: "#") }
    if let hash, hash < pathStart { return "/" }
    let path = String(decoding: bytes[pathStart..<(hash ?? bytes.count)], as: UTF8.self)
    return bytes[pathStart] == UInt8(ascii: "/") ? path : "/" + path
}
