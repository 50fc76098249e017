/// Cleans the chosen content (Readability's "prepArticle" step): drops share widgets,
/// negatively named headers, footers and asides, and — conditionally — tables, lists and
/// divs that are link-dense, image-heavy or too short to be prose.
extension ContentScorer {
    mutating func clean(roots: [Int]) {
        // Unconditional removals.
        for r in roots {
            for i in r..<Int(tree.end[r]) where !removed[i] {
                let t = tree.tag[i]
                if t == .text { continue }
                if t == .footer || t == .aside || t == .iframe || t == .embed || t == .object {
                    remove(i); continue
                }
                let s = tree.signals[i]
                if s.contains(.share) && agg.textLen[i] < 500 && i != r { remove(i); continue }
                // Ads, related posts, newsletter boxes: short blocks with telling names.
                if s.contains(.boilerplate) && agg.textLen[i] < 1000 && i != r { remove(i); continue }
                if flags.contains(.weightClasses), t == .h1 || t == .h2, tree.classWeight[i] < 0 {
                    remove(i); continue
                }
            }
        }
        guard flags.contains(.cleanConditionally) else { return }
        agg.compute(tree, removed: removed)
        let passes: [[Tag]] = [[.form, .fieldset], [.table], [.ul, .ol], [.div, .section]]
        let dataTables = markDataTables(roots)
        for tags in passes {
            var changed = false
            for r in roots {
                for i in r..<Int(tree.end[r]) where !removed[i] && tags.contains(tree.tag[i]) {
                    if shouldRemoveConditionally(i, dataTables: dataTables) { remove(i); changed = true }
                }
            }
            if changed { agg.compute(tree, removed: removed) }
        }
        removeTrailingLinkLists(roots: roots)
    }

    /// Lists made only of links after the last prose paragraph are "read more" / related
    /// links, not part of the article (in the middle of an article such lists are content).
    mutating func removeTrailingLinkLists(roots: [Int]) {
        var lastProse = -1
        search: for r in roots.reversed() {
            for i in stride(from: Int(tree.end[r]) - 1, through: r, by: -1) where !removed[i] && tree.tag[i] == .p {
                if agg.textLen[i] >= 80 && agg.linkDensity(i) < 0.5 && !Boilerplate.isBoilerplate(tree.innerText(i)) {
                    lastProse = i
                    break search
                }
            }
        }
        guard lastProse >= 0 else { return }
        var changed = false
        for r in roots {
            for i in r..<Int(tree.end[r]) where i > lastProse && !removed[i] {
                let t = tree.tag[i]
                guard t == .ul || t == .ol else { continue }
                if agg.linkDensity(i) > 0.8 && agg.textLen[i] < 1000 { remove(i); changed = true }
            }
        }
        if changed { agg.compute(tree, removed: removed) }
    }

    mutating func remove(_ i: Int) {
        for k in i..<Int(tree.end[i]) { removed[k] = true }
    }

    /// Tables that hold data (headers, captions, many cells) rather than page layout.
    func markDataTables(_ roots: [Int]) -> Set<Int> {
        var result: Set<Int> = []
        for r in roots {
            for i in r..<Int(tree.end[r]) where tree.tag[i] == .table {
                if tree.role[Int32(i)] == "presentation" { continue }
                var rows = 0, maxCols = 0, cols = 0, hasHeader = false, nested = false
                for k in (i + 1)..<Int(tree.end[i]) {
                    switch tree.tag[k] {
                    case .table: nested = true
                    case .caption, .thead, .tfoot, .th: hasHeader = true
                    case .tr: rows += 1; maxCols = max(maxCols, cols); cols = 0
                    case .td: cols += 1
                    default: break
                    }
                }
                maxCols = max(maxCols, cols)
                if nested { continue }
                if hasHeader || rows >= 10 || maxCols > 4 || rows * maxCols > 10 { result.insert(i) }
            }
        }
        return result
    }

    func hasAncestor(_ i: Int, _ tag: Tag, in set: Set<Int>? = nil) -> Bool {
        var p = Int(tree.parent[i])
        while p >= 0 {
            if tree.tag[p] == tag && (set == nil || set!.contains(p)) { return true }
            p = Int(tree.parent[p])
        }
        return false
    }

    func shouldRemoveConditionally(_ i: Int, dataTables: Set<Int>) -> Bool {
        let t = tree.tag[i]
        if t == .table && dataTables.contains(i) { return false }
        if hasAncestor(i, .table, in: dataTables) || hasAncestor(i, .code) { return false }
        let weight = flags.contains(.weightClasses) ? Int(tree.classWeight[i]) : 0
        // A div without block children is a paragraph: kept unless it is mostly links.
        if (t == .div || t == .section) && !agg.hasBlock[i] {
            return weight < 25 && agg.linkDensity(i) > 0.5
        }
        if weight < 0 { return true }
        if agg.commas[i] >= 10 { return false }
        let textLen = Int(agg.textLen[i])
        var isList = t == .ul || t == .ol
        if !isList, textLen > 0 { isList = Double(agg.liTextLen[i]) / Double(textLen) > 0.9 }
        let p = Int(agg.pCount[i])
        let img = Int(agg.imgCount[i])
        let li = Int(agg.liCount[i]) - 100
        let headingDensity = textLen > 0 ? Double(agg.headingLen[i]) / Double(textLen) : 0
        let ld = Double(agg.linkDensity(i))
        let inFigure = hasAncestor(i, .figure)
        if img > 1 && Double(p) / Double(img) < 0.5 && !inFigure { return true }
        if !isList && li > p { return true }
        if !isList && headingDensity < 0.9 && textLen < 25 && (img == 0 || img > 2) && !inFigure { return true }
        if !isList && weight < 25 && ld > 0.2 { return true }
        if weight >= 25 && ld > 0.5 { return true }
        return false
    }
}
