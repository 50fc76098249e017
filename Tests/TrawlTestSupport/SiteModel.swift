/// Which server of a running ``TestSiteServers`` an absolute link points at.
enum SiteHost: Hashable, Sendable {
    case site(Int)
    case outside
}

/// The text of an `href`, which may need the servers' origins (known only after binding).
enum HrefSpec: Hashable, Sendable {
    /// Text that does not depend on any origin (relative links, `mailto:`, `#frag`, …).
    case literal(String)
    /// The origin of a host followed by `rest` (`""` or starting with `/`).
    case absolute(SiteHost, String)

    func render(_ origins: SiteOrigins) -> String {
        switch self {
        case .literal(let text): text
        case .absolute(let host, let rest): origins.origin(of: host) + rest
        }
    }
}

/// The origins of the running servers of a site.
struct SiteOrigins: Sendable {
    var site: [String]
    var outside: String

    func origin(of host: SiteHost) -> String {
        switch host {
        case .site(let index): site[index]
        case .outside: outside
        }
    }
}

struct PageLink: Hashable, Sendable {
    var text: String
    var href: HrefSpec
}

/// One generated HTML page. Rendering depends only on the model and the origins, never on the
/// page's own URL, so two paths holding the same model serve byte-identical bodies.
struct PageModel: Hashable, Sendable {
    var title: String
    var base: HrefSpec?
    var paragraphs: [String]
    var links: [PageLink]

    func render(_ origins: SiteOrigins) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<title>\(Self.escape(title))</title>\n"
        if let base {
            html += "<base href=\"\(Self.escape(base.render(origins)))\">\n"
        }
        html += "</head>\n<body>\n<h1 id=\"top\">\(Self.escape(title))</h1>\n<main id=\"main\">\n"
        for paragraph in paragraphs {
            html += "<p>\(Self.escape(paragraph))</p>\n"
        }
        html += "</main>\n<nav>\n<ul>\n"
        for link in links {
            html += "<li><a href=\"\(Self.escape(link.href.render(origins)))\">\(Self.escape(link.text))</a></li>\n"
        }
        html += "</ul>\n</nav>\n<footer><p id=\"comments\">Comments are closed.</p></footer>\n</body>\n</html>\n"
        return html
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}

/// What a site host serves at one request-target.
enum SiteResource: Hashable, Sendable {
    case page(PageModel)
    case redirect(HrefSpec, status: Int)
}

/// A small deterministic PRNG (SplitMix64): tests that draw random inputs stay reproducible
/// from their seed.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `range` (which must not be empty).
    public mutating func int(in range: Range<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    public mutating func int(in range: ClosedRange<Int>) -> Int {
        int(in: range.lowerBound..<(range.upperBound + 1))
    }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool {
        next() % 100 < UInt64(percent)
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[int(in: 0..<items.count)]
    }

    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var items = items
        if items.count > 1 {
            for i in stride(from: items.count - 1, to: 0, by: -1) {
                items.swapAt(i, int(in: 0...i))
            }
        }
        return items
    }
}
