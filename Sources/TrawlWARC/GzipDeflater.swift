internal import CZlib

/// Compresses each WARC record into its own gzip member (one member per record,
/// so any record can be decompressed alone from its offset, and a torn tail is
/// one incomplete member that recovery can cut off).
///
/// Owns one `z_stream` (allocated once, reset per member, freed in `deinit`):
/// not thread-safe, used only by the `WARCWriter` that owns it.
final class GzipDeflater {
    private let stream: UnsafeMutablePointer<z_stream>

    /// - Parameter level: zlib level 1…9 (or -1 for zlib's default, 6).
    init(level: Int32) throws(WARCError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = trawl_deflate_init_gzip(stream, level)
        guard rc == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw .zlib(path: nil, operation: "deflateInit2(level \(level))", code: rc)
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Appends one complete gzip member holding `pieces` (concatenated) to `out`.
    func appendMember(_ pieces: [ArraySlice<UInt8>], to out: inout [UInt8]) throws(WARCError) {
        var rc = deflateReset(stream)
        guard rc == Z_OK else { throw .zlib(path: nil, operation: "deflateReset", code: rc) }
        let total = pieces.reduce(0) { $0 + $1.count }
        let bound = Int(deflateBound(stream, uLong(total))) + 64
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: bound))
        var produced = 0
        for (index, piece) in pieces.enumerated() {
            let last = index == pieces.count - 1
            if piece.isEmpty && !last { continue }  // Z_NO_FLUSH with no input is a Z_BUF_ERROR
            rc = piece.withUnsafeBufferPointer { inBuf -> Int32 in
                out.withUnsafeMutableBufferPointer { outBuf -> Int32 in
                    stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress)
                    stream.pointee.avail_in = uInt(inBuf.count)
                    stream.pointee.next_out = outBuf.baseAddress! + start + produced
                    stream.pointee.avail_out = uInt(bound - produced)
                    // The output room is deflateBound(total): one call consumes all input.
                    let r = deflate(stream, last ? Z_FINISH : Z_NO_FLUSH)
                    produced = bound - Int(stream.pointee.avail_out)
                    return r
                }
            }
            if (last ? rc != Z_STREAM_END : rc != Z_OK) || stream.pointee.avail_in != 0 {
                out.removeSubrange(start...)
                throw .zlib(path: nil, operation: "deflate", code: rc)
            }
        }
        if pieces.isEmpty { throw .invalidRecord(reason: "nothing to compress") }
        out.removeSubrange((start + produced)...)
    }
}
