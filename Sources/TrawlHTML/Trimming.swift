import Foundation

extension String {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, answered without Foundation when both
    /// ends are printable ASCII (then nothing is trimmed): metadata values are trimmed by the
    /// dozen on every page, and almost none has anything to trim.
    func trimmingWhitespacesAndNewlines() -> String {
        isEmpty || hasPrintableASCIIEnds ? self : trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `trimmingCharacters(in: .whitespaces)`, with the same shortcut (and none for an empty
    /// string, the usual rest of an ISO date without a zone).
    func trimmingWhitespaces() -> String {
        isEmpty || hasPrintableASCIIEnds ? self : trimmingCharacters(in: .whitespaces)
    }

    /// First and last byte in `!`…`~`: neither end is whitespace or a newline in any sense.
    private var hasPrintableASCIIEnds: Bool {
        guard let first = utf8.first, let last = utf8.last else { return false }
        return first &- 0x21 < 0x5E && last &- 0x21 < 0x5E
    }
}
