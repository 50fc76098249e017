internal import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A compact, read-only copy of the visible body of a page, built in one iterative walk
/// over the libxml2 tree. Nodes are stored in document (pre-)order in parallel arrays, so
/// the descendants of node `i` are exactly `i+1 ..< end[i]` and bottom-up aggregates are a
/// single reverse loop. Text is whitespace-collapsed into one shared byte buffer.
///
/// Left out entirely: `<head>`, scripts, styles, `<noscript>`, templates, embedded media,
/// form controls, and hidden elements (`hidden`, `aria-hidden=true`, inline
/// `display:none` / `visibility:hidden`). Metadata found along the way goes to `meta`.
struct ArticleTree {
    var tag: [Tag] = []
    var parent: [Int32] = []
    /// One past the last descendant.
    var end: [Int32] = []
    /// Text nodes: byte range in `textBuf`; elements: empty.
    var textStart: [Int32] = []
    var textEnd: [Int32] = []
    /// Text nodes: Unicode scalar count of the collapsed text.
    var chars: [Int32] = []
    /// Text nodes: number of commas.
    var commas: [Int32] = []
    /// Elements: class-name evidence.
    var signals: [ClassSignals] = []
    /// Elements: Readability class weight (class and id, ±25 each).
    var classWeight: [Int16] = []
    /// Elements with an itemprop (lowercased), role or rel=author.
    var itemprop: [Int32: String] = [:]
    var role: [Int32: String] = [:]
    var relAuthor: Set<Int32> = []
    var textBuf: [UInt8] = []
    var meta = RawMetadata()

    var count: Int { tag.count }

    /// Iterates the children of element `i`.
    @inline(__always)
    func forEachChild(_ i: Int, _ body: (Int) -> Void) {
        var c = i + 1
        let e = Int(end[i])
        while c < e {
            body(c)
            c = Int(end[c])
        }
    }

    /// The collapsed text of a text node.
    func text(_ i: Int) -> String {
        String(decoding: textBuf[Int(textStart[i])..<Int(textEnd[i])], as: UTF8.self)
    }

    /// All text under node `i`, whitespace-collapsed and trimmed.
    func innerText(_ i: Int) -> String {
        var bytes: [UInt8] = []
        for k in i..<Int(end[i]) where tag[k] == .text {
            bytes.append(contentsOf: textBuf[Int(textStart[k])..<Int(textEnd[k])])
        }
        return TextUtil.collapse(bytes)
    }
}

/// Raw metadata seen while building the tree (resolved later by `MetadataResolver`).
struct RawMetadata {
    var title: String?
    /// `<meta name|property|itemprop=K content=V>`, first value per lowercased key.
    var metas: [String: String] = [:]
    var canonical: String?
    var htmlLang: String?
    var jsonLD: [String] = []
    /// `datetime` of the first `<time>` elements (at most a few).
    var timeDatetimes: [String] = []
    /// `<link rel=author>`/`<a rel=author>` texts or hrefs come from the tree.
}

extension ArticleTree {
    /// Builds the tree from a parsed document.
    init(document: HTMLDocument) {
        guard let root = document.root else { return }
        var builder = ArticleTreeBuilder()
        // The text can't be longer than the input (entities only shrink): a third, as it was,
        // made an article page's text buffer grow (copied) once or twice.
        builder.reserve(estimatedNodes: document.parsedByteCount / 48, textBytes: document.parsedByteCount)
        builder.build(root: root)
        self = builder.tree
    }
}

private struct ArticleTreeBuilder {
    /// Bit b set for the whitespace bytes b that collapse (space, tab, LF, FF, CR); all below 0x40.
    static let whitespaceBytes: UInt64 = 1 << 0x20 | 1 << 0x09 | 1 << 0x0A | 1 << 0x0C | 1 << 0x0D

