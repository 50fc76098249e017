// The WHATWG "URL record" (§4.1) as mutable byte buffers, plus its serializer (§4.5).

/// Scheme classification: the special schemes get dedicated cases (default ports, rules).
enum SchemeKind: UInt8, Sendable {
    case http, https, ws, wss, ftp, file, other

    init(_ scheme: some Collection<UInt8>) {
        switch scheme.count {
        case 2 where scheme.elementsEqual("ws".utf8): self = .ws
        case 3 where scheme.elementsEqual("wss".utf8): self = .wss
        case 3 where scheme.elementsEqual("ftp".utf8): self = .ftp
        case 4 where scheme.elementsEqual("http".utf8): self = .http
        case 4 where scheme.elementsEqual("file".utf8): self = .file
        case 5 where scheme.elementsEqual("https".utf8): self = .https
        default: self = .other
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
        scheme = bytes
        kind = SchemeKind(bytes)
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

    mutating func copyAuthority(from base: URLRecord) {
        username = base.username
        password = base.password
        hasHost = base.hasHost
        host = base.host
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

extension URLRecord {
    /// Rebuilds the record of an already-parsed URL (used as a base for relative resolution).
    init(href bytes: [UInt8], layout l: URLLayout) {
        let total = Int32(bytes.count)
        func slice(_ a: Int32, _ b: Int32) -> [UInt8] { Array(bytes[Int(a)..<Int(b)]) }
        scheme = slice(0, l.schemeEnd)
        kind = l.kind
        hasHost = l.hasHost
        if l.hasHost {
            username = slice(l.usernameStart, l.usernameEnd)
            if l.passwordEnd > l.usernameEnd { password = slice(l.usernameEnd + 1, l.passwordEnd) }
            host = slice(l.hostStart, l.hostEnd)
            port = l.port >= 0 ? Int(l.port) : nil
        }
        let pathEnd = l.queryStart >= 0 ? l.queryStart : (l.fragmentStart >= 0 ? l.fragmentStart : total)
        path = slice(l.pathStart, pathEnd)
        hasOpaquePath = l.hasOpaquePath
        if l.queryStart >= 0 {
            hasQuery = true
            query = slice(l.queryStart + 1, l.fragmentStart >= 0 ? l.fragmentStart : total)
        }
        if l.fragmentStart >= 0 {
            hasFragment = true
            fragment = slice(l.fragmentStart + 1, total)
        }
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
