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
    /// Bytes, not Characters: this runs for every response record's index line.
    public static func statusCode<C: RandomAccessCollection>(_ head: C) -> Int? where C.Element == UInt8 {
        contiguous(head) { bytes -> Int? in
            var result: Int?
            forEachLine(bytes) { line in
                // The first line: "HTTP/x SP code ..." (runs of spaces count as one).
                var tokens = line.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: true).makeIterator()
                if let version = tokens.next(), version.starts(with: "HTTP/".utf8), let code = tokens.next() {
                    result = Int(String(decoding: code, as: UTF8.self))
                }
                return false
            }
            return result
        }
    }

    /// The first value of header `name` (case-insensitive), trimmed, or nil.
    public static func header<C: RandomAccessCollection>(_ name: String, in head: C) -> String? where C.Element == UInt8 {
        let wanted = Array(name.utf8)
        return contiguous(head) { bytes -> String? in
            var value: String?
            var first = true
            forEachLine(bytes) { line in
                defer { first = false }
                guard !first, let colon = line.firstIndex(of: UInt8(ascii: ":")),
                      equalsIgnoringASCIICase(trimmed(line[..<colon]), wanted) else { return true }
                value = String(decoding: trimmed(line[(colon + 1)...]), as: UTF8.self)
                return false
            }
            return value
        }
    }

    /// Calls `body` with each non-empty line (start line first, terminator cut: LF, or CR LF)
    /// until it returns false.
    private static func forEachLine(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Slice<UnsafeBufferPointer<UInt8>>) -> Bool) {
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 10 { end += 1 }
            var last = end
            if last > start, bytes[last - 1] == 13 { last -= 1 }
            if last > start, !body(bytes[start..<last]) { return }
            start = end + 1
        }
    }

    /// `line` without leading and trailing spaces and tabs.
    private static func trimmed(_ line: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var lower = line.startIndex, upper = line.endIndex
        while lower < upper, line[lower] == 32 || line[lower] == 9 { lower += 1 }
        while upper > lower, line[upper - 1] == 32 || line[upper - 1] == 9 { upper -= 1 }
        return line[lower..<upper]
    }

    private static func equalsIgnoringASCIICase(_ a: Slice<UnsafeBufferPointer<UInt8>>, _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        for (x, y) in zip(a, b) where x != y {
            if (x | 0x20) != (y | 0x20) || !((x | 0x20) >= 97 && (x | 0x20) <= 122) { return false }
        }
        return true
    }

    private static func contiguous<C: Collection, R>(_ bytes: C, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R
    where C.Element == UInt8 {
        if let result = bytes.withContiguousStorageIfAvailable(body) { return result }
        return Array(bytes).withUnsafeBufferPointer(body)
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
                if !isHeaderLine(line, named: transferEncoding) { out.append(contentsOf: line) }
                lineStart = i + 1
            }
            i += 1
        }
        if lineStart < head.count { out.append(contentsOf: head[lineStart...]) }
        return out
    }

    private static let transferEncoding = Array("transfer-encoding".utf8)

    /// Whether `line` is a header field named `name` (lower-case bytes): compared by bytes,
    /// with no allocation, for every line of every response head.
    private static func isHeaderLine(_ line: ArraySlice<UInt8>, named name: [UInt8]) -> Bool {
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