    var tree = ArticleTree()
    /// Tags of libxml2's interned element names.
    var tagCache = TagCache()
    /// Class strings repeat a lot within a page: their signals are computed once.
    var classSignals = ClassSignalsMemo()

    mutating func tagOf(_ n: NodePtr) -> Tag {
        guard let name = n.pointee.name else { return .other }
        return tagCache.tag(named: name)
    }

    mutating func reserve(estimatedNodes n: Int, textBytes: Int) {
        tree.tag.reserveCapacity(n); tree.parent.reserveCapacity(n); tree.end.reserveCapacity(n)
        tree.textStart.reserveCapacity(n); tree.textEnd.reserveCapacity(n); tree.chars.reserveCapacity(n)
        tree.commas.reserveCapacity(n); tree.signals.reserveCapacity(n); tree.classWeight.reserveCapacity(n)
        tree.textBuf.reserveCapacity(textBytes)
    }

    mutating func addNode(_ tag: Tag, parent: Int32) -> Int32 {
        let idx = Int32(tree.tag.count)
        tree.tag.append(tag)
        tree.parent.append(parent)
        tree.end.append(idx + 1)
        tree.textStart.append(0)
        tree.textEnd.append(0)
        tree.chars.append(0)
        tree.commas.append(0)
        tree.signals.append([])
        tree.classWeight.append(0)
        return idx
    }

    mutating func build(root: NodePtr) {
        if let lang = root.attribute("lang"), !lang.isEmpty { tree.meta.htmlLang = lang }
        // Stack of open libxml2 nodes and their tree index (-1: not in the tree).
        var stack: [(node: NodePtr, idx: Int32, inHead: Bool)] = []
        var n: NodePtr = root
        var currentParent: Int32 = -1
        var inHead = false
        while true {
            var descend = false
            var idx: Int32 = -1
            let type = n.pointee.type
            if type == XML_ELEMENT_NODE {
                let t = tagOf(n)
                collectMetadata(n, tag: t)
                if inHead || t == .head {
                    descend = true
                } else if !t.isSkipped || t == .iframe || t == .embed || t == .object {
                    let attrs = readAttributes(n)
                    if !attrs.hidden {
                        idx = addNode(t, parent: currentParent)
                        applyAttributes(attrs, to: Int(idx))
                        // Embeds stay as childless markers (they count in cleaning).
                        descend = !t.isSkipped
                    }
                }
                if descend, n.pointee.children != nil {
                    stack.append((n, idx, inHead))
                    if t == .head { inHead = true }
                    if idx >= 0 { currentParent = idx }
                    if let c = n.pointee.children { n = c; continue }
                }
            } else if (type == XML_TEXT_NODE || type == XML_CDATA_SECTION_NODE), !inHead, currentParent >= 0 {
                addText(n, parent: currentParent)
            }
            // Advance to the next sibling, closing finished elements.
            while true {
                if let s = n.pointee.next, !stack.isEmpty { n = s; break }
                guard let top = stack.popLast() else { finish(); return }
                if top.idx >= 0 { tree.end[Int(top.idx)] = Int32(tree.tag.count) }
                inHead = top.inHead
                currentParent = -1
                if top.idx >= 0 {
                    currentParent = tree.parent[Int(top.idx)]
                } else {
                    // Nearest open ancestor in the tree.
                    for e in stack.reversed() where e.idx >= 0 { currentParent = e.idx; break }
                }
                n = top.node
            }
        }
    }

    mutating func finish() {
        // Elements never descended into already have end = idx + 1.
    }

    struct Attrs {
        var cls: [UInt8] = []
        var id: [UInt8] = []
        var hidden = false
        var role: String?
        var itemprop: String?
        var relAuthor = false
    }

