import CZlib

/// Test fixtures that need gzip-compressed bytes (`.xml.gz` sitemaps, `Content-Encoding: gzip`).
public enum TestGzip {
    /// What can go wrong making a fixture.
    public enum Failure: Error { case deflateInit, deflate }

    /// `data` as one gzip member (zlib's deflate with the gzip wrapper, level 6).
    public static func compress(_ data: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        guard trawl_deflate_init_gzip(&stream, 6) == Z_OK else { throw Failure.deflateInit }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: data.count + 1024)
        var input = data
        let (rc, produced) = input.withUnsafeMutableBufferPointer { inp in
            output.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                stream.next_in = inp.baseAddress
                stream.avail_in = uInt(inp.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                let rc = deflate(&stream, Z_FINISH)
                return (rc, out.count - Int(stream.avail_out))
            }
        }
        guard rc == Z_STREAM_END else { throw Failure.deflate }
        return Array(output[0..<produced])
    }
}
