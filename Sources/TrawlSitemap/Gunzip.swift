import CZlib

/// Inflates a zlib, gzip or raw deflate stream, capped: `.xml.gz` sitemaps served without a
/// Content-Encoding, and (through `TrawlCore`'s content decoder) gzip/deflate response bodies.
public enum Gunzip {
    /// Whether `bytes` starts with the gzip magic number (1f 8b).
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
    }

    public enum Failure: Error { case tooLarge, corrupt(String) }

    /// zlib's window bits for a gzip wrapper only (the default).
    public static let gzipWindowBits: Int32 = 15 + 16

    /// The inflated bytes, or a failure once the output would pass `limit` or the stream is bad.
    /// The `z_stream` is owned here, from init to `inflateEnd`.
    /// `windowBits` picks the wrapper as zlib does: 15 + 16 gzip, 15 + 32 zlib or gzip (detected),
    /// -15 raw deflate.
    public static func inflate(_ input: [UInt8], windowBits: Int32 = gzipWindowBits, limit: Int) -> Result<[UInt8], Failure> {
        var stream = z_stream()
        guard inflateInit2_(&stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return .failure(.corrupt("inflateInit2 failed"))
        }
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
