/// Why a body could not be read as a feed; each message names the feed's URL.
public enum FeedError: Error, Sendable, Equatable, CustomStringConvertible {
    /// XML whose root element is not `rss`, `rdf:RDF` or `feed` (an HTML page, a sitemap, …).
    case notFeed(url: String, root: String)
    /// Not XML the reader could start on (empty, binary, broken before the root element).
    case malformed(url: String, reason: String)

    public var description: String {
        switch self {
        case .notFeed(let url, let root): "\(url): root element <\(root)> is not <rss>, <rdf:RDF> or <feed>"
        case .malformed(let url, let reason): "\(url): not a readable RSS/Atom feed (\(reason))"
        }
    }
}
