#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns the chosen, cleaned content into plain text: paragraphs and other blocks are
/// separated by a blank line; list items, table rows, definition terms and `<br>` start a
/// new line; table cells are separated by a tab. Whitespace inside a line is collapsed.
struct TextAssembler {
    private var out: [UInt8] = []
    /// 0: none, 1: newline, 2: blank line.
    private var pendingBreak = 0
    private var needSpace = false

    static func blocks(tree: ArticleTree, roots: [Int], removed: [Bool]) -> [String] {
        var a = TextAssembler()
        // The text of the roots plus a few breaks: about the text of the page at most (growing
        // from empty copied the article a few times over).
        a.out.reserveCapacity(tree.textBuf.count + tree.textBuf.count / 16)
        for r in roots { a.emit(tree: tree, root: r, removed: removed); a.breakLine(2) }
        return splitOnBlankLines(a.out).map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
    }

    /// The pieces of `bytes` between runs of two or more newlines (empty pieces left out). The
    /// newlines are found with `memchr`: a test of every byte of the article was most of this
    /// type's own time.
    static func splitOnBlankLines(_ bytes: [UInt8]) -> [String] {
        var blocks: [String] = []
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            let n = b.count
            var start = 0
            var i = 0
            while i < n, let hit = memchr(base + i, 0x0A, n - i) {
                i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if i + 1 < n, b[i + 1] == 0x0A {
                    if i > start { blocks.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)) }
                    i += 2
                    while i < n, b[i] == 0x0A { i += 1 }
                    start = i
                    continue
                }
                i += 1
            }
            if start < n { blocks.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<n]), as: UTF8.self)) }
        }
        return blocks
    }

    private mutating func breakLine(_ level: Int) {
        if out.isEmpty { return }
        pendingBreak = max(pendingBreak, level)
        needSpace = false
    }

    private static func breakLevel(_ t: Tag) -> Int {
        switch t {
        case .li, .tr, .dt, .dd, .br, .figcaption, .caption: return 1
        case .td, .th: return 0
        default: return t.isBlock ? 2 : -1
        }
    }

    private mutating func emit(tree: ArticleTree, root: Int, removed: [Bool]) {
        // Iterative walk with explicit close events.
        var stack: [Int] = []
        var i = root
        let stop = Int(tree.end[root])
        while i < stop {
            // Close elements that ended before i.
            while let top = stack.last, Int(tree.end[top]) <= i {
                stack.removeLast()
                close(tree.tag[top])
            }
            if removed[i] { i = Int(tree.end[i]); continue }
            let t = tree.tag[i]
            if t == .text {
                appendText(tree, i)
                i += 1
                continue
            }
            open(t)
            if Int(tree.end[i]) > i + 1 { stack.append(i) } else { close(t) }
            i += 1
        }
        while let top = stack.popLast() { close(tree.tag[top]) }
    }

    private mutating func open(_ t: Tag) {
        switch t {
        case .td, .th:
            if !out.isEmpty && pendingBreak == 0 { out.append(0x09); needSpace = false }
        case .br:
            breakLine(1)
        case .img, .hr:
            break
        default:
            let l = TextAssembler.breakLevel(t)
            if l > 0 { breakLine(l) }
        }
    }

    private mutating func close(_ t: Tag) {
        let l = TextAssembler.breakLevel(t)
        if l > 0 { breakLine(l) }
    }

    private mutating func appendText(_ tree: ArticleTree, _ i: Int) {
        let s = Int(tree.textStart[i]), e = Int(tree.textEnd[i])
        if s >= e { return }
        var start = s
        var end = e
        let leadingSpace = tree.textBuf[start] == 0x20
        let trailingSpace = tree.textBuf[end - 1] == 0x20
        if leadingSpace { start += 1 }
        if trailingSpace && end > start { end -= 1 }
        if start >= end {
            if leadingSpace || trailingSpace { needSpace = true }
            return
        }
        if pendingBreak > 0 && !out.isEmpty {
            // Trim trailing spaces/tabs before breaking.
            while let last = out.last, last == 0x20 || last == 0x09 { out.removeLast() }
            out.append(0x0A)
            if pendingBreak == 2 { out.append(0x0A) }
        } else if (needSpace || leadingSpace) && !out.isEmpty, let last = out.last, last != 0x0A, last != 0x09 {
            out.append(0x20)
        }
        pendingBreak = 0
        tree.textBuf.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<end])) }
        needSpace = trailingSpace
    }
}
