import Foundation
import TrawlSitemap

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

    /// Inflates one stream (the bounded loop is TrawlSitemap's, shared with `.xml.gz` sitemaps).
    private static func inflate(_ input: [UInt8], windowBits: Int32, limit: Int) -> Outcome {
        switch Gunzip.inflate(input, windowBits: windowBits, limit: limit) {
        case .success(let output): .decoded(output)
        case .failure(.tooLarge): .tooLarge(limit: limit)
        case .failure(.corrupt(let reason)): .corrupt(coding: "", reason: reason)
        }
    }
}
