import Crypto
internal import CDeflate
internal import CZlib

/// Content addressing and compression for stored bodies.
enum BodyCodec {
    /// SHA-256 of `body`: the dedup key of the contents table.
    static func hash(_ body: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: body))
    }

    /// Prepares `body` for storage: zlib-compressed when that saves space, else kept as is.
    static func store(_ body: [UInt8]) -> StoredContent {
        let hash = hash(body)
        if let compressed = deflate(body), compressed.count < body.count {
            return StoredContent(hash: hash, size: body.count, encoding: "zlib", data: compressed)
        }
        return StoredContent(hash: hash, size: body.count, encoding: "identity", data: body)
    }

    /// A body the WARC files hold (WARC output on): hashed for the dedup key, not compressed
    /// and not kept. Its row says `warc`; the bytes are in the capture's WARC response record.
    static func reference(_ body: [UInt8]) -> StoredContent {
        StoredContent(hash: hash(body), size: body.count, encoding: warcEncoding, data: nil)
    }

    /// The `contents.encoding` of a body whose bytes live in the WARC files (schema v11).
    static let warcEncoding = "warc"

    /// Restores a stored body; nil for a `warc` row (read the capture's WARC record instead).
    static func load(encoding: String, data: [UInt8], size: Int) -> [UInt8]? {
        switch encoding {
        case "identity": data
        case "zlib": inflate(data, size: size)
        default: nil
        }
    }

    /// Level 1: on news pages zlib's level 6 took more than twice the CPU (compression was a
    /// third of the crawl's CPU at level 6); libdeflate's level 1 is faster still and smaller.
    static let compressionLevel: Int32 = 1

    /// The zlib format (RFC 1950, what `uncompress` reads), compressed by libdeflate: a body is
    /// one whole buffer, which libdeflate compresses about twice as fast as zlib.
    static func deflate(_ input: [UInt8]) -> [UInt8]? {
        guard !input.isEmpty, let compressor = libdeflate_alloc_compressor(compressionLevel) else { return nil }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_zlib_compress_bound(compressor, input.count)
        var output = [UInt8](repeating: 0, count: bound)
        let length = output.withUnsafeMutableBytes { out in
            input.withUnsafeBytes { inp in
                libdeflate_zlib_compress(compressor, inp.baseAddress, inp.count, out.baseAddress, bound)
            }
        }
        guard length > 0 else { return nil }
        output.removeSubrange(length...)
        return output
    }

    static func inflate(_ input: [UInt8], size: Int) -> [UInt8]? {
        var length = uLong(size)
        var output = [UInt8](repeating: 0, count: max(size, 1))
        let rc = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { inp in
                uncompress(out.baseAddress, &length, inp.baseAddress, uLong(inp.count))
            }
        }
        guard rc == Z_OK else { return nil }
        output.removeSubrange(Int(length)...)
        return output
    }
}
