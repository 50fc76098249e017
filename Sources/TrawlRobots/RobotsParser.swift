/// The kind of a robots.txt line, from its (case-insensitive) key.
enum RobotsDirectiveKind: Sendable, Equatable {
    case userAgent, allow, disallow, sitemap, crawlDelay
    /// A `key: value` line with a key we don't act on (it does not end a group).
    case unknown

    /// Known keys, lower-cased, including the frequent typos Google accepts.
    private static let keys: [String: RobotsDirectiveKind] = [
        "user-agent": .userAgent, "useragent": .userAgent, "user agent": .userAgent,
        "allow": .allow,
        "disallow": .disallow, "dissallow": .disallow, "dissalow": .disallow,
        "disalow": .disallow, "diasllow": .disallow, "disallaw": .disallow,
        "sitemap": .sitemap, "site-map": .sitemap,
        "crawl-delay": .crawlDelay, "crawldelay": .crawlDelay,
    ]

    init(key: ArraySlice<UInt8>) {
        guard key.count <= 16 else { self = .unknown; return }
        let lowered = key.map { ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) ? $0 + 32 : $0 }
        self = Self.keys[String(decoding: lowered, as: UTF8.self)] ?? .unknown
    }
}

/// One `key: value` line. `value` is trimmed and has its comment removed, raw bytes.
struct RobotsDirective: Sendable, Equatable {
    /// 1-based line number (LF, CR and CRLF each end one line).
    let line: Int
    let kind: RobotsDirectiveKind
    let key: ArraySlice<UInt8>
    let value: ArraySlice<UInt8>
}

/// Splits a robots.txt body into `key: value` directives (RFC 9309 2.2, with Google's
/// leniencies). Pure byte work: invalid UTF-8 passes through untouched.
///
/// - A UTF-8 BOM (or a prefix of one) at the very start is skipped.
/// - LF, CR and CRLF end lines.
/// - Only the first ``maxBodyBytes`` are parsed (RFC 9309 2.5 requires at least 500 KiB);
///   a line cut by that limit is dropped rather than parsed half-way.
/// - Lines longer than ``maxLineBytes`` are cut there (Google's limit of 8 × 2083 bytes).
/// - `#` starts a comment; key and value are trimmed of whitespace.
/// - A missing colon is accepted when the line is exactly two whitespace-separated words
///   (`Disallow /x`).
enum RobotsParser {
    /// Parse limit in octets (RFC 9309 2.5: at least 500 KiB).
    static let maxBodyBytes = 500 * 1024
    /// Octets kept per line; the rest of a longer line is ignored (as Google does).
    static let maxLineBytes = 2083 * 8 - 1

    /// Calls `handle` for every directive line, in order.
    static func parse(_ body: [UInt8], _ handle: (RobotsDirective) -> Void) {
        var start = 0
        // Skip a UTF-8 byte order mark, or the part of one that is present.
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        while start < min(body.count, 3) && body[start] == bom[start] { start += 1 }

        let end = min(body.count, maxBodyBytes)
        // True when the parse limit falls inside a line (that line is then ignored).
        let cutMidLine = end < body.count && body[end] != 0x0A && body[end] != 0x0D
        var lineNumber = 0
        var lineStart = start
        var index = start
        var lastWasCR = false
        while index < end {
            let byte = body[index]
            if byte == 0x0A || byte == 0x0D {
                // The LF of a CRLF pair does not end another (empty) line.
                if !(byte == 0x0A && lastWasCR && lineStart == index) {
                    lineNumber += 1
                    parseLine(body, lineStart..<index, lineNumber, handle)
                }
                lastWasCR = byte == 0x0D
                lineStart = index + 1
            }
            index += 1
        }
        if lineStart < end && !cutMidLine {
            lineNumber += 1
            parseLine(body, lineStart..<end, lineNumber, handle)
        }
    }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0x0D || byte == 0x0A
    }

    private static func trim(_ slice: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lower = slice.startIndex
        var upper = slice.endIndex
        while lower < upper && isWhitespace(slice[lower]) { lower += 1 }
        while upper > lower && isWhitespace(slice[upper - 1]) { upper -= 1 }
        return slice[lower..<upper]
    }

    private static func parseLine(
        _ body: [UInt8], _ range: Range<Int>, _ lineNumber: Int, _ handle: (RobotsDirective) -> Void
    ) {
        var line = body[range.lowerBound..<min(range.upperBound, range.lowerBound + maxLineBytes)]
        if let hash = line.firstIndex(of: UInt8(ascii: "#")) {
            line = line[..<hash]
        }
        line = trim(line)
        guard !line.isEmpty else { return }

        let key: ArraySlice<UInt8>
        let value: ArraySlice<UInt8>
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            key = trim(line[..<colon])
            value = trim(line[(colon + 1)...])
        } else {
            // Google leniency: "key value" without a colon, but only for exactly two words.
            guard let space = line.firstIndex(where: isWhitespace) else { return }
            let rest = trim(line[space...])
            guard !rest.contains(where: isWhitespace) else { return }
            key = line[..<space]
            value = rest
        }
        guard !key.isEmpty else { return }
        handle(RobotsDirective(line: lineNumber, kind: RobotsDirectiveKind(key: key), key: key, value: value))
    }
}
