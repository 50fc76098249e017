import Foundation
internal import CZlib

/// Undoes a response's `Content-Encoding` for parsing and storage.
///
/// The fetcher leaves bodies as received (the WARC payload keeps its content-encoding), so
/// the crawler asks for `gzip, deflate, br` itself and decodes here. Decoding streams in chunks
/// and stops as soon as the decoded size would pass the cap: a gzip or brotli bomb costs at
/// most `limit` bytes of memory, never its expanded size.
enum ContentDecoder {
    /// The codings the crawler advertises in `Accept-Encoding` (all decodable here).
    static let acceptEncoding = "gzip, deflate, br"

    enum Outcome: Equatable {
        /// The decoded body (the input itself for no or `identity` coding).
        case decoded([UInt8])
        /// Decoding would exceed `limit` bytes; stopped there.
        case tooLarge(limit: Int)
        /// A coding Trawl does not decode (zstd, compress…): keep the raw body, don't parse.
        case unsupported(coding: String)
        /// The encoded data is broken (bad header, CRC, truncated stream).
        case corrupt(coding: String, reason: String)
    }

    /// Decodes `body` as described by the `Content-Encoding` value `coding` (codings are
    /// undone last-applied first), keeping every intermediate and the result within `limit`.
    static func decode(_ body: [UInt8], contentEncoding coding: String?, limit: Int) -> Outcome {
        let codings = (coding ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && $0 != "identity" }
        var data = body
        if body.isEmpty { return .decoded(body) }  // 204, 304, HEAD-like answers: nothing to inflate
        for name in codings.reversed() {
            if name == "br" {
                switch BrotliDecoder.decode(data, limit: limit) {
                case .decoded(let out): data = out
                case .tooLarge: return .tooLarge(limit: limit)
                case .corrupt(let reason): return .corrupt(coding: name, reason: reason)
                }
                continue
            }
            guard name == "gzip" || name == "x-gzip" || name == "deflate" else { return .unsupported(coding: name) }
            // 15 + 32: zlib or gzip wrapper, detected from the header. Some servers send
            // "deflate" as a raw stream without the zlib wrapper: retry that as raw (-15).
            var result = inflate(data, windowBits: 15 + 32, limit: limit)
            if name == "deflate", case .corrupt = result { result = inflate(data, windowBits: -15, limit: limit) }
            switch result {
            case .decoded(let out): data = out
            case .tooLarge: return .tooLarge(limit: limit)
            case .corrupt(_, let reason): return .corrupt(coding: name, reason: reason)
            case .unsupported: return result
            }
        }
        return .decoded(data)
    }

    /// Inflates one stream; the `z_stream` is owned here, from init to `inflateEnd`.
    private static func inflate(_ input: [UInt8], windowBits: Int32, limit: Int) -> Outcome {
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return .corrupt(coding: "", reason: "inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        return input.withUnsafeBufferPointer { inp -> Outcome in
            stream.next_in = UnsafeMutablePointer(mutating: inp.baseAddress)
            stream.avail_in = uInt(inp.count)
            while true {
                let (rc, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    let rc = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (rc, out.count - Int(stream.avail_out))
                }
                guard output.count + produced <= limit else { return .tooLarge(limit: limit) }
                output.append(contentsOf: chunk[0..<produced])
                switch rc {
                case Z_STREAM_END:
                    return .decoded(output)
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    return .corrupt(coding: "", reason: "truncated stream")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                    return .corrupt(coding: "", reason: message)
                }
            }
        }
    }
}
