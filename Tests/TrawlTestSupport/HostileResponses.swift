/// Byte-level building blocks for ``HostileServer`` behaviours: response heads, polite
/// answers, and compression bombs made at run time (no binary fixtures in the repo).
public enum HostileResponses {
    /// A status line plus header lines plus the blank line, verbatim. Adds `Connection: close`.
    public static func head(status: Int = 200, reason: String = "OK", _ headers: [(String, String)]) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(reason)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "Connection: close\r\n\r\n"
        return Array(text.utf8)
    }

    /// A complete response with `Content-Length`.
    public static func response(
        status: Int = 200, reason: String = "OK", contentType: String = "text/html; charset=utf-8",
        extraHeaders: [(String, String)] = [], body: [UInt8]
    ) -> [UInt8] {
        head(status: status, reason: reason,
             [("Content-Type", contentType), ("Content-Length", "\(body.count)")] + extraHeaders) + body
    }

    /// A plain `404 Not Found`.
    public static let notFound = HostileBehavior.raw(
        response(status: 404, reason: "Not Found", contentType: "text/plain", body: Array("Not Found\n".utf8)))

    /// A well-formed HTML page.
    public static func html(_ html: String) -> HostileBehavior {
        .raw(response(body: Array(html.utf8)))
    }

    /// A redirect to `location`, sent verbatim.
    public static func redirect(to location: String, status: Int = 302) -> HostileBehavior {
        .raw(response(status: status, reason: "Found", contentType: "text/plain",
                      extraHeaders: [("Location", location)], body: []))
    }
}

/// Compression bombs: a small stream that decodes to a huge run of zero bytes.
///
/// Written by hand with fixed Huffman codes (RFC 1951 3.2.6): one literal 0, then matches of
/// length 258 at distance 1, 13 bits each: about 160 times smaller than the decoded size. The
/// check values of zeros need no pass over the data: Adler-32 is arithmetic, CRC-32 is a
/// multiplication by x^(8n) modulo the CRC polynomial (zlib's `crc32_combine` method).
public enum HostileBomb {
    /// The decoded size of a bomb made of `matches` matches.
    public static func decodedSize(matches: Int) -> Int { 1 + 258 * matches }

    /// A raw DEFLATE stream decoding to ``decodedSize(matches:)`` zero bytes.
    public static func deflateZeros(matches: Int) -> [UInt8] {
        var writer = BitWriter()
        writer.write(bits: 1, count: 1)  // BFINAL
        writer.write(bits: 1, count: 2)  // BTYPE 01: fixed Huffman
        writer.writeCode(0x30, length: 8)  // literal 0
        // Length symbol 285 (258 bytes, code 11000101) then distance code 0 (00000): 13 bits.
        let match = BitWriter.reversed(0xC5, length: 8)
        for _ in 0..<matches { writer.write(bits: match, count: 13) }
        writer.writeCode(0, length: 7)  // end of block (256)
        return writer.finish()
    }

    /// A gzip member (RFC 1952) decoding to ``decodedSize(matches:)`` zeros.
    public static func gzipZeros(matches: Int) -> [UInt8] {
        let size = decodedSize(matches: matches)
        var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
        out += deflateZeros(matches: matches)
        out += littleEndian(crc32OfZeros(size))
        out += littleEndian(UInt32(truncatingIfNeeded: size))
        return out
    }

    /// A zlib stream (RFC 1950, what HTTP calls `deflate`) decoding to ``decodedSize(matches:)`` zeros.
    public static func zlibZeros(matches: Int) -> [UInt8] {
        let size = decodedSize(matches: matches)
        let adler = UInt32(size % 65_521) << 16 | 1
        return [0x78, 0x01] + deflateZeros(matches: matches) + bigEndian(adler)
    }

    /// CRC-32 (IEEE, as gzip uses it) of `count` zero bytes.
    public static func crc32OfZeros(_ count: Int) -> UInt32 {
        ~multiplyModP(xToThe8N(count), 0xFFFF_FFFF)
    }

    private static let poly: UInt32 = 0xEDB8_8320

    /// a × b modulo the CRC polynomial, in the reflected bit order (bit 31 is x^0).
    private static func multiplyModP(_ a: UInt32, _ b: UInt32) -> UInt32 {
        var m: UInt32 = 1 << 31
        var b = b
        var p: UInt32 = 0
        while m != 0 {
            if a & m != 0 { p ^= b }
            m >>= 1
            b = b & 1 != 0 ? (b >> 1) ^ poly : b >> 1
        }
        return p
    }

    /// x^(8n) modulo the CRC polynomial.
    private static func xToThe8N(_ n: Int) -> UInt32 {
        var power: UInt32 = 1 << 30  // x^1
        for _ in 0..<3 { power = multiplyModP(power, power) }  // x^8
        var result: UInt32 = 1 << 31  // x^0
        var n = n
        while n > 0 {
            if n & 1 != 0 { result = multiplyModP(power, result) }
            power = multiplyModP(power, power)
            n >>= 1
        }
        return result
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        littleEndian(value).reversed()
    }

    /// DEFLATE's bit order: fields least significant bit first, Huffman codes most significant first.
    private struct BitWriter {
        var bytes: [UInt8] = []
        var accumulator: UInt64 = 0
        var filled = 0

        mutating func write(bits: UInt32, count: Int) {
            accumulator |= UInt64(bits) << UInt64(filled)
            filled += count
            while filled >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                filled -= 8
            }
        }

        mutating func writeCode(_ code: UInt32, length: Int) {
            write(bits: Self.reversed(code, length: length), count: length)
        }

        static func reversed(_ code: UInt32, length: Int) -> UInt32 {
            var reversed: UInt32 = 0
            for i in 0..<length where code & (1 << UInt32(i)) != 0 {
                reversed |= 1 << UInt32(length - 1 - i)
            }
            return reversed
        }

        mutating func finish() -> [UInt8] {
            if filled > 0 { bytes.append(UInt8(truncatingIfNeeded: accumulator)) }
            return bytes
        }
    }
}
