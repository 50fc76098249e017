#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Drops the contents of `<script>` and `<style>` elements before libxml2 sees the page.
///
/// On typical pages almost half of the bytes are inline scripts and styles, which libxml2's
/// HTML parser walks character by character only for us to ignore them. This lexical pass
/// follows the HTML tokenizer's raw-text rule (the element ends at the first
/// `</script` / `</style`, case-insensitive), copies comments untouched, and keeps the
/// start tag and its attributes. JSON-LD scripts (`type` containing `ld+json`) are kept whole,
/// since they are metadata evidence.
enum RawTextFilter {
    static func strip(_ input: [UInt8]) -> [UInt8] {
        let n = input.count
        var out: [UInt8] = []
        out.reserveCapacity(n)
        input.withUnsafeBufferPointer { b in
            var i = 0
            var copied = 0
            guard let base = b.baseAddress else { return }
            while i < n {
                // Jump to the next '<'.
                guard let hit = memchr(base + i, 0x3C, n - i) else { break }
                i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                guard i + 1 < n else { break }
                // Comments are copied as they are (a "<script" inside is no tag).
                if i + 3 < n, b[i + 1] == UInt8(ascii: "!"), b[i + 2] == UInt8(ascii: "-"), b[i + 3] == UInt8(ascii: "-") {
                    var j = i + 4
                    while j + 2 < n && !(b[j] == UInt8(ascii: "-") && b[j + 1] == UInt8(ascii: "-") && b[j + 2] == UInt8(ascii: ">")) { j += 1 }
                    i = min(n, j + 3)
                    continue
                }
                let nameLen: Int
                if matchName(b, i + 1, "script") { nameLen = 6 } else if matchName(b, i + 1, "style") { nameLen = 5 } else {
                    i += 1; continue
                }
                // End of the start tag (quotes respected).
                var j = i + 1 + nameLen
                var quote: UInt8 = 0
                var isJSONLD = false
                let attrStart = j
                while j < n {
                    let c = b[j]
                    if quote != 0 { if c == quote { quote = 0 } } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") { quote = c } else if c == UInt8(ascii: ">") { break }
                    j += 1
                }
                if j >= n { break }
                if nameLen == 6 { isJSONLD = containsLDJSON(b, attrStart, j) }
                let contentStart = j + 1
                // Find the end tag.
                var k = contentStart
                var end = n
                while k + 1 < n {
                    guard let hit = memchr(base + k, 0x3C, n - k) else { break }
                    k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if k + 1 < n, b[k + 1] == UInt8(ascii: "/"),
                       matchName(b, k + 2, nameLen == 6 ? "script" : "style") {
                        end = k
                        break
                    }
                    k += 1
                }
                if isJSONLD {
                    i = end
                    continue
                }
                // Copy everything up to the content, skip the content.
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<contentStart]))
                copied = end
                i = end
                if end >= n { break }
            }
            if copied < n { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[copied..<n])) }
        }
        return out
    }

    /// Case-insensitive `name` at `at`, followed by a tag-name terminator.
    @inline(__always)
    private static func matchName(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ name: StaticString) -> Bool {
        let len = name.utf8CodeUnitCount
        guard at + len < b.count else { return false }
        let p = name.utf8Start
        for k in 0..<len where (b[at + k] | 0x20) != p[k] { return false }
        let t = b[at + len]
        return t == UInt8(ascii: ">") || t == UInt8(ascii: "/") || t == 0x20 || t == 0x09 || t == 0x0A || t == 0x0D || t == 0x0C
    }

    private static func containsLDJSON(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        let needle: [UInt8] = Array("ld+json".utf8)
        var i = from
        while i + needle.count <= to {
            var k = 0
            while k < needle.count && (b[i + k] | 0x20) == (needle[k] | 0x20) { k += 1 }
            if k == needle.count { return true }
            i += 1
        }
        return false
    }
}
