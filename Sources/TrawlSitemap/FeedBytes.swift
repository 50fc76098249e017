/// Byte-level checks and repairs done before a feed meets libxml2: which bodies are feeds at
/// all, where their XML starts, and the damage real feeds carry that would otherwise stop the
/// XML reader at the first bad byte (invalid UTF-8, control characters).
enum FeedBytes {
    /// How far into a body the root element is looked for.
    static let headLimit = 4096

    /// Where the feed's XML starts in `body` when its first element is `rss`, `rdf:RDF` or `feed`.
    ///
    /// `lenient` (the server said it is a feed): text before the XML is skipped, such as a PHP
    /// warning or blank lines printed before `<?xml` (which the XML reader rejects outright).
    static func start(of body: [UInt8], lenient: Bool) -> Int? {
        if let name = rootName(body, from: 0), isFeedRoot(name) { return 0 }
        guard lenient else { return nil }
        let head = body.prefix(headLimit)
        let markers = ["<?xml", "<rss", "<feed", "<rdf:RDF"].map { Array($0.utf8) }
        guard let first = markers.compactMap({ firstIndex(of: $0, in: head) }).min(),
              let name = rootName(body, from: first), isFeedRoot(name) else { return nil }
        return first
    }

    /// Whether an element name is a feed's root (any prefix: `rdf:RDF`, `atom:feed`).
    static func isFeedRoot(_ name: String) -> Bool {
        let local = name.split(separator: ":").last.map(String.init) ?? name
        return local == "rss" || local == "feed" || local == "RDF"
    }

