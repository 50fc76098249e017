internal import CDeflate

/// Compresses each WARC record into its own gzip member (one member per record,
/// so any record can be decompressed alone from its offset, and a torn tail is
/// one incomplete member that recovery can cut off).
///
/// libdeflate, not zlib: a record is one whole buffer, and libdeflate compresses a whole buffer
/// about twice as fast as zlib at level 1, into smaller members (compression was most of the
/// cost of WARC output). The members are ordinary gzip (RFC 1952), read by zlib and every WARC tool.
///
/// Owns one compressor (allocated once, freed in `deinit`): not thread-safe, used by one
/// owner at a time (the `WARCWriter`, or one `PreparedCapture` while it is built).
final class GzipDeflater {
    private let compressor: OpaquePointer
    private var scratch: [UInt8] = []

    /// - Parameter level: 1 (fastest) … 12 (smallest); Trawl allows 1…9.
    init(level: Int32) throws(WARCError) {
        guard let compressor = libdeflate_alloc_compressor(level) else {
            throw .zlib(path: nil, operation: "libdeflate_alloc_compressor(level \(level))", code: -1)
        }
        self.compressor = compressor
    }

    deinit {
        libdeflate_free_compressor(compressor)
    }

    /// Appends one complete gzip member holding `pieces` (concatenated) to `out`.
    func appendMember(_ pieces: [ArraySlice<UInt8>], to out: inout [UInt8]) throws(WARCError) {
        if pieces.isEmpty { throw .invalidRecord(reason: "nothing to compress") }
        scratch.removeAll(keepingCapacity: true)
        for piece in pieces { scratch.append(contentsOf: piece) }
        let bound = libdeflate_gzip_compress_bound(compressor, scratch.count)
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: bound))
        let produced = scratch.withUnsafeBytes { input in
            out.withUnsafeMutableBytes { output in
                libdeflate_gzip_compress(compressor, input.baseAddress, input.count, output.baseAddress! + start, bound)
            }
        }
        guard produced > 0 else {
            out.removeSubrange(start...)
            throw .zlib(path: nil, operation: "libdeflate_gzip_compress", code: -1)
        }
        out.removeSubrange((start + produced)...)
    }
}