    func readAttributes(_ n: NodePtr) -> Attrs {
        var a = Attrs()
        var attr = n.pointee.properties
        var ariaHidden = false
        while let at = attr {
            if let name = at.pointee.name {
                if strcmpBytes(name, "class") {
                    a.cls = AttributeBytes.lowercased(at)
                } else if strcmpBytes(name, "id") {
                    a.id = AttributeBytes.lowercased(at)
                } else if strcmpBytes(name, "style") {
                    if AttributeBytes.styleHides(AttributeBytes.lowercased(at)) { a.hidden = true }
                } else if strcmpBytes(name, "hidden") {
                    a.hidden = true
                } else if strcmpBytes(name, "aria-hidden") {
                    ariaHidden = AttributeBytes.lowercased(at) == Array("true".utf8)
                } else if strcmpBytes(name, "role") {
                    a.role = attributeValue(at).lowercased()
                } else if strcmpBytes(name, "itemprop") {
                    a.itemprop = attributeValue(at).lowercased()
                } else if strcmpBytes(name, "rel") {
                    a.relAuthor = TextUtil.containsIgnoringASCIICase(AttributeBytes.lowercased(at), TextUtil.author)
                }
            }
            attr = at.pointee.next
        }
        if ariaHidden && Charset.find(Array("fallback-image".utf8), in: a.cls, from: 0) == nil { a.hidden = true }
        return a
    }

    mutating func applyAttributes(_ a: Attrs, to i: Int) {
        if !a.cls.isEmpty || !a.id.isEmpty {
            // Class values repeat a lot within a page, ids hardly ever.
            var cls: (ClassSignals, Int16) = ([], 0)
            if !a.cls.isEmpty { cls = classSignals.evaluate(a.cls) }
            let id = ClassSignals.evaluate(a.id)
            tree.signals[i] = cls.0.union(id.0)
            tree.classWeight[i] = cls.1 + id.1
        }
        if let r = a.role { tree.role[Int32(i)] = r }
        if let p = a.itemprop { tree.itemprop[Int32(i)] = p }
        if a.relAuthor { tree.relAuthor.insert(Int32(i)) }
    }

