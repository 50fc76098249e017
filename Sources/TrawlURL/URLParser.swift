// The WHATWG "basic URL parser" state machine (§4.4), without state override (no setters),
// over UTF-8 bytes. Non-ASCII bytes only ever get copied into buffers or percent-encoded
// byte by byte, which equals the standard's per-code-point processing for valid UTF-8.

private let eof = -1
private let cSpace = 0x20
private let cHash = 0x23, cPlus = 0x2B, cMinus = 0x2D, cDot = 0x2E
private let cSlash = 0x2F, cColon = 0x3A, cQuestion = 0x3F, cAt = 0x40
private let cLBracket = 0x5B, cBackslash = 0x5C, cRBracket = 0x5D

enum URLParser {
    enum State {
        case schemeStart, scheme, noScheme, specialRelativeOrAuthority, pathOrAuthority
        case relative, relativeSlash, specialAuthoritySlashes, specialAuthorityIgnoreSlashes
        case authority, host, port, file, fileSlash, fileHost, pathStart, path, opaquePath
        case query, fragment
    }

    /// Parses `string` (resolving against `base`), returning nil on failure.
    static func parse(_ string: String, base: BaseURL?) -> URLRecord? {
        // Common case: nothing to strip or remove, parse the string's own UTF-8 storage.
        if let result = string.utf8.withContiguousStorageIfAvailable({ raw -> URLRecord?? in
            guard needsPreprocessing(raw) else { return .some(run(raw, base: base)) }
            return .none
        }), let result {
            return result
        }
        return parse(preprocessed: Array(string.utf8), base: base)
    }

    /// Whether the input has leading/trailing C0 control or space, or any ASCII tab or newline.
    @inline(__always)
    static func needsPreprocessing(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = raw.first, let last = raw.last else { return false }
        if first <= 0x20 || last <= 0x20 { return true }
        for b in raw where b == 0x09 || b == 0x0A || b == 0x0D { return true }
        return false
    }

    /// Strips leading/trailing C0 control or space and removes all ASCII tab or newline, then parses.
    static func parse(preprocessed bytes: [UInt8], base: BaseURL?) -> URLRecord? {
        var bytes = bytes
        var lo = 0, hi = bytes.count
        while lo < hi && bytes[lo] <= 0x20 { lo += 1 }
        while hi > lo && bytes[hi - 1] <= 0x20 { hi -= 1 }
        bytes = bytes[lo..<hi].filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        return bytes.withUnsafeBufferPointer { run($0, base: base) }
    }

    /// True if `input[p...]` "starts with a Windows drive letter".
    @inline(__always)
    static func startsWithWindowsDriveLetter(_ input: UnsafeBufferPointer<UInt8>, _ p: Int) -> Bool {
        let n = input.count
        guard p >= 0, n - p >= 2, isASCIIAlpha(input[p]), input[p + 1] == 0x3A || input[p + 1] == 0x7C
        else { return false }
        if n - p == 2 { return true }
        let c = input[p + 2]
        return c == 0x2F || c == 0x5C || c == 0x3F || c == 0x23
    }

    @inline(__always)
    static func isSingleDot(_ b: [UInt8]) -> Bool {
        switch b.count {
        case 1: return b[0] == 0x2E
        case 3: return b[0] == 0x25 && b[1] == 0x32 && (b[2] | 0x20) == 0x65
        default: return false
        }
    }

