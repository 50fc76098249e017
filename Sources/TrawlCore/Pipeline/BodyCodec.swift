import Crypto
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

    /// Restores a stored body.
    static func load(encoding: String, data: [UInt8], size: Int) -> [UInt8]? {
        switch encoding {
        case "identity": data
        case "zlib": inflate(data, size: size)
        default: nil
        }
    }

    /// zlib level 1: on news pages it costs under half the CPU of level 6 for ~8% more bytes
    /// (measured by the benchmark: compression was a third of the crawl's CPU at level 6).
    static let compressionLevel: Int32 = 1

    static func deflate(_ input: [UInt8]) -> [UInt8]? {
        guard !input.isEmpty else { return nil }
        var length = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let rc = output.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { inp in
                compress2(out.baseAddress, &length, inp.baseAddress, uLong(inp.count), compressionLevel)
            }
        }
        guard rc == Z_OK else { return nil }
        output.removeSubrange(Int(length)...)
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
