/// Runs content scoring, cleaning and text assembly, retrying with looser rules when the
/// strict pass finds too little text (as Readability does), then trims trailing
/// calls to action.
enum BodyExtractor {
    /// Below this many characters a result is considered a miss and looser rules are tried.
    static let minimumChars = 500

    static func extract(tree: ArticleTree, title: String?) -> [String] {
        guard tree.count > 0 else { return [] }
        let attempts: [ContentScorer.Flags] = [
            .all, [.weightClasses, .cleanConditionally], [.cleanConditionally], [],
        ]
        var best: (blocks: [String], chars: Int)? = nil
        for flags in attempts {
            var scorer = ContentScorer(tree: tree, flags: flags, title: title)
            let roots = scorer.selectContent()
            scorer.clean(roots: roots)
            if isNavigation(scorer, roots: roots) {
                if best == nil { best = ([], 0) }
                continue
            }
            var blocks = TextAssembler.blocks(tree: tree, roots: roots, removed: scorer.removed)
            Boilerplate.trimEdges(&blocks)
            let chars = blocks.reduce(0) { $0 + $1.count }
            if best == nil || chars > best!.chars { best = (blocks, chars) }
            if chars >= minimumChars { break }
        }
        return best?.blocks ?? []
    }

    /// True when what's left is mostly the text of several links: a navigation or index
    /// page, not an article.
    static func isNavigation(_ s: ContentScorer, roots: [Int]) -> Bool {
        var text: Int32 = 0, links: Int32 = 0, anchors: Int32 = 0
        for r in roots where !s.removed[r] {
            text += s.agg.textLen[r]; links += s.agg.linkLen[r]; anchors += s.agg.anchorCount[r]
        }
        return anchors >= 5 && text > 0 && Double(links) / Double(text) > 0.5
    }
}

/// Recognizes boilerplate text blocks at the edges of the article: newsletter and
/// subscription prompts, "Also read:"-style labels, share and follow prompts.
enum Boilerplate {
    static let phrases = [
        "newsletter", "subscribe", "sign up", "signup", "follow us", "share this", "click here",
        "also read", "read more", "related:", "related articles", "related stories", "recommended",
        "all rights reserved", "copyright ©", "advertisement", "you may also like", "more from",
    ]

    static func isBoilerplate(_ block: String) -> Bool {
        let words = block.split(whereSeparator: { $0 == " " || $0 == "\n" }).count
        if words == 0 { return true }
        let lower = block.lowercased()
        if words <= 40 && phrases.contains(where: { lower.contains($0) }) { return true }
        if words <= 4 && (block.hasSuffix(":") || block.hasSuffix("…")) { return true }
        return false
    }

    /// Drops boilerplate blocks from the end of the article.
    static func trimEdges(_ blocks: inout [String]) {
        while let last = blocks.last, blocks.count > 1, isBoilerplate(last) { blocks.removeLast() }
    }
}