    @inline(__always)
    static func isDoubleDot(_ b: [UInt8]) -> Bool {
        func dotAt(_ i: Int) -> Int? {  // length of a "." or "%2e" starting at i
            if i < b.count && b[i] == 0x2E { return 1 }
            if i + 2 < b.count && b[i] == 0x25 && b[i + 1] == 0x32 && (b[i + 2] | 0x20) == 0x65 { return 3 }
            return nil
        }
        guard b.count >= 2 && b.count <= 6, let first = dotAt(0), let second = dotAt(first) else {
            return false
        }
        return first + second == b.count
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    static func run(_ input: UnsafeBufferPointer<UInt8>, base: BaseURL?) -> URLRecord? {
        var url = URLRecord()
        var state = State.schemeStart
        var buffer: [UInt8] = []
        var atSignSeen = false, insideBrackets = false, passwordTokenSeen = false
        var portValue = 0, portDigits = false
        let n = input.count
        var p = 0

        while true {
            let c = p < n ? Int(input[p]) : eof
            let next = p + 1 < n ? Int(input[p + 1]) : eof
            switch state {
            case .schemeStart:
                if c != eof && isASCIIAlpha(UInt8(c)) {
                    buffer.append(asciiLower(UInt8(c)))
                    state = .scheme
                } else {
                    state = .noScheme
                    p -= 1
                }

            case .scheme:
                if c != eof && (isASCIIAlpha(UInt8(c)) || isASCIIDigit(UInt8(c)) || c == cPlus || c == cMinus || c == cDot) {
                    buffer.append(asciiLower(UInt8(c)))
                } else if c == cColon {
                    url.setScheme(buffer)
                    buffer = []
                    if url.kind == .file {
                        state = .file
                    } else if url.isSpecial, let base, base.kind == url.kind {
                        state = .specialRelativeOrAuthority
                    } else if url.isSpecial {
                        state = .specialAuthoritySlashes
                    } else if next == cSlash {
                        state = .pathOrAuthority
                        p += 1
                    } else {
                        url.hasOpaquePath = true
                        state = .opaquePath
                    }
                } else {
                    buffer.removeAll(keepingCapacity: true)
                    state = .noScheme
                    p = -1
                }

            case .noScheme:
                guard let base else { return nil }
                if base.hasOpaquePath {
                    guard c == cHash else { return nil }
                    url.setScheme(base.kind, bytes: base.scheme)
                    url.path = Array(base.path)
                    url.hasOpaquePath = true
                    url.hasQuery = base.hasQuery
                    url.query = Array(base.query)
                    url.hasFragment = true
                    state = .fragment
                } else if base.kind != .file {
                    state = .relative
                    p -= 1
                } else {
                    state = .file
                    p -= 1
                }

            case .specialRelativeOrAuthority:
                if c == cSlash && next == cSlash {
                    state = .specialAuthorityIgnoreSlashes
                    p += 1
                } else {
                    state = .relative
                    p -= 1
                }

            case .pathOrAuthority:
                if c == cSlash {
                    state = .authority
                } else {
                    state = .path
                    p -= 1
                }

            case .relative:
                guard let base else { return nil }
                url.setScheme(base.kind, bytes: base.scheme)
                if c == cSlash || (url.isSpecial && c == cBackslash) {
                    state = .relativeSlash
                } else {
                    url.copyAuthority(from: base)
                    url.path = Array(base.path)
                    url.hasQuery = base.hasQuery
                    url.query = Array(base.query)
                    if c == cQuestion {
                        url.hasQuery = true
                        url.query = []
                        state = .query
                    } else if c == cHash {
                        url.hasFragment = true
                        state = .fragment
                    } else if c != eof {
                        url.hasQuery = false
                        url.query = []
                        url.shortenPath()
                        state = .path
                        p -= 1
                    }
                }

            case .relativeSlash:
                if url.isSpecial && (c == cSlash || c == cBackslash) {
                    state = .specialAuthorityIgnoreSlashes
                } else if c == cSlash {
                    state = .authority
                } else {
                    if let base { url.copyAuthority(from: base) }
                    state = .path
                    p -= 1
                }

            case .specialAuthoritySlashes:
                if c == cSlash && next == cSlash {
                    state = .specialAuthorityIgnoreSlashes
                    p += 1
                } else {
                    state = .specialAuthorityIgnoreSlashes
                    p -= 1
                }

            case .specialAuthorityIgnoreSlashes:
                if c != cSlash && c != cBackslash {
                    state = .authority
                    p -= 1
                }

            case .authority:
                if c == cAt {
                    if atSignSeen {
                        if passwordTokenSeen {
                            url.password.append(contentsOf: [0x25, 0x34, 0x30])
                        } else {
                            url.username.append(contentsOf: [0x25, 0x34, 0x30])
                        }
                    }
                    atSignSeen = true
                    for b in buffer {
                        if b == 0x3A && !passwordTokenSeen {
                            passwordTokenSeen = true
                            continue
                        }
                        if passwordTokenSeen {
                            url.password.appendEncoded(b, .userinfo)
                        } else {
                            url.username.appendEncoded(b, .userinfo)
                        }
                    }
                    buffer.removeAll(keepingCapacity: true)
                } else if c == eof || c == cSlash || c == cQuestion || c == cHash
                    || (url.isSpecial && c == cBackslash)
                {
                    if atSignSeen && buffer.isEmpty { return nil }
                    p -= buffer.count + 1
                    buffer.removeAll(keepingCapacity: true)
                    state = .host
                } else {
                    buffer.append(UInt8(c))
                }

            case .host:
                if c == cColon && !insideBrackets {
                    if buffer.isEmpty { return nil }
                    guard let host = HostParser.parse(buffer, isOpaque: !url.isSpecial) else { return nil }
                    url.hasHost = true
                    url.host = host
                    buffer.removeAll(keepingCapacity: true)
                    state = .port
                } else if c == eof || c == cSlash || c == cQuestion || c == cHash
                    || (url.isSpecial && c == cBackslash)
                {
                    p -= 1
                    if url.isSpecial && buffer.isEmpty { return nil }
                    guard let host = HostParser.parse(buffer, isOpaque: !url.isSpecial) else { return nil }
                    url.hasHost = true
                    url.host = host
                    buffer.removeAll(keepingCapacity: true)
                    state = .pathStart
                } else {
                    if c == cLBracket { insideBrackets = true }
                    if c == cRBracket { insideBrackets = false }
                    buffer.append(UInt8(c))
                }

            case .port:
                if c >= 0x30 && c <= 0x39 {
                    portValue = portValue * 10 + (c - 0x30)
                    portDigits = true
                    // Any continuation of an over-large port ends in failure.
                    if portValue > 65535 { return nil }
                } else if c == eof || c == cSlash || c == cQuestion || c == cHash
                    || (url.isSpecial && c == cBackslash)
                {
                    if portDigits {
                        url.port = portValue == url.kind.defaultPort ? nil : portValue
                    }
                    state = .pathStart
                    p -= 1
                } else {
                    return nil
                }

            case .file:
                url.setScheme(.file, bytes: EmptyCollection())
                url.hasHost = true
                url.host = []
                if c == cSlash || c == cBackslash {
                    state = .fileSlash
                } else if let base, base.kind == .file {
                    url.hasHost = base.hasHost
                    url.host = Array(base.host)
                    url.path = Array(base.path)
                    url.hasQuery = base.hasQuery
                    url.query = Array(base.query)
                    if c == cQuestion {
                        url.hasQuery = true
                        url.query = []
                        state = .query
                    } else if c == cHash {
                        url.hasFragment = true
                        state = .fragment
                    } else if c != eof {
                        url.hasQuery = false
                        url.query = []
                        if !startsWithWindowsDriveLetter(input, p) {
                            url.shortenPath()
                        } else {
                            url.path = []
                        }
                        state = .path
                        p -= 1
                    }
                } else {
                    state = .path
                    p -= 1
                }

            case .fileSlash:
                if c == cSlash || c == cBackslash {
                    state = .fileHost
                } else {
                    if let base, base.kind == .file {
                        url.hasHost = base.hasHost
                        url.host = Array(base.host)
                        if !startsWithWindowsDriveLetter(input, p), let first = base.firstPathSegment,
                            isNormalizedWindowsDriveLetter(first)
                        {
                            url.path.append(0x2F)
                            url.path.append(contentsOf: first)
                        }
                    }
                    state = .path
                    p -= 1
                }

            case .fileHost:
                if c == eof || c == cSlash || c == cBackslash || c == cQuestion || c == cHash {
                    p -= 1
                    if isWindowsDriveLetter(buffer) {
                        // Quirk: "file://C|/" keeps the buffer, which becomes the first segment.
                        state = .path
                    } else if buffer.isEmpty {
                        url.hasHost = true
                        url.host = []
                        state = .pathStart
                    } else {
                        guard var host = HostParser.parse(buffer, isOpaque: false) else { return nil }
                        if host.elementsEqual("localhost".utf8) { host = [] }
                        url.hasHost = true
                        url.host = host
                        buffer.removeAll(keepingCapacity: true)
                        state = .pathStart
                    }
                } else {
                    buffer.append(UInt8(c))
                }

            case .pathStart:
                if url.isSpecial {
                    state = .path
                    if c != cSlash && c != cBackslash { p -= 1 }
                } else if c == cQuestion {
                    url.hasQuery = true
                    state = .query
                } else if c == cHash {
                    url.hasFragment = true
                    state = .fragment
                } else if c != eof {
                    state = .path
                    if c != cSlash { p -= 1 }
                }

            case .path:
                let slashLike = c == cSlash || (url.isSpecial && c == cBackslash)
                if c == eof || slashLike || c == cQuestion || c == cHash {
                    if isDoubleDot(buffer) {
                        url.shortenPath()
                        if !slashLike { url.path.append(0x2F) }
                    } else if isSingleDot(buffer) {
                        if !slashLike { url.path.append(0x2F) }
                    } else {
                        if url.kind == .file && url.path.isEmpty && isWindowsDriveLetter(buffer) {
                            buffer[1] = 0x3A
                        }
                        url.path.append(0x2F)
                        url.path.append(contentsOf: buffer)
                    }
                    buffer.removeAll(keepingCapacity: true)
                    if c == cQuestion {
                        url.hasQuery = true
                        state = .query
                    } else if c == cHash {
                        url.hasFragment = true
                        state = .fragment
                    }
                } else {
                    buffer.appendEncoded(UInt8(c), .path)
                    // Fast-forward over the rest of the segment (same effect as more iterations).
                    while p + 1 < n {
                        let b = input[p + 1]
                        if b == 0x2F || b == 0x3F || b == 0x23 || (b == 0x5C && url.isSpecial) { break }
                        buffer.appendEncoded(b, .path)
                        p += 1
                    }
                }

            case .opaquePath:
                if c == cQuestion {
                    url.hasQuery = true
                    state = .query
                } else if c == cHash {
                    url.hasFragment = true
                    state = .fragment
                } else if c == cSpace {
                    if next == cQuestion || next == cHash {
                        url.path.append(contentsOf: [0x25, 0x32, 0x30])
                    } else {
                        url.path.append(0x20)
                    }
                } else if c != eof {
                    url.path.appendEncoded(UInt8(c), .c0Control)
                }

            case .query:
                if c == cHash {
                    url.hasFragment = true
                    state = .fragment
                } else if c != eof {
                    let set: PercentEncodeSet = url.isSpecial ? .specialQuery : .query
                    url.query.appendEncoded(UInt8(c), set)
                    while p + 1 < n && input[p + 1] != 0x23 {
                        url.query.appendEncoded(input[p + 1], set)
                        p += 1
                    }
                }

            case .fragment:
                if c != eof {
                    url.fragment.appendEncoded(UInt8(c), .fragment)
                    while p + 1 < n {
                        url.fragment.appendEncoded(input[p + 1], .fragment)
                        p += 1
                    }
                }
            }
            if p >= n { break }
            p += 1
        }
        return url
    }
}
