/// Collects the header lines curl hands to the header callback and keeps those of the
/// final response: every status line starts a new block (so interim 1xx blocks are
/// dropped), and lines after a block's blank line (trailers) are ignored.
struct ResponseHeaderParser {
    /// Headers of the most recent response block, in order received.
    private(set) var headers: [HTTPHeader] = []
    /// The most recent status line without its line ending, e.g. `HTTP/1.1 200 OK`.
    private(set) var statusLine: String?
    /// The current block's raw bytes (status line, header lines, blank line), as received.
    private(set) var rawHead: [UInt8] = []
    /// True once the blank line ending the current block was seen.
    private var blockEnded = false

    /// Feeds one header line as curl delivers it (one complete line, CRLF included).
    mutating func consume(line raw: UnsafeRawBufferPointer) {
        var end = raw.count
        while end > 0, raw[end - 1] == 0x0A || raw[end - 1] == 0x0D { end -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: raw[0..<end])

        if line.starts(with: "HTTP/".utf8) {
            headers.removeAll(keepingCapacity: true)
            rawHead.removeAll(keepingCapacity: true)
            rawHead.append(contentsOf: raw)
            statusLine = Self.decode(line[...])
            blockEnded = false
            return
        }
        guard !blockEnded else { return }
        rawHead.append(contentsOf: raw)
        if line.isEmpty {
            blockEnded = true
            return
        }

        if line[0] == 0x20 || line[0] == 0x09 {
            // Obsolete line folding: continues the previous field's value.
            guard let last = headers.indices.last else { return }
            let more = Self.decode(Self.trimmed(line[...]))
            headers[last].value += headers[last].value.isEmpty ? more : " " + more
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = Self.decode(Self.trimmed(line[..<colon]))
        let value = Self.decode(Self.trimmed(line[(colon + 1)...]))
        headers.append(HTTPHeader(name: name, value: value))
    }

    /// The HTTP version named by the status line (`"HTTP/2"`, `"HTTP/1.1"`), if any.
    var statusLineVersion: String? {
        statusLine?.split(separator: " ", maxSplits: 1).first.map(String.init)
    }

    /// Drops leading and trailing spaces and tabs.
    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        var lo = bytes.startIndex, hi = bytes.endIndex
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        return bytes[lo..<hi]
    }

    /// UTF-8 when the bytes are valid UTF-8, otherwise ISO-8859-1 (every byte kept as a scalar),
    /// so that no header byte is lost for the archive.
    static func decode(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
        var scalars = String.UnicodeScalarView()
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): scalars.append(scalar)
            case .emptyInput: return String(scalars)
            case .error: return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
            }
        }
    }
}
