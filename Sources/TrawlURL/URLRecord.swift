// The WHATWG "URL record" (§4.1) as mutable byte buffers, plus its serializer (§4.5).

/// Scheme classification: the special schemes get dedicated cases (default ports, rules).
enum SchemeKind: UInt8, Sendable {
    case http, https, ws, wss, ftp, file, other

    init(_ scheme: [UInt8]) {
        self = scheme.withUnsafeBufferPointer { SchemeKind(bytes: $0) }
    }

    init(bytes s: UnsafeBufferPointer<UInt8>) {
        switch s.count {
        case 2 where s[0] == 0x77 && s[1] == 0x73: self = .ws
        case 3 where s[0] == 0x77 && s[1] == 0x73 && s[2] == 0x73: self = .wss
        case 3 where s[0] == 0x66 && s[1] == 0x74 && s[2] == 0x70: self = .ftp
        case 4 where s[0] == 0x68 && s[1] == 0x74 && s[2] == 0x74 && s[3] == 0x70: self = .http
        case 4 where s[0] == 0x66 && s[1] == 0x69 && s[2] == 0x6C && s[3] == 0x65: self = .file
        case 5 where s[0] == 0x68 && s[1] == 0x74 && s[2] == 0x74 && s[3] == 0x70 && s[4] == 0x73:
            self = .https
        default: self = .other
        }
    }

    private static let httpBytes = Array("http".utf8), httpsBytes = Array("https".utf8)
    private static let wsBytes = Array("ws".utf8), wssBytes = Array("wss".utf8)
    private static let ftpBytes = Array("ftp".utf8), fileBytes = Array("file".utf8)

    /// Shared storage for the special schemes' names (no allocation per URL); nil for `.other`.
    var canonicalBytes: [UInt8]? {
        switch self {
        case .http: return Self.httpBytes
        case .https: return Self.httpsBytes
        case .ws: return Self.wsBytes
        case .wss: return Self.wssBytes
        case .ftp: return Self.ftpBytes
        case .file: return Self.fileBytes
        case .other: return nil
        }
    }

    var isSpecial: Bool { self != .other }

    var defaultPort: Int? {
        switch self {
        case .http, .ws: return 80
        case .https, .wss: return 443
        case .ftp: return 21
        case .file, .other: return nil
        }
    }
}

/// A URL record whose components are already percent-encoded bytes.
///
/// The path is stored serialized: "" for the empty list, otherwise "/" + segments joined
/// by "/" (segments never contain "/"), or the opaque path itself when `hasOpaquePath`.
/// The host is stored serialized (IPv6 with brackets).
struct URLRecord {
    var scheme: [UInt8] = []
    var kind: SchemeKind = .other
    var username: [UInt8] = []
    var password: [UInt8] = []
    var hasHost = false
    var host: [UInt8] = []
    var port: Int? = nil
    var path: [UInt8] = []
    var hasOpaquePath = false
    var hasQuery = false
    var query: [UInt8] = []
    var hasFragment = false
    var fragment: [UInt8] = []

    var isSpecial: Bool { kind.isSpecial }

    mutating func setScheme(_ bytes: [UInt8]) {
        kind = SchemeKind(bytes)
        scheme = kind.canonicalBytes ?? bytes
    }

    mutating func setScheme(_ kind: SchemeKind, bytes: some Collection<UInt8>) {
        self.kind = kind
        scheme = kind.canonicalBytes ?? Array(bytes)
    }

    /// Bytes of the first path segment (for file: drive-letter rules); nil if the path is empty.
    var firstPathSegment: ArraySlice<UInt8>? {
        guard path.count > 0, !hasOpaquePath else { return nil }
        let rest = path[1...]
        let end = rest.firstIndex(of: 0x2F) ?? path.endIndex
        return path[1..<end]
    }

    /// "shorten a url's path": drop the last segment, except a lone file: drive letter.
    mutating func shortenPath() {
        if kind == .file, let first = firstPathSegment, first.endIndex == path.endIndex,
            isNormalizedWindowsDriveLetter(first)
        {
            return
        }
        if let slash = path.lastIndex(of: 0x2F) {
            path.removeSubrange(slash...)
        }
    }

    mutating func copyAuthority(from base: BaseURL) {
        username = Array(base.username)
        password = Array(base.password)
        hasHost = base.hasHost
        host = Array(base.host)
        port = base.port
    }

