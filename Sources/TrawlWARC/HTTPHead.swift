/// Small byte-level helpers over a raw HTTP head (start line + header lines +
/// blank line), enough to cut a block into head and payload and to fill CDXJ.
/// Trawl never re-serializes heads: what was sent or received is what is archived.
public enum HTTPHead {
    /// Index just past the first `\r\n\r\n` (or bare `\n\n`), or nil if absent.
    public static func endOfHead<C: RandomAccessCollection>(_ bytes: C) -> Int? where C.Element == UInt8, C.Index == Int {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            if bytes[i] == 10 {
                if i + 1 < end, bytes[i + 1] == 10 { return i + 2 - bytes.startIndex }
                if i + 2 < end, bytes[i + 1] == 13, bytes[i + 2] == 10 { return i + 3 - bytes.startIndex }
            }
            i += 1
        }
        return nil
    }

    /// The lines of the head (start line first), without line terminators.
    static func lines<C: RandomAccessCollection>(_ head: C) -> [Substring] where C.Element == UInt8 {
        let text = String(decoding: head, as: UTF8.self)
        return text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
            .filter { !$0.isEmpty }
    }

    /// The status code of a response head (`HTTP/1.1 200 OK`, `HTTP/2 404`), or nil.
    public static func statusCode<C: RandomAccessCollection>(_ head: C) -> Int? where C.Element == UInt8 {
        guard let first = lines(head).first else { return nil }
        let parts = first.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return nil }
        return Int(parts[1])
    }

    /// The first value of header `name` (case-insensitive), trimmed, or nil.
    public static func header<C: RandomAccessCollection>(_ name: String, in head: C) -> String? where C.Element == UInt8 {
        for line in lines(head).dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if String(line[..<colon]).trimmingSpaces().caseInsensitiveEquals(name) {
                return String(line[line.index(after: colon)...]).trimmingSpaces()
            }
        }
        return nil
    }

    /// The head with every `Transfer-Encoding` line removed (byte-exact otherwise).
    ///
    /// The archived payload is the de-chunked body, so a `Transfer-Encoding: chunked`
    /// line would make replay tools try to de-chunk it again. Content-Encoding
    /// (gzip, br…) is kept, with its header, because the payload keeps it.
    public static func removingTransferEncoding(_ head: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(head.count)
        var lineStart = 0
        var i = 0
        while i < head.count {
            if head[i] == 10 {
                let line = head[lineStart...i]
                if !isHeaderLine(line, named: "transfer-encoding") { out.append(contentsOf: line) }
                lineStart = i + 1
            }
            i += 1
        }
        if lineStart < head.count { out.append(contentsOf: head[lineStart...]) }
        return out
    }

    private static func isHeaderLine(_ line: ArraySlice<UInt8>, named lower: String) -> Bool {
        let name = Array(lower.utf8)
        guard line.count > name.count else { return false }
        var j = line.startIndex
        for c in name {
            var b = line[j]
            if b >= 65 && b <= 90 { b += 32 }
            if b != c { return false }
            j += 1
        }
        while j < line.endIndex, line[j] == 32 || line[j] == 9 { j += 1 }
        return j < line.endIndex && line[j] == UInt8(ascii: ":")
    }
}

extension StringProtocol {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
