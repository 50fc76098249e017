/// The hostile scenarios, each at its own path on one ``HostileServer``, plus whole-host
/// scenarios (robots.txt, 429 storms) as their own route tables.
///
/// Sizes assume the limits the hostile tests use: timeout 2 s, max_body_bytes 1 MiB,
/// max_redirects 3. Every big answer is generated or streamed, never stored in the repo.
public enum HostileCatalog {
    /// Path of each single-URL scenario.
    public enum Path {
        public static let trickle = "/trickle"
        public static let endless = "/endless"
        public static let gzipBomb = "/gzip-bomb"
        public static let deflateBomb = "/deflate-bomb"
        public static let brotliBomb = "/brotli-bomb"
        /// A small page sent `Content-Encoding: br`, linking to ``brotliNext``.
        public static let brotliPage = "/brotli-page"
        public static let hugeHeaders = "/huge-headers"
        public static let hugeHeaderLine = "/huge-header-line"
        public static let loopA = "/loop-a"
        public static let loopB = "/loop-b"
        public static func chain(_ n: Int) -> String { "/chain/\(n)" }
        public static let toFile = "/to-file"
        public static let toFTP = "/to-ftp"
        public static let toGopher = "/to-gopher"
        public static let badChunked = "/bad-chunked"
        public static let reset = "/reset"
        public static let silent = "/silent"
        public static let closeAfterHeaders = "/close-after-headers"
        public static let invalidUTF8 = "/invalid-utf8"
        public static let wrongCharset = "/wrong-charset"
        public static let nested = "/nested"
        public static let hundredMB = "/100mb"
        public static let hundredMBUnannounced = "/100mb-unannounced"
        /// Pages linked from the text scenarios; fetched only if their links were extracted.
        public static let utf8Next = "/utf8-next"
        public static let charsetNext = "/charset-next"
        public static let nestedNext = "/nested-next"
        public static let brotliNext = "/brotli-next"
    }

    /// Number of hops in the redirect chain (longer than any sensible max_redirects).
    public static let chainLength = 10
    /// Decoded size of the compression bombs: 128 MiB of zeros.
    public static let bombMatches = (128 << 20) / 258
    /// Nesting depth of ``Path/nested``.
    public static let nestingDepth = 100_000
    /// Size of the 100 MB pages.
    public static let hundredMBSize = 100 * 1000 * 1000

    /// Every single-URL scenario that a test seeds (redirect chain and loop by their first hop).
    public static let seedPaths: [String] = [
        Path.trickle, Path.endless, Path.gzipBomb, Path.deflateBomb, Path.brotliBomb, Path.brotliPage, Path.hugeHeaders, Path.hugeHeaderLine,
        Path.loopA, Path.chain(1), Path.toFile, Path.toFTP, Path.toGopher, Path.badChunked, Path.reset,
        Path.silent, Path.closeAfterHeaders, Path.invalidUTF8, Path.wrongCharset, Path.nested,
        Path.hundredMB, Path.hundredMBUnannounced,
    ]

    /// The route table of the per-path scenarios (robots.txt: 404). Built once; the big bodies
    /// are made here (about 3 MB in all), the 100 MB ones are streamed.
    public static let routes: [String: HostileBehavior] = makeRoutes()

