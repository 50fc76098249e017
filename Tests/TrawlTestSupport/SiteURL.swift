/// A minimal RFC 3986 reference resolver, enough to compute which URLs a generated
/// ``TestSite`` links to (and so which a correct crawler must request).
struct SiteURL: Hashable, Sendable {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    /// Splits a URI reference (absolute or relative) into its five components.
    init(parsing text: String) {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let colon = rest.firstIndex(of: ":"),
            let first = rest.first, first.isASCII, first.isLetter,
            rest[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        {
            scheme = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            authority = String(afterSlashes[..<end])
            rest = afterSlashes[end...]
        }
        path = String(rest)
    }

    init(scheme: String?, authority: String?, path: String, query: String?, fragment: String?) {
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    /// Resolves `reference` against this (absolute) base URL, as RFC 3986 section 5.2.2 says.
    func resolving(_ reference: String) -> SiteURL {
        let r = SiteURL(parsing: reference)
        if let scheme = r.scheme {
            return SiteURL(
                scheme: scheme, authority: r.authority, path: Self.removeDotSegments(r.path),
                query: r.query, fragment: r.fragment)
        }
        if r.authority != nil {
            return SiteURL(
                scheme: scheme, authority: r.authority, path: Self.removeDotSegments(r.path),
                query: r.query, fragment: r.fragment)
        }
        if r.path.isEmpty {
            return SiteURL(
                scheme: scheme, authority: authority, path: path,
                query: r.query ?? query, fragment: r.fragment)
        }
        let merged: String
        if r.path.hasPrefix("/") {
            merged = r.path
        } else if authority != nil && path.isEmpty {
            merged = "/" + r.path
        } else if let slash = path.lastIndex(of: "/") {
            merged = String(path[...slash]) + r.path
        } else {
            merged = r.path
        }
        return SiteURL(
            scheme: scheme, authority: authority, path: Self.removeDotSegments(merged),
            query: r.query, fragment: r.fragment)
    }

    /// Whether this is an `http` or `https` URL with a host.
    var isHTTP: Bool {
        guard let scheme = scheme?.lowercased(), let authority, !authority.isEmpty else { return false }
        return scheme == "http" || scheme == "https"
    }

    /// `scheme://host[:port]`, lowercased, default port dropped.
    var canonicalOrigin: String {
        let scheme = (self.scheme ?? "").lowercased()
        var authority = (self.authority ?? "").lowercased()
        if scheme == "http" && authority.hasSuffix(":80") { authority.removeLast(3) }
        if scheme == "https" && authority.hasSuffix(":443") { authority.removeLast(4) }
        return "\(scheme)://\(authority)"
    }

    /// Path plus query as sent in a request line (`/` for an empty path).
    var requestTarget: String {
        (path.isEmpty ? "/" : path) + (query.map { "?" + $0 } ?? "")
    }

    /// The canonical form: lowercase scheme and host, default port dropped, no fragment.
    var canonical: String { canonicalOrigin + requestTarget }

    /// RFC 3986 section 5.2.4.
    static func removeDotSegments(_ path: String) -> String {
        var input = Substring(path)
        var output: [Substring] = []
        while !input.isEmpty {
            if input.hasPrefix("../") {
                input = input.dropFirst(3)
            } else if input.hasPrefix("./") {
                input = input.dropFirst(2)
            } else if input.hasPrefix("/./") {
                input = input.dropFirst(2)
            } else if input == "/." {
                input = "/"
            } else if input.hasPrefix("/../") {
                input = input.dropFirst(3)
                if !output.isEmpty { output.removeLast() }
            } else if input == "/.." {
                input = "/"
                if !output.isEmpty { output.removeLast() }
            } else if input == "." || input == ".." {
                input = ""
            } else {
                let start = input.hasPrefix("/") ? input.index(after: input.startIndex) : input.startIndex
                let end = input[start...].firstIndex(of: "/") ?? input.endIndex
                output.append(input[..<end])
                input = input[end...]
            }
        }
        return output.joined()
    }

    /// A relative reference that resolves, against any URL whose directory is `directory`
    /// (ending in `/`), to `target` (an absolute path, maybe with a query). Never query-only.
    static func relativeReference(fromDirectory directory: String, to target: String) -> String {
        var targetPath = Substring(target)
        var query = ""
        if let q = targetPath.firstIndex(of: "?") {
            query = String(targetPath[q...])
            targetPath = targetPath[..<q]
        }
        let fromSegments = directory.split(separator: "/", omittingEmptySubsequences: true)
        var toSegments = targetPath.split(separator: "/", omittingEmptySubsequences: true)
        var file: Substring = ""
        if !targetPath.hasSuffix("/"), let last = toSegments.last {
            file = last
            toSegments.removeLast()
        }
        var common = 0
        while common < fromSegments.count, common < toSegments.count, fromSegments[common] == toSegments[common] {
            common += 1
        }
        var reference = String(repeating: "../", count: fromSegments.count - common)
        for segment in toSegments[common...] { reference += segment + "/" }
        reference += file
        if reference.isEmpty || reference.hasPrefix("?") { reference = "./" + reference }
        return reference + query
    }
}
