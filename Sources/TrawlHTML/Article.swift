/// The main article of a page: metadata plus the body as plain text.
public struct Article: Sendable, Codable, Equatable {
    /// Headline (JSON-LD headline, og:title, `<title>` minus the site name, or the `<h1>`).
    public var title: String?
    /// Author name(s) as written on the page.
    public var byline: String?
    /// Publication date, ISO 8601 (date or date-time).
    public var published: String?
    /// Language tag of the page (`<html lang>` and fallbacks).
    public var language: String?
    /// The site's name (og:site_name and fallbacks).
    public var siteName: String?
    /// The canonical URL (`<link rel=canonical>` or og:url), absolute when a page URL is known.
    public var canonicalURL: String?
    /// Body text: paragraphs separated by a blank line; list items and headings on their own
    /// lines. Empty when the page has no article (for example a navigation-only page).
    public var text: String
    /// Number of words (runs of letters and digits) in `text`.
    public var wordCount: Int

    public init(title: String? = nil, byline: String? = nil, published: String? = nil,
                language: String? = nil, siteName: String? = nil, canonicalURL: String? = nil,
                text: String = "", wordCount: Int? = nil) {
        self.title = title
        self.byline = byline
        self.published = published
        self.language = language
        self.siteName = siteName
        self.canonicalURL = canonicalURL
        self.text = text
        self.wordCount = wordCount ?? Article.countWords(text)
    }

    enum CodingKeys: String, CodingKey {
        case title, byline, published, language
        case siteName = "site_name"
        case canonicalURL = "canonical_url"
        case text
        case wordCount = "word_count"
    }

    public func encode(to encoder: Encoder) throws {
        // Keys are always present (null when unknown), so consumers see a fixed shape.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(title, forKey: .title)
        try c.encode(byline, forKey: .byline)
        try c.encode(published, forKey: .published)
        try c.encode(language, forKey: .language)
        try c.encode(siteName, forKey: .siteName)
        try c.encode(canonicalURL, forKey: .canonicalURL)
        try c.encode(text, forKey: .text)
        try c.encode(wordCount, forKey: .wordCount)
    }

    /// Counts runs of letters and digits (the `\w+` notion of a word).
    ///
    /// Walks the UTF-8 bytes: ASCII is classified bytewise, and only a non-ASCII scalar is
    /// decoded and looked up in the Unicode properties (iterating `unicodeScalars` decoded every
    /// character of every article, ~2% of a crawl's CPU).
    public static func countWords(_ text: String) -> Int {
        var text = text
        text.makeContiguousUTF8()  // no-op for native strings
        return text.utf8.withContiguousStorageIfAvailable { countWords(utf8: $0) }
            ?? Array(text.utf8).withUnsafeBufferPointer { countWords(utf8: $0) }
    }

