/// Finds the main content of an `ArticleTree` by text density and structure, in the
/// Readability tradition: paragraphs score their ancestors (more for long, comma-rich
/// text), scores are discounted by link density and adjusted by class-name evidence, the
/// best-scoring container wins and related siblings are merged in.
struct ContentScorer {
    struct Flags: OptionSet {
        let rawValue: UInt8
        /// Drop elements whose class/id/role names look like page chrome before scoring.
        static let stripUnlikely = Flags(rawValue: 1)
        /// Use class-name weights in scores and cleaning.
        static let weightClasses = Flags(rawValue: 2)
        /// Remove link-dense and list-heavy blocks inside the chosen content.
        static let cleanConditionally = Flags(rawValue: 4)
        static let all: Flags = [.stripUnlikely, .weightClasses, .cleanConditionally]
    }

    let tree: ArticleTree
    let flags: Flags
    /// Nodes removed (whole subtrees) before or after scoring.
    var removed: [Bool]
    var agg: Aggregates

    init(tree: ArticleTree, flags: Flags, title: String?) {
        self.tree = tree
        self.flags = flags
        self.removed = [Bool](repeating: false, count: tree.count)
        self.agg = Aggregates(count: tree.count)
        markInitialRemovals(title: title)
        agg.compute(tree, removed: removed)
    }

    static let unlikelyRoles: Set<String> = [
        "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog",
    ]

    /// Removals before scoring: navigation, unlikely candidates, bylines, title duplicates.
    mutating func markInitialRemovals(title: String?) {
        let titleTokens = title.map(TextSimilarity.tokens)
        var inTableOrCode = [Bool](repeating: false, count: tree.count)
        var titleHeadingRemoved = false
        for i in 0..<tree.count {
            let p = Int(tree.parent[i])
            if p >= 0 {
                if removed[p] { removed[i] = true; continue }
                inTableOrCode[i] = inTableOrCode[p] || tree.tag[p] == .table || tree.tag[p] == .code
            }
            let t = tree.tag[i]
            if t == .text { continue }
            if t == .nav { removed[i] = true; continue }
            if t == .iframe || t == .embed || t == .object { continue }
            if flags.contains(.stripUnlikely) {
                let s = tree.signals[i]
                if t != .body && t != .a && t != .html && t != .article && t != .main && !inTableOrCode[i],
                   s.contains(.unlikely) && !s.contains(.maybe) {
                    removed[i] = true; continue
                }
                if let r = tree.role[Int32(i)], ContentScorer.unlikelyRoles.contains(r) {
                    removed[i] = true; continue
                }
                if t == .aside || t == .footer { removed[i] = true; continue }
            }
            // Bylines are metadata, not body text.
            if tree.signals[i].contains(.byline) || tree.relAuthor.contains(Int32(i))
                || (tree.itemprop[Int32(i)]?.contains("author") ?? false) {
                let text = tree.innerText(i)
                if !text.isEmpty && text.count < 100 && !containsParagraph(i) { removed[i] = true; continue }
            }
            // The headline repeated at the top of the body.
            if !titleHeadingRemoved, let tt = titleTokens, t == .h1 || t == .h2 {
                let h = TextSimilarity.tokens(tree.innerText(i))
                if TextSimilarity.similarity(tt, h) > 0.75 {
                    removed[i] = true
                    titleHeadingRemoved = true
                    continue
                }
            }
        }
    }

    func containsParagraph(_ i: Int) -> Bool {
        for k in (i + 1)..<Int(tree.end[i]) where tree.tag[k] == .p { return true }
        return false
    }

    // MARK: Scoring

