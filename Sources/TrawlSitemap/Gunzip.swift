import CZlib

/// Inflates a gzip member, capped, for `.xml.gz` sitemaps served without a Content-Encoding.
enum Gunzip {
    /// Whether `bytes` starts with the gzip magic number (1f 8b).
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    enum Failure: Error { case tooLarge, corrupt(String) }

    /// The inflated bytes, or a failure once the output would pass `limit` or the stream is bad.
    /// The `z_stream` is owned here, from init to `inflateEnd`.
    static func inflate(_ input: [UInt8], limit: Int) -> Result<[UInt8], Failure> {
        var stream = z_stream()
        guard trawl_inflate_init_gzip(&stream) == Z_OK else { return .failure(.corrupt("inflateInit2 failed")) }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        return input.withUnsafeBufferPointer { inp -> Result<[UInt8], Failure> in
            stream.next_in = UnsafeMutablePointer(mutating: inp.baseAddress)
            stream.avail_in = uInt(inp.count)
            while true {
                let (rc, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    let rc = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (rc, out.count - Int(stream.avail_out))
                }
                guard output.count + produced <= limit else { return .failure(.tooLarge) }
                output.append(contentsOf: chunk[0..<produced])
                switch rc {
                case Z_STREAM_END: return .success(output)
                case Z_OK: continue
                case Z_BUF_ERROR where stream.avail_in == 0: return .failure(.corrupt("truncated stream"))
                default: return .failure(.corrupt(stream.msg.map { String(cString: $0) } ?? "zlib error \(rc)"))
                }
            }
        }
    }
}