    /// The "URL serializer", returning the href bytes and where each component lies in them.
    func serialize() -> ([UInt8], URLLayout) {
        var out: [UInt8] = []
        out.reserveCapacity(
            scheme.count + username.count + password.count + host.count + path.count
                + query.count + fragment.count + 16)
        var layout = URLLayout()
        out.append(contentsOf: scheme)
        layout.schemeEnd = Int32(out.count)
        out.append(0x3A)
        layout.kind = kind
        layout.hasHost = hasHost
        layout.hasOpaquePath = hasOpaquePath
        if hasHost {
            out.append(0x2F)
            out.append(0x2F)
            layout.usernameStart = Int32(out.count)
            if !username.isEmpty || !password.isEmpty {
                out.append(contentsOf: username)
                layout.usernameEnd = Int32(out.count)
                if !password.isEmpty {
                    out.append(0x3A)
                    out.append(contentsOf: password)
                }
                layout.passwordEnd = Int32(out.count)
                out.append(0x40)
            } else {
                layout.usernameEnd = layout.usernameStart
                layout.passwordEnd = layout.usernameStart
            }
            layout.hostStart = Int32(out.count)
            out.append(contentsOf: host)
            layout.hostEnd = Int32(out.count)
            if let port {
                out.append(0x3A)
                appendDecimal(port, to: &out)
                layout.port = Int32(port)
            }
        } else {
            let here = Int32(out.count)
            layout.usernameStart = here
            layout.usernameEnd = here
            layout.passwordEnd = here
            layout.hostStart = here
            layout.hostEnd = here
            if !hasOpaquePath && path.count > 1 && path[0] == 0x2F && path[1] == 0x2F {
                out.append(0x2F)
                out.append(0x2E)
            }
        }
        layout.pathStart = Int32(out.count)
        out.append(contentsOf: path)
        if hasQuery {
            layout.queryStart = Int32(out.count)
            out.append(0x3F)
            out.append(contentsOf: query)
        }
        if hasFragment {
            layout.fragmentStart = Int32(out.count)
            out.append(0x23)
            out.append(contentsOf: fragment)
        }
        return (out, layout)
    }
}

/// Component boundaries inside a serialized href (UTF-8 offsets). -1 means absent.
struct URLLayout: Sendable, Hashable {
    var schemeEnd: Int32 = 0
    var usernameStart: Int32 = 0
    var usernameEnd: Int32 = 0
    /// End of the password; a password exists iff passwordEnd > usernameEnd (it starts after ":").
    var passwordEnd: Int32 = 0
    var hostStart: Int32 = 0
    var hostEnd: Int32 = 0
    var port: Int32 = -1
    var pathStart: Int32 = 0
    /// Index of "?" or -1.
    var queryStart: Int32 = -1
    /// Index of "#" or -1.
    var fragmentStart: Int32 = -1
    var kind: SchemeKind = .other
    var hasHost = false
    var hasOpaquePath = false
}

/// Read-only view of an already-parsed URL used as the base for relative resolution: slices
/// of its href bytes, so resolving many links against one page allocates nothing for the base.
/// Only valid while `bytes` is (inside the `withUnsafeBufferPointer`-style scope creating it).
struct BaseURL {
    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>
    let bytes: UnsafeBufferPointer<UInt8>
    let layout: URLLayout

    var kind: SchemeKind { layout.kind }
    var hasOpaquePath: Bool { layout.hasOpaquePath }
    var hasHost: Bool { layout.hasHost }
    var port: Int? { layout.port >= 0 ? Int(layout.port) : nil }
    var hasQuery: Bool { layout.queryStart >= 0 }

    @inline(__always)
    private func slice(_ a: Int32, _ b: Int32) -> Bytes { bytes[Int(a)..<Int(max(a, b))] }

    var scheme: Bytes { slice(0, layout.schemeEnd) }
    var username: Bytes { slice(layout.usernameStart, layout.usernameEnd) }
    var password: Bytes {
        layout.passwordEnd > layout.usernameEnd ? slice(layout.usernameEnd + 1, layout.passwordEnd) : slice(0, 0)
    }
    var host: Bytes { slice(layout.hostStart, layout.hostEnd) }
    private var end: Int32 { Int32(bytes.count) }
    var path: Bytes {
        slice(layout.pathStart, layout.queryStart >= 0 ? layout.queryStart : (layout.fragmentStart >= 0 ? layout.fragmentStart : end))
    }
    var query: Bytes {
        guard layout.queryStart >= 0 else { return slice(0, 0) }
        return slice(layout.queryStart + 1, layout.fragmentStart >= 0 ? layout.fragmentStart : end)
    }

    /// Bytes of the first path segment; nil if the path is empty or opaque.
    var firstPathSegment: Bytes? {
        let p = path
        guard !p.isEmpty, !hasOpaquePath else { return nil }
        let rest = p.dropFirst()
        return rest[rest.startIndex..<(rest.firstIndex(of: 0x2F) ?? rest.endIndex)]
    }
}

// MARK: Windows drive letters (file: URLs)

/// ASCII alpha followed by ":" or "|".
@inline(__always)
func isWindowsDriveLetter(_ s: some Collection<UInt8>) -> Bool {
    guard s.count == 2, let a = s.first, isASCIIAlpha(a) else { return false }
    let b = s[s.index(after: s.startIndex)]
    return b == 0x3A || b == 0x7C
}

/// ASCII alpha followed by ":".
@inline(__always)
func isNormalizedWindowsDriveLetter(_ s: some Collection<UInt8>) -> Bool {
    isWindowsDriveLetter(s) && s[s.index(after: s.startIndex)] == 0x3A
}