    /// Picks the content root(s): the top candidate and merged siblings, in document order.
    /// Returns nil when nothing scored (the caller then uses the whole body).
    mutating func selectContent() -> [Int] {
        let n = tree.count
        var score = [Float](repeating: 0, count: n)
        var isCandidate = [Bool](repeating: false, count: n)
        var candidates: [Int] = []

        func initialize(_ a: Int) {
            if isCandidate[a] { return }
            isCandidate[a] = true
            candidates.append(a)
            var s: Float = 0
            switch tree.tag[a] {
            case .div, .article, .main: s = 5
            case .pre, .td, .blockquote: s = 3
            case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: s = -3
            case .h1, .h2, .h3, .h4, .h5, .h6, .th: s = -5
            default: s = 0
            }
            if flags.contains(.weightClasses) { s += Float(tree.classWeight[a]) }
            score[a] = s
        }

        func addScore(from paragraphParent: Int, len: Int, commas: Int) {
            let contentScore = Float(1 + commas + 1 + min(len / 100, 3))
            var a = paragraphParent
            var level = 0
            while a >= 0 && level < 5 {
                if tree.tag[a] == .html { break }
                initialize(a)
                let divider: Float = level == 0 ? 1 : (level == 1 ? 2 : Float(level * 3))
                score[a] += contentScore / divider
                a = Int(tree.parent[a])
                level += 1
            }
        }

        for i in 0..<n where !removed[i] {
            let t = tree.tag[i]
            if t == .text { continue }
            let scorable: Bool
            switch t {
            case .p, .pre, .td, .h2, .h3, .h4, .h5, .h6: scorable = true
            case .div, .article, .section, .main, .center, .other, .span, .font, .blockquote:
                scorable = !agg.hasBlock[i] && t != .span && t != .other && t != .font
            default: scorable = false
            }
            if scorable {
                let len = Int(agg.textLen[i])
                if len >= 25, tree.parent[i] >= 0 {
                    addScore(from: Int(tree.parent[i]), len: len, commas: Int(agg.commas[i]))
                }
            } else if agg.hasBlock[i], t.isBlock || t == .other {
                // Loose text next to blocks forms implicit paragraphs of this element.
                let loose = Int(agg.looseLen[i])
                if loose >= 25 { addScore(from: i, len: loose, commas: Int(agg.looseCommas[i])) }
            }
        }

        // Discount by link density.
        for c in candidates { score[c] *= (1 - agg.linkDensity(c)) }

        let bodyIndex = tree.tag.firstIndex(of: .body) ?? 0
        guard var top = candidates.max(by: { score[$0] < score[$1] }), tree.tag[top] != .body else {
            return [bodyIndex]
        }
        let topScore = score[top]

        // Several near-top candidates under one ancestor: use that ancestor.
        let tops = candidates.sorted { score[$0] > score[$1] }.prefix(5)
        let close = tops.dropFirst().filter { score[$0] / max(topScore, 0.0001) >= 0.75 }
        if close.count >= 3 {
            var p = Int(tree.parent[top])
            while p >= 0 && tree.tag[p] != .body {
                let contained = close.filter { $0 > p && $0 < Int(tree.end[p]) }.count
                if contained >= 3 { top = p; break }
                p = Int(tree.parent[p])
            }
            if !isCandidate[top] { initialize(top) }
        }

        // Climb while the parent keeps a comparable score.
        var lastScore = score[top]
        let threshold = lastScore / 3
        var p = Int(tree.parent[top])
        while p >= 0 && tree.tag[p] != .body {
            if !isCandidate[p] { p = Int(tree.parent[p]); continue }
            let ps = score[p]
            if ps < threshold { break }
            if ps > lastScore { top = p; break }
            lastScore = ps
            p = Int(tree.parent[p])
        }

        // Rows and row groups are parts of a table, never an article on their own; a data
        // table sits inside the article rather than being it.
        while [.tr, .tbody, .thead, .tfoot, .table].contains(tree.tag[top]) {
            let par = Int(tree.parent[top])
            if par < 0 || tree.tag[par] == .body || tree.tag[par] == .html { break }
            top = par
        }

        // An only child stands for its parent.
        while true {
            let par = Int(tree.parent[top])
            if par < 0 || tree.tag[par] == .body || tree.tag[par] == .html { break }
            var elementChildren = 0
            tree.forEachChild(par) { c in if tree.tag[c] != .text && !removed[c] { elementChildren += 1 } }
            if elementChildren != 1 { break }
            top = par
        }

        // Merge siblings that look like more of the same article.
        let finalTop = top
        let topFinalScore = score[finalTop]
        let siblingThreshold = max(10, topFinalScore * 0.2)
        let par = Int(tree.parent[finalTop])
        if par < 0 { return [finalTop] }
        var result: [Int] = []
        tree.forEachChild(par) { s in
            if removed[s] || tree.tag[s] == .text { return }
            if s == finalTop { result.append(s); return }
            if isCandidate[s] && score[s] >= siblingThreshold { result.append(s); return }
            // A sibling holding several prose paragraphs continues the article (sections,
            // blocks split by figures or ads), even when its paragraphs sit too deep to score it.
            if agg.pCount[s] >= 3 && agg.textLen[s] >= 400 && agg.linkDensity(s) < 0.2 && agg.linkedHeadings[s] < 2 {
                result.append(s); return
            }
            if tree.tag[s] == .p {
                let ld = agg.linkDensity(s)
                let len = Int(agg.textLen[s])
                if len > 80 && ld < 0.25 { result.append(s); return }
                if len > 0 && len < 80 && ld == 0 && endsSentence(s) { result.append(s) }
            }
        }
        return result
    }

    func endsSentence(_ i: Int) -> Bool {
        let t = tree.innerText(i)
        return t.hasSuffix(".") || t.contains(". ")
    }
}