    /// The name of the first element at or after `from`, past a BOM, whitespace, the XML
    /// declaration, processing instructions, comments and a DOCTYPE; nil when text or the end
    /// of the head comes first.
    static func rootName(_ body: [UInt8], from: Int) -> String? {
        let end = min(body.count, from + headLimit)
        var i = from
        if i + 3 <= end, body[i] == 0xEF, body[i + 1] == 0xBB, body[i + 2] == 0xBF { i += 3 }
        func skip(past terminator: String) -> Bool {
            let t = Array(terminator.utf8)
            guard let at = firstIndex(of: t, in: body[i..<end]) else { return false }
            i = at + t.count
            return true
        }
        while i < end {
            let b = body[i]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1; continue }
            guard b == UInt8(ascii: "<"), i + 1 < end else { return nil }
            let next = body[i + 1]
            if next == UInt8(ascii: "?") {
                guard skip(past: "?>") else { return nil }
            } else if next == UInt8(ascii: "!") {
                if i + 4 <= end, body[i + 2] == UInt8(ascii: "-"), body[i + 3] == UInt8(ascii: "-") {
                    guard skip(past: "-->") else { return nil }
                } else {  // DOCTYPE, possibly with an internal subset in brackets
                    var depth = 0
                    i += 2
                    while i < end, !(body[i] == UInt8(ascii: ">") && depth == 0) {
                        if body[i] == UInt8(ascii: "[") { depth += 1 }
                        if body[i] == UInt8(ascii: "]") { depth -= 1 }
                        i += 1
                    }
                    guard i < end else { return nil }
                    i += 1
                }
            } else {
                var j = i + 1
                while j < end, !Self.endsName(body[j]) { j += 1 }
                guard j < end, j > i + 1 else { return nil }
                return String(decoding: body[(i + 1)..<j], as: UTF8.self)
            }
        }
        return nil
    }

    /// The bytes libxml2 is given: from `start` (past a UTF-8 BOM and whitespace), with stray
    /// ampersands escaped (``escapingStrayAmpersands(_:)``), invalid UTF-8 replaced by U+FFFD (when the
    /// document is UTF-8, declared or by default) and C0 control characters other than tab, CR
    /// and LF (never allowed in XML 1.0, common in pasted text) replaced by spaces. Only
    /// ASCII-compatible documents get here (`start` finds no root element in UTF-16).
    static func repaired(_ body: [UInt8], from start: Int) -> [UInt8] {
        var from = start
        if body[from...].starts(with: [0xEF, 0xBB, 0xBF]) { from += 3 }  // UTF-8 BOM: optional, and in the way below
        // Whitespace before `<?xml` makes libxml2 reject the declaration (and the document).
        while from < body.count, body[from] == 0x20 || body[from] == 0x09 || body[from] == 0x0A || body[from] == 0x0D { from += 1 }
        var bytes = Array(body[from...])
        if isUTF8(declaredEncoding(bytes)) { bytes = Array(String(decoding: bytes, as: UTF8.self).utf8) }
        bytes = escapingStrayAmpersands(bytes)
        for k in bytes.indices where bytes[k] < 0x20 && bytes[k] != 0x09 && bytes[k] != 0x0A && bytes[k] != 0x0D {
            bytes[k] = 0x20
        }
        return bytes
    }

    /// `bytes` with every `&` that does not start one of XML's own references (`&amp;` `&lt;`
    /// `&gt;` `&quot;` `&apos;` `&#N;` `&#xH;`) written as `&amp;`, outside CDATA sections and
    /// comments. Feeds are full of both kinds of stray ampersand, and either is a fatal error
    /// that stops the reader at once: bare ones in links (`?a=1&b=2`) and HTML entities that XML
    /// does not define (`&nbsp;`, `&raquo;`), which are kept as their literal text. Entities
    /// declared in a DOCTYPE are not expanded either (no entity is, by design).
    static func escapingStrayAmpersands(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(UInt8(ascii: "&")) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 256)
        let cdata = Array("<![CDATA[".utf8), comment = Array("<!--".utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "<"), let opener = [cdata, comment].first(where: { bytes[i...].starts(with: $0) }) {
                let closer = Array((opener == cdata ? "]]>" : "-->").utf8)
                let end = firstIndex(of: closer, in: bytes[(i + opener.count)...]).map { $0 + closer.count } ?? bytes.count
                out += bytes[i..<end]
                i = end
            } else if b == UInt8(ascii: "&"), !isReference(bytes, at: i) {
                out += Array("&amp;".utf8)
                i += 1
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }

    /// Whether the `&` at `at` starts a reference XML defines without a DTD.
    private static func isReference(_ bytes: [UInt8], at: Int) -> Bool {
        var j = at + 1
        if j < bytes.count, bytes[j] == UInt8(ascii: "#") {
            j += 1
            let hex = j < bytes.count && (bytes[j] == UInt8(ascii: "x") || bytes[j] == UInt8(ascii: "X"))
            if hex { j += 1 }
            let digitsStart = j
            while j < bytes.count, j - digitsStart < 8, isDigit(bytes[j], hex: hex) { j += 1 }
            return j > digitsStart && j < bytes.count && bytes[j] == UInt8(ascii: ";")
        }
        for name in predefined where bytes[j...].starts(with: name) { return true }
        return false
    }

    private static let predefined = ["amp;", "lt;", "gt;", "quot;", "apos;"].map { Array($0.utf8) }

    private static func isDigit(_ b: UInt8, hex: Bool) -> Bool {
        (0x30...0x39).contains(b) || (hex && ((0x41...0x46).contains(b) || (0x61...0x66).contains(b)))
    }

    /// The `encoding` of an XML declaration at the start of `bytes`, lowercased.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(200)
        guard head.starts(with: Array("<?xml".utf8)), let close = firstIndex(of: Array("?>".utf8), in: head) else { return nil }
        let declaration = Array(String(decoding: head[..<close], as: UTF8.self).lowercased().utf8)
        guard let key = firstIndex(of: Array("encoding".utf8), in: declaration[...]) else { return nil }
        let rest = declaration[(key + 8)...].drop { $0 == 0x20 || $0 == UInt8(ascii: "=") }
        guard let quote = rest.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
        return String(decoding: rest.dropFirst().prefix { $0 != quote }, as: UTF8.self)
    }

    private static func isUTF8(_ encoding: String?) -> Bool {
        guard let encoding else { return true }
        return encoding == "utf-8" || encoding == "utf8"
    }

    private static func endsName(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == UInt8(ascii: ">") || b == UInt8(ascii: "/")
    }

    /// The index of the first occurrence of `needle` in `haystack`.
    static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var i = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while i <= last {
            if haystack[i] == needle[0], haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
