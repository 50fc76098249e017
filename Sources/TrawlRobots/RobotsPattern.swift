/// An Allow/Disallow path pattern compiled once at parse time.
///
/// RFC 9309 2.2.3: `*` matches any sequence of octets and a trailing `$` anchors the
/// pattern at the end of the path; a `$` anywhere else is a literal. The pattern is split
/// on `*` into literal segments, so matching is a prefix check followed by leftmost
/// searches for the remaining segments: no regex, no backtracking, O(path × pattern)
/// in the worst case and linear in practice. Greedy leftmost placement is exact for
/// `*`-only globs: placing a segment as early as possible never removes a later option.
struct RobotsPattern: Sendable, Equatable {
    /// Literal runs between `*`s; `segments[0]` must be a prefix of the path.
    let segments: [[UInt8]]
    /// Whether the pattern ended with `$` (the last segment must end the path).
    let anchoredAtEnd: Bool
    /// Match priority: the length of the normalised pattern in octets, `*` and `$` included
    /// (RFC 9309 2.2.2 "the most specific match", as Google counts it).
    let length: Int

    /// Compiles an already percent-normalised, non-empty pattern.
    init(normalized pattern: [UInt8]) {
        length = pattern.count
        var body = pattern[...]
        if body.last == UInt8(ascii: "$") {
            anchoredAtEnd = true
            body = body.dropLast()
        } else {
            anchoredAtEnd = false
        }
        segments = body.split(separator: UInt8(ascii: "*"), omittingEmptySubsequences: false)
            .map { Array($0) }
    }

    /// Whether the pattern matches `path` (path + query, percent-normalised).
    func matches(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = segments[0]
        guard Self.hasPrefix(path, first, at: 0) else { return false }
        if segments.count == 1 {
            return !anchoredAtEnd || first.count == path.count
        }
        var position = first.count
        let lastIndex = segments.count - 1
        for index in 1..<lastIndex {
            guard let found = Self.find(segments[index], in: path, from: position) else { return false }
            position = found + segments[index].count
        }
        let last = segments[lastIndex]
        if anchoredAtEnd {
            let start = path.count - last.count
            return start >= position && Self.hasPrefix(path, last, at: start)
        }
        return Self.find(last, in: path, from: position) != nil
    }

    @inline(__always)
    private static func hasPrefix(_ path: UnsafeBufferPointer<UInt8>, _ literal: [UInt8], at start: Int) -> Bool {
        guard path.count - start >= literal.count else { return false }
        var i = 0
        while i < literal.count {
            if path[start + i] != literal[i] { return false }
            i += 1
        }
        return true
    }

    /// Leftmost occurrence of `literal` in `path[from...]`.
    private static func find(_ literal: [UInt8], in path: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let head = literal.first else { return from }
        var start = from
        let lastStart = path.count - literal.count
        while start <= lastStart {
            if path[start] == head && hasPrefix(path, literal, at: start) { return start }
            start += 1
        }
        return nil
    }
}
