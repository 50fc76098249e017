import Foundation

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
            let chars = blocks.reduce(0) { $0 + TextUtil.characterCount($1) }
            if best == nil || chars > best!.chars { best = (blocks, chars) }
            if chars >= minimumChars { break }
        }
        return best?.blocks ?? []
    }

    /// Splits plain text (JSON-LD articleBody) into paragraphs on line breaks; HTML tags that
    /// some publishers leave in it are removed.
    static func paragraphs(fromPlainText text: String) -> [String] {
        var cleaned = ""
        var inTag = false
        for ch in text {
            if ch == "<" { inTag = true; continue }
            if ch == ">" && inTag { inTag = false; cleaned.append(" "); continue }
            if !inTag { cleaned.append(ch) }
        }
        return cleaned.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { TextUtil.collapse(String($0)) }
            .filter { !$0.isEmpty }
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
        var words = 0
        var inWord = false
        for u in block.utf8 {
            let space = u == 0x20 || u == 0x0A || u == 0x09
            if !space && !inWord { words += 1; if words > 40 { return false } }
            inWord = !space
        }
        if words == 0 { return true }
        if words <= 4 && (block.hasSuffix(":") || block.hasSuffix("…")) { return true }
        let lower = Array(block.lowercased().utf8)
        for p in phraseBytes where Charset.find(p, in: lower, from: 0) != nil { return true }
        return false
    }

    static let phraseBytes: [[UInt8]] = phrases.map { Array($0.utf8) }

    /// Labels that mark advertising slots.
    static let adLabels: Set<String> = [
        "advertisement", "advertising", "ad", "ads", "sponsored", "sponsored content", "anzeige", "werbung",
        "publicité", "publicidad", "pubblicità", "reklama", "реклама", "skip advertisement",
    ]

    static func isAdLabel(_ block: String) -> Bool {
        if block.utf8.count > 60 { return false }
        return adLabels.contains(adLabelKey(block))
    }

    /// The block lower-cased, with only its letters and spaces, trimmed of spaces: what is
    /// looked up in ``adLabels``. Bytewise for ASCII (where letters are `a-z` once lower-cased),
    /// the Character and Foundation path otherwise; every short block of every page is checked.
    static func adLabelKey(_ block: String) -> String {
        guard block.utf8.allSatisfy({ $0 < 0x80 }) else {
            return block.lowercased().filter { $0.isLetter || $0 == " " }.trimmingCharacters(in: .whitespaces)
        }
        var kept: [UInt8] = []
        kept.reserveCapacity(block.utf8.count)
        for byte in block.utf8 {
            let lower = byte &- 0x41 < 26 ? byte | 0x20 : byte
            if lower &- 0x61 < 26 || (lower == 0x20 && !kept.isEmpty) { kept.append(lower) }
        }
        while kept.last == 0x20 { kept.removeLast() }
        return String(decoding: kept, as: UTF8.self)
    }

    /// Drops ad labels anywhere, and boilerplate blocks from the end of the article.
    static func trimEdges(_ blocks: inout [String]) {
        blocks.removeAll(where: isAdLabel)
        while let last = blocks.last, blocks.count > 1, isBoilerplate(last) { blocks.removeLast() }
    }
}