    private static func makeRoutes() -> [String: HostileBehavior] {
        var routes: [String: HostileBehavior] = [:]
        let html = "text/html; charset=utf-8"

        // 1 byte per second of a 64-byte page: only the transfer timeout ends it.
        routes[Path.trickle] = .trickle(
            head: HostileResponses.head([("Content-Type", html), ("Content-Length", "64")]),
            body: Array(String(repeating: "x", count: 64).utf8), interval: .seconds(1))

        // Chunked and never finished.
        let chunk = Array("1000\r\n".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 4096) + Array("\r\n".utf8)
        routes[Path.endless] = .endless(
            head: HostileResponses.head([("Content-Type", html), ("Transfer-Encoding", "chunked")]), chunk: chunk)

        // Compression bombs: ~830 KB on the wire (under the 1 MiB cap), 128 MiB decoded.
        let gzip = HostileBomb.gzipZeros(matches: bombMatches)
        routes[Path.gzipBomb] = .raw(
            HostileResponses.head([
                ("Content-Type", html), ("Content-Encoding", "gzip"), ("Content-Length", "\(gzip.count)"),
            ]) + gzip)
        routes[Path.deflateBomb] = .raw(
            HostileResponses.head([("Content-Type", html), ("Content-Encoding", "deflate")])
                + HostileBomb.zlibZeros(matches: bombMatches))
        // Brotli: 106 bytes on the wire, 128 MiB decoded; and a page whose link must be followed.
        routes[Path.brotliBomb] = .raw(
            HostileResponses.head([
                ("Content-Type", html), ("Content-Encoding", "br"),
                ("Content-Length", "\(HostileBomb.brotliZeros.count)"),
            ]) + HostileBomb.brotliZeros)
        let brotliPage = HostileBomb.brotliStored(Array(page("Brotli page", """
            <p>Decoded from brotli.</p><p><a href="\(Path.brotliNext)">next</a></p>
            """).utf8))
        routes[Path.brotliPage] = .raw(HostileResponses.response(
            contentType: html, extraHeaders: [("Content-Encoding", "br")], body: brotliPage))
        routes[Path.brotliNext] = HostileResponses.html(page("After brotli", "<p>Reached.</p>"))

        // 1 MB of headers: 1,024 lines of 1 KiB, and one single 1 MiB line.
        let filler = String(repeating: "h", count: 1000)
        routes[Path.hugeHeaders] = .raw(
            HostileResponses.head(
                [("Content-Type", html), ("Content-Length", "2")]
                    + (0..<1024).map { ("X-Filler-\($0)", filler) }) + Array("ok".utf8))
        routes[Path.hugeHeaderLine] = .raw(
            HostileResponses.head([
                ("Content-Type", html), ("Content-Length", "2"), ("X-Huge", String(repeating: "h", count: 1 << 20)),
            ]) + Array("ok".utf8))

        // Redirects: a loop, a chain of 10, and non-HTTP schemes.
        routes[Path.loopA] = HostileResponses.redirect(to: Path.loopB)
        routes[Path.loopB] = HostileResponses.redirect(to: Path.loopA)
        for n in 1...chainLength {
            routes[Path.chain(n)] = HostileResponses.redirect(to: Path.chain(n + 1))
        }
        routes[Path.chain(chainLength + 1)] = HostileResponses.html(page("End of the chain", "<p>Reached.</p>"))
        routes[Path.toFile] = HostileResponses.redirect(to: "file:///etc/passwd")
        routes[Path.toFTP] = .dynamic { request in
            HostileResponses.redirect(to: "ftp://" + request.serverOrigin.dropFirst("http://".count) + "/pub/file.txt")
        }
        routes[Path.toGopher] = .dynamic { request in
            HostileResponses.redirect(to: "gopher://" + request.serverOrigin.dropFirst("http://".count) + "/1/")
        }

        // Transfer-level breakage.
        routes[Path.badChunked] = .raw(
            HostileResponses.head([("Content-Type", html), ("Transfer-Encoding", "chunked")])
                + Array("5\r\nhello\r\nZZZ-not-hex\r\nworld\r\n0\r\n\r\n".utf8))
        routes[Path.reset] = .reset(
            after: HostileResponses.head([("Content-Type", html), ("Content-Length", "100000")])
                + [UInt8](repeating: UInt8(ascii: "r"), count: 10_000))
        routes[Path.silent] = .silent
        routes[Path.closeAfterHeaders] = .raw(
            HostileResponses.head([("Content-Type", html), ("Content-Length", "5000")]))

        // Text that is not what it claims.
        var invalid = Array(page("Broken bytes", """
            <p>Ordinary words before the damage, enough of them to be an article paragraph that a reader \
            would keep.</p><p>Bad bytes here: 
            """).utf8)
        invalid.removeLast("</body></html>".utf8.count)
        invalid += [0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82, 0x20, 0xF0, 0x28, 0x8C, 0xBC]
        invalid += Array("""
             and intact words after the damage, still part of the same paragraph and still worth keeping.</p>\
            <p><a href="\(Path.utf8Next)">next page</a></p></body></html>
            """.utf8)
        routes[Path.invalidUTF8] = .raw(HostileResponses.response(contentType: html, body: invalid))
        // Declared UTF-8, actually Latin-1 ("caf\u{E9}" as the single byte 0xE9).
        var latin1: [UInt8] = []
        for scalar in page("Caf\u{E9} cr\u{E8}me", """
            <p>Un caf\u{E9} cr\u{E8}me et une cr\u{EA}pe, s'il vous pla\u{EE}t: the caf\u{E9} text is Latin-1 \
            but the header says UTF-8, and the words around it must survive.</p>\
            <p><a href="\(Path.charsetNext)">suite</a></p>
            """).unicodeScalars {
            latin1.append(UInt8(truncatingIfNeeded: scalar.value))
        }
        routes[Path.wrongCharset] = .raw(HostileResponses.response(contentType: html, body: latin1))
        routes[Path.utf8Next] = HostileResponses.html(page("After broken bytes", "<p>Reached.</p>"))
        routes[Path.charsetNext] = HostileResponses.html(page("Suite", "<p>Reached.</p>"))

        // 100,000 nested elements with a paragraph and a link at the bottom (700 KB: under the cap).
        var nested = "<!DOCTYPE html><html><head><title>Deep</title></head><body>"
        nested.reserveCapacity(nestingDepth * 7 + 1000)
        nested += String(repeating: "<i>", count: nestingDepth)
        nested += "<p>Deep text at the bottom of the nesting.</p><a href=\"\(Path.nestedNext)\">deeper</a>"
        nested += String(repeating: "</i>", count: nestingDepth)
        nested += "</body></html>"
        routes[Path.nested] = .raw(HostileResponses.response(contentType: html, body: Array(nested.utf8)))
        routes[Path.nestedNext] = HostileResponses.html(page("Below the depths", "<p>Reached.</p>"))

        // 100 MB pages, streamed: announced (Content-Length) and close-delimited.
        let line = Array("<p>one hundred megabytes of the same paragraph, streamed and never stored</p>\n".utf8)
        let block = Array((0..<800).map { _ in line }.joined())
        routes[Path.hundredMB] = .stream(
            head: HostileResponses.head([("Content-Type", html), ("Content-Length", "\(hundredMBSize)")]),
            chunk: block, total: hundredMBSize)
        routes[Path.hundredMBUnannounced] = .stream(
            head: HostileResponses.head([("Content-Type", html)]), chunk: block, total: hundredMBSize)

        // An index linking every scenario, for the all-in-one crawl.
        routes["/"] = HostileResponses.html(page("Hostile index", seedPaths.map { "<a href=\"\($0)\">\($0)</a>" }.joined(separator: " ")))
        return routes
    }

