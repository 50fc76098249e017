/// Why a body could not be read as a sitemap; each message names the sitemap's URL.
public enum SitemapError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Well-formed enough to start, but the root element is neither `urlset` nor `sitemapindex`.
    case notSitemap(url: String, root: String)
    /// Not XML the reader could start on (empty, binary, broken before the root element).
    case malformed(url: String, reason: String)
    /// The gzip stream inflates past the cap.
    case tooLarge(url: String, limit: Int)
    /// A gzip-compressed body that does not inflate.
    case corruptGzip(url: String, reason: String)

    public var description: String {
        switch self {
        case .notSitemap(let url, let root): "\(url): root element <\(root)> is not <urlset> or <sitemapindex>"
        case .malformed(let url, let reason): "\(url): not a readable XML sitemap (\(reason))"
        case .tooLarge(let url, let limit): "\(url): gzip sitemap inflates past \(limit) bytes"
        case .corruptGzip(let url, let reason): "\(url): gzip sitemap does not inflate (\(reason))"
        }
    }
}