/// Per-node subtree totals, recomputed after removals.
struct Aggregates {
    var textLen: [Int32]
    var linkLen: [Int32]
    var commas: [Int32]
    var hasBlock: [Bool]
    var looseLen: [Int32]
    var looseCommas: [Int32]
    var pCount: [Int32]
    var imgCount: [Int32]
    var liCount: [Int32]
    var liTextLen: [Int32]
    var headingLen: [Int32]
    var anchorCount: [Int32]
    /// Headings that contain a link (teaser lists are made of them).
    var linkedHeadings: [Int32]

    init(count n: Int) {
        textLen = [Int32](repeating: 0, count: n)
        linkLen = textLen; commas = textLen; looseLen = textLen; looseCommas = textLen
        pCount = textLen; imgCount = textLen; liCount = textLen; liTextLen = textLen; headingLen = textLen; anchorCount = textLen; linkedHeadings = textLen
        hasBlock = [Bool](repeating: false, count: n)
    }

    mutating func compute(_ tree: ArticleTree, removed: [Bool]) {
        let n = tree.count
        for i in 0..<n {
            textLen[i] = 0; linkLen[i] = 0; commas[i] = 0; hasBlock[i] = false; looseLen[i] = 0
            looseCommas[i] = 0; pCount[i] = 0; imgCount[i] = 0; liCount[i] = 0; liTextLen[i] = 0; headingLen[i] = 0; anchorCount[i] = 0; linkedHeadings[i] = 0
        }
        var i = n - 1
        while i >= 0 {
            defer { i -= 1 }
            if removed[i] { continue }
            let t = tree.tag[i]
            if t == .text {
                textLen[i] = tree.chars[i]
                commas[i] = tree.commas[i]
            } else {
                if t == .a { linkLen[i] = textLen[i]; anchorCount[i] += 1 }
                if t == .p { pCount[i] += 1 }
                if t == .img { imgCount[i] += 1 }
                if t == .li { liCount[i] += 1; liTextLen[i] = textLen[i] }
                if t.isHeading { headingLen[i] = textLen[i]; if anchorCount[i] > 0 { linkedHeadings[i] += 1 } }
            }
            let p = Int(tree.parent[i])
            if p < 0 { continue }
            textLen[p] += textLen[i]
            linkLen[p] += linkLen[i]
            commas[p] += commas[i]
            pCount[p] += pCount[i]
            imgCount[p] += imgCount[i]
            liCount[p] += liCount[i]
            liTextLen[p] += liTextLen[i]
            headingLen[p] += headingLen[i]
            anchorCount[p] += anchorCount[i]
            linkedHeadings[p] += linkedHeadings[i]
            if t.breaksParagraph || hasBlock[i] { hasBlock[p] = true }
            if t == .text || !t.breaksParagraph {
                looseLen[p] += textLen[i]
                looseCommas[p] += commas[i]
            }
        }
    }

    @inline(__always)
    func linkDensity(_ i: Int) -> Float {
        let t = textLen[i]
        return t > 0 ? Float(linkLen[i]) / Float(t) : 0
    }
}

/// Readability's token-overlap similarity (used to spot the headline repeated in the body).
enum TextSimilarity {
    /// The lower-cased runs of letters and numbers of `s`.
    static func tokens(_ s: String) -> [String] {
        asciiTokens(s) ?? s.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// ``tokens(_:)`` of an all-ASCII text, bytewise (for ASCII, `isLetter || isNumber` is
    /// exactly `[A-Za-z0-9]` and lower-casing is per byte); nil when `s` has a non-ASCII byte.
    /// Headings and titles are compared on every page: the Character path was half a percent
    /// of a crawl's CPU.
    private static func asciiTokens(_ s: String) -> [String]? {
        var tokens: [String] = []
        var word: [UInt8] = []
        for byte in s.utf8 {
            guard byte < 0x80 else { return nil }
            if byte &- 0x30 < 10 || (byte | 0x20) &- 0x61 < 26 {
                word.append(byte &- 0x41 < 26 ? byte | 0x20 : byte)
            } else if !word.isEmpty {
                tokens.append(String(decoding: word, as: UTF8.self))
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { tokens.append(String(decoding: word, as: UTF8.self)) }
        return tokens
    }

    /// 1 - (length of b's tokens missing from a) / (length of all b's tokens).
    static func similarity(_ a: [String], _ b: [String]) -> Double {
        if a.isEmpty || b.isEmpty { return 0 }
        let setA = Set(a)
        let uniqB = b.filter { !setA.contains($0) }
        let total = joinedLength(b)
        if total == 0 { return 0 }
        return 1 - Double(joinedLength(uniqB)) / Double(total)
    }

    /// `tokens.joined(separator: " ").count` without joining: tokens hold letters and digits
    /// only, so no grapheme cluster spans a separator and the counts add up.
    private static func joinedLength(_ tokens: [String]) -> Int {
        tokens.reduce(max(tokens.count - 1, 0)) { $0 + TextUtil.characterCount($1) }
    }
}