    // MARK: Whole-host scenarios

    /// A robots.txt of `size` bytes (> max_body_bytes): real rules first, then comment padding.
    /// `/private/` is disallowed; `/` and `/public` exist.
    public static func hugeRobotsRoutes(size: Int = 2 << 20) -> [String: HostileBehavior] {
        var body = Array("User-agent: *\nDisallow: /private/\n\n".utf8)
        let padding = Array("# padding padding padding padding padding padding padding padding\n".utf8)
        while body.count + padding.count <= size { body += padding }
        return robotsHostPages().merging([
            "/robots.txt": .stream(
                head: HostileResponses.head([("Content-Type", "text/plain"), ("Content-Length", "\(body.count)")]),
                chunk: body, total: body.count),
        ]) { $1 }
    }

    /// A robots.txt answered with an HTML page (a CMS's "page not found" page served with 200).
    public static func htmlRobotsRoutes() -> [String: HostileBehavior] {
        robotsHostPages().merging([
            "/robots.txt": HostileResponses.html(page("Welcome", """
                <p>Disallow: this is not a rule, just prose in a paragraph.</p>\
                <script>var Disallow = "/";</script>
                """)),
        ]) { $1 }
    }

    /// `/`, `/public`, `/private/secret`: what a robots host serves besides robots.txt.
    static func robotsHostPages() -> [String: HostileBehavior] {
        [
            "/": HostileResponses.html(page("Robots host", """
                <p><a href="/public">public</a> <a href="/private/secret">private</a></p>
                """)),
            "/public": HostileResponses.html(page("Public", "<p>Public page.</p>")),
            "/private/secret": HostileResponses.html(page("Private", "<p>Private page.</p>")),
        ]
    }

    /// A host answering 429 to everything but robots.txt (which is 404), with `Retry-After`.
    public static func tooManyRequestsRoutes(retryAfter: String?, robotsToo: Bool = false) -> HostileBehavior {
        .dynamic { request in
            if request.target == "/robots.txt", !robotsToo { return HostileResponses.notFound }
            return .raw(HostileResponses.response(
                status: 429, reason: "Too Many Requests", contentType: "text/plain",
                extraHeaders: retryAfter.map { [("Retry-After", $0)] } ?? [],
                body: Array("slow down\n".utf8)))
        }
    }

    /// A small well-formed page.
    public static func page(_ title: String, _ body: String) -> String {
        "<!DOCTYPE html><html><head><title>\(title)</title></head><body><h1>\(title)</h1>\(body)</body></html>"
    }
}