    /// ``countWords(_:)`` over valid UTF-8 (a `String`'s bytes).
    ///
    /// ASCII bytes are classified without a branch, eight at a time where eight in a row are
    /// ASCII (else one at a time, a bit of two 64-bit masks), and a word is counted where a word
    /// byte follows a non-word one, so the word boundaries of ordinary text cost no mispredicted
    /// branches (the branchy loop was 1.7% of a crawl's CPU; one byte at a time, 0.9%).
    static func countWords(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        var previous: UInt64 = 0  // 1 when the last byte or scalar was part of a word
        var i = 0
        let count = bytes.count
        while i < count {
            // Eight ASCII bytes at once (``asciiWordStarts(_:afterWord:)``): most of an article.
            if i + 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self))
                if word & PlainTextRun.highBits == 0 {
                    let (starts, last) = asciiWordStarts(word, afterWord: previous)
                    n &+= starts
                    previous = last
                    i += 8
                    continue
                }
            }
            let b = bytes[i]
            if b < 0x80 {
                let mask = b & 0x40 == 0 ? asciiWordBytesLow : asciiWordBytesHigh
                let w = (mask >> UInt64(b & 0x3F)) & 1
                n &+= Int(truncatingIfNeeded: w & ~previous)
                previous = w
                i += 1
                continue
            }
            // A lead byte: 110xxxxx, 1110xxxx or 11110xxx, then 10xxxxxx continuation bytes.
            let length = b < 0xE0 ? 2 : (b < 0xF0 ? 3 : 4)
            var v = UInt32(b) & (b < 0xE0 ? 0x1F : (b < 0xF0 ? 0x0F : 0x07))
            var k = 1
            while k < length, i + k < count {
                v = v << 6 | UInt32(bytes[i + k] & 0x3F)
                k += 1
            }
            i += length
            let w = Unicode.Scalar(v).map { $0.properties.isAlphabetic || $0.properties.numericType != nil } ?? false
            if w && previous == 0 { n += 1 }
            previous = w ? 1 : 0
        }
        return n
    }

    /// The words that start among eight ASCII bytes (`word`, byte 0 first, every high bit clear)
    /// and whether the last of them is a word byte (1 or 0), given whether the byte before them
    /// was part of a word (`afterWord`, 1 or 0). Each byte is classified by carry-free byte-lane
    /// arithmetic, so a block of text costs a couple of dozen word operations and no branch.
    @inline(__always)
    static func asciiWordStarts(_ word: UInt64, afterWord: UInt64) -> (starts: Int, last: UInt64) {
        let letters = word | 0x2020_2020_2020_2020  // A-Z onto a-z; no other byte lands in a-z
        let isWord = (PlainTextRun.bytes(of: word, atLeast: 0x30) & ~PlainTextRun.bytes(of: word, atLeast: 0x3A))
            | (PlainTextRun.bytes(of: letters, atLeast: 0x61) & ~PlainTextRun.bytes(of: letters, atLeast: 0x7B))
            | PlainTextRun.bytes(of: word, equalTo: UInt8(ascii: "_"))
        let starts = isWord & ~((isWord << 8) | (afterWord << 7))
        return (starts.nonzeroBitCount, isWord >> 63)
    }

    /// Word bytes (`[0-9A-Za-z_]`) among 0x00–0x3F (bit b for byte b: the digits) and among
    /// 0x40–0x7F (bit b for byte 0x40 + b: `A-Z`, `_`, `a-z`).
    private static let asciiWordBytesLow: UInt64 = 0x03FF << 0x30
    private static let asciiWordBytesHigh: UInt64 = (0x03FF_FFFF << 0x01) | (1 << 0x1F) | (0x03FF_FFFF << 0x21)
}

/// Convenience entry point: parse and extract in one call.
public enum ArticleExtractor {
    /// Pages larger than this (16 MiB) are truncated before parsing. Working memory is a
    /// small multiple of the page size (libxml2 tree plus the compact copy), so this bounds it.
    public static let maximumInputBytes = 16 << 20

    /// Parses `bytes` (charset from BOM, `contentType`, `<meta>`, else UTF-8) and extracts the
    /// article. Never fails: unparseable input yields an empty article.
    public static func extract(bytes: [UInt8], url: String? = nil, contentType: String? = nil) -> Article {
        // Memory per page is bounded: beyond this size only the beginning is read.
        let input = bytes.count > maximumInputBytes ? Array(bytes.prefix(maximumInputBytes)) : bytes
        guard let doc = try? HTMLDocument(bytes: input, contentType: contentType) else { return Article() }
        return doc.article(url: url)
    }
}

extension HTMLDocument {
    /// Extracts the main article: metadata (title, byline, date, language, site name,
    /// canonical URL) and the body text. `url` is the page's URL, used to resolve the
    /// canonical URL and as date evidence.
    public func article(url: String? = nil) -> Article {
        let tree = ArticleTree(document: self)
        let meta = MetadataResolver.resolve(tree: tree, url: url)
        var blocks = BodyExtractor.extract(tree: tree, title: meta.title)
        // JSON-LD articleBody is evidence, not truth: used only when the page's own markup
        // yields far less text than the publisher says the article has (e.g. script-rendered bodies).
        if let body = meta.jsonLD?.articleBody {
            let domWords = blocks.reduce(0) { $0 + Article.countWords($1) }
            // Cheap upper bound first: a word takes at least two bytes with its separator.
            if Double(domWords) < 0.3 * Double(body.utf8.count / 2) {
                let ldBlocks = BodyExtractor.paragraphs(fromPlainText: body)
                let ldWords = ldBlocks.reduce(0) { $0 + Article.countWords($1) }
                if ldWords >= 50 && Double(domWords) < 0.3 * Double(ldWords) { blocks = ldBlocks }
            }
        }
        let text = TextUtil.joinedParagraphs(blocks)
        return Article(title: meta.title, byline: meta.byline, published: meta.published,
                       language: meta.language, siteName: meta.siteName, canonicalURL: meta.canonicalURL,
                       text: text)
    }
}