    mutating func addText(_ n: NodePtr, parent: Int32) {
        guard let content = n.pointee.content else { return }
        let src = UnsafePointer<UInt8>(content)
        let len = strlen(content)
        if len == 0 { return }
        let start = tree.textBuf.count
        // Grow once by a copy of the source (a memcpy), then collapse in place through a pointer:
        // collapsing never lengthens the text, so every write lands at or before the byte read.
        tree.textBuf.append(contentsOf: UnsafeBufferPointer(start: src, count: len))
        var chars: Int32 = 0
        var commas: Int32 = 0
        var written = 0
        tree.textBuf.withUnsafeMutableBufferPointer { buf in
            let dst = buf.baseAddress! + start
            var lastSpace: UInt64 = 0  // 1 after whitespace
            var i = 0
            while i < len {
                // Eight plain bytes at once: each is copied and counted as it is, and a space among
                // them is a single one (``PlainTextRun``).
                if i + 8 <= len {
                    let word = UInt64(littleEndian: UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self))
                    if let endsWithSpace = PlainTextRun.end(word, afterSpace: lastSpace) {
                        UnsafeMutableRawPointer(dst + written).storeBytes(of: word.littleEndian, as: UInt64.self)
                        written &+= 8
                        chars &+= 8
                        lastSpace = endsWithSpace
                        i += 8
                        continue
                    }
                }
                let c = src[i]
                if c < 0x80 && c != UInt8(ascii: ",") {
                    // ASCII but a comma, most of the text: without a branch on the byte's class, so
                    // word boundaries cost no mispredictions. Whitespace becomes one space, and a
                    // space right after another is written but not counted (the next byte
                    // overwrites it); anything else is copied and counted.
                    let space = (ArticleTreeBuilder.whitespaceBytes >> UInt64(c & 0x3F)) & 1 & UInt64(truncatingIfNeeded: (c &- 0x40) >> 7)
                    dst[written] = space != 0 ? 0x20 : c
                    let advance = 1 &- Int32(truncatingIfNeeded: space & lastSpace)
                    written &+= Int(advance)
                    chars &+= advance
                    lastSpace = space
                    i += 1
                    continue
                }
                if c == 0xC2, i + 1 < len, src[i + 1] == 0xA0 {  // no-break space
                    if lastSpace == 0 { dst[written] = 0x20; written += 1; chars += 1; lastSpace = 1 }
                    i += 2
                    continue
                }
                lastSpace = 0
                if c == UInt8(ascii: ",") { commas += 1 }
                else if c == 0xEF, i + 2 < len, src[i + 1] == 0xBC, src[i + 2] == 0x8C { commas += 1 }  // fullwidth comma
                else if c == 0xD8, i + 1 < len, src[i + 1] == 0x8C { commas += 1 }  // arabic comma
                if c & 0xC0 != 0x80 { chars += 1 }
                dst[written] = c
                written += 1
                i += 1
            }
        }
        tree.textBuf.removeLast(len - written)
        if written == 0 { return }
        let idx = Int(addNode(.text, parent: parent))
        tree.textStart[idx] = Int32(start)
        tree.textEnd[idx] = Int32(start + written)
        tree.chars[idx] = chars
        tree.commas[idx] = commas
    }

    /// Metadata from `<title>`, `<meta>`, `<link rel=canonical>`, JSON-LD scripts and `<time>`.
    mutating func collectMetadata(_ n: NodePtr, tag: Tag) {
        switch tag {
        case .title:
            if tree.meta.title == nil, let c = n.pointee.children, c.isText {
                tree.meta.title = TextUtil.collapse(Array(c.textContent.utf8))
            }
        case .meta:
            guard let content = n.attribute("content") else { return }
            for key in ["property", "name", "itemprop", "http-equiv"] {
                guard let k = attributeNamed(n, key) else { continue }
                for token in k.lowercased().split(separator: " ") {
                    let t = String(token)
                    if tree.meta.metas[t] == nil { tree.meta.metas[t] = content }
                }
            }
        case .link:
            if tree.meta.canonical == nil, let rel = n.attribute("rel"),
               LinkRel.kinds(in: rel).contains(.canonical), let href = n.attribute("href") {
                tree.meta.canonical = href.trimmingASCIIWhitespace()
            }
        case .script:
            if let type = n.attribute("type"), TextUtil.containsIgnoringASCIICase(Array(type.utf8), TextUtil.ldJSON) {
                var s = ""
                var c = n.pointee.children
                while let ch = c { s += ch.textContent; c = ch.pointee.next }
                if tree.meta.jsonLD.count < 8 { tree.meta.jsonLD.append(s) }
            }
        case .time:
            if tree.meta.timeDatetimes.count < 4, let dt = n.attribute("datetime"), !dt.isEmpty {
                tree.meta.timeDatetimes.append(dt)
            }
        default:
            break
        }
    }

    func attributeNamed(_ n: NodePtr, _ key: String) -> String? {
        switch key {
        case "property": return n.attribute("property")
        case "name": return n.attribute("name")
        case "itemprop": return n.attribute("itemprop")
        default: return n.attribute("http-equiv")
        }
    }
}

/// Byte-level attribute access (no String round trips on the hot path).
enum AttributeBytes {
    /// The attribute value with ASCII letters lowercased.
    static func lowercased(_ a: UnsafeMutablePointer<xmlAttr>) -> [UInt8] {
        var out: [UInt8] = []
        var child = a.pointee.children
        while let ch = child {
            if var p = ch.pointee.content.map({ UnsafePointer<UInt8>($0) }) {
                while p.pointee != 0 {
                    let c = p.pointee
                    out.append(c >= 0x41 && c <= 0x5A ? c + 0x20 : c)
                    p += 1
                }
            }
            child = ch.pointee.next
        }
        return out
    }

    /// True for inline styles with `display: none` or `visibility: hidden`.
    static func styleHides(_ style: [UInt8]) -> Bool {
        let compact = style.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        return Charset.find(Array("display:none".utf8), in: compact, from: 0) != nil
            || Charset.find(Array("visibility:hidden".utf8), in: compact, from: 0) != nil
    }
}

/// Text helpers shared by the extractor.
enum TextUtil {
    /// Collapses whitespace runs (incl. no-break spaces) to one space and trims.
    static func collapse(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pendingSpace = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C {
                pendingSpace = true; i += 1; continue
            }
            if c == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 {
                pendingSpace = true; i += 2; continue
            }
            if pendingSpace && !out.isEmpty { out.append(0x20) }
            pendingSpace = false
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func collapse(_ s: String) -> String { collapse(Array(s.utf8)) }

    /// `blocks.joined(separator: "\n\n")` written into one String of the exact size: the
    /// standard library's join reserves an underestimate and grew (copied) the article's text
    /// once or twice on every page.
    static func joinedParagraphs(_ blocks: [String]) -> String {
        guard blocks.count > 1 else { return blocks.first ?? "" }
        var total = 2 * (blocks.count - 1)
        for block in blocks { total += block.utf8.count }
        return String(unsafeUninitializedCapacity: total) { out in
            var written = 0
            for (k, block) in blocks.enumerated() {
                if k > 0 {
                    out[written] = 0x0A
                    out[written + 1] = 0x0A
                    written += 2
                }
                var block = block
                written += block.withUTF8 { UnsafeMutableBufferPointer(rebasing: out[written...]).initialize(fromContentsOf: $0) }
            }
            return written
        }
    }

    /// Whether `bytes`, ASCII letters lower-cased, contain `lowerNeedle` (lower-case ASCII):
    /// what `String(bytes).lowercased().contains(needle)` answers for the needles used here
    /// (no non-ASCII letter lower-cases to one of their letters), without building Strings or
    /// going through Foundation's `range(of:)` (a few tenths of a percent of a crawl).
    static func containsIgnoringASCIICase(_ bytes: [UInt8], _ lowerNeedle: [UInt8]) -> Bool {
        let n = lowerNeedle.count
        guard n > 0, bytes.count >= n else { return n == 0 }
        return bytes.withUnsafeBufferPointer { hay in
            lowerNeedle.withUnsafeBufferPointer { needle in
                var start = 0
                while start + n <= hay.count {
                    var k = 0
                    while k < n {
                        let c = hay[start + k]
                        if (c &- 0x41 < 26 ? c | 0x20 : c) != needle[k] { break }
                        k += 1
                    }
                    if k == n { return true }
                    start += 1
                }
                return false
            }
        }
    }

    /// Needles of ``containsIgnoringASCIICase(_:_:)``.
    static let author = Array("author".utf8)
    static let ldJSON = Array("ld+json".utf8)

    /// `s.count` (Characters), without grapheme breaking for ASCII text: there every byte is
    /// a Character except CR LF, which is one. Counting an article's blocks as Characters was
    /// a hundredth of a crawl's CPU. Eight bytes at a time while none is non-ASCII or a CR.
    static func characterCount(_ s: String) -> Int {
        var s = s
        s.makeContiguousUTF8()  // no-op for native strings
        let ascii = s.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            guard let base = bytes.baseAddress else { return 0 }
            var i = 0
            while i + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                // High bit of a byte: that byte is non-ASCII, or a CR.
                if (word | PlainTextRun.bytes(of: word, equalTo: 0x0D)) & PlainTextRun.highBits != 0 { break }
                i += 8
            }
            var previous: UInt8 = 0  // the byte before `i` is no CR
            for byte in UnsafeBufferPointer(rebasing: bytes[i...]) {
                if byte >= 0x80 || (byte == 0x0A && previous == 0x0D) { return nil }
                previous = byte
            }
            return bytes.count
        }
        return (ascii ?? nil) ?? s.count
    }
}
