internal import CDeflate
import Synchronization

/// Compresses each WARC record into its own gzip member (one member per record,
/// so any record can be decompressed alone from its offset, and a torn tail is
/// one incomplete member that recovery can cut off).
///
/// libdeflate, not zlib: a record is one whole buffer, and libdeflate compresses a whole buffer
/// about twice as fast as zlib at level 1, into smaller members (compression was most of the
/// cost of WARC output). The members are ordinary gzip (RFC 1952), read by zlib and every WARC tool.
///
/// Owns one compressor (allocated once, freed in `deinit`) and a scratch buffer the record is
/// serialized into: not thread-safe, used by one owner at a time (the `WARCWriter`, or one
/// `PreparedCapture` while it is built, through ``withPooled(level:_:)``).
///
/// `@unchecked Sendable` only so the pool can hand a deflater from one thread to the next: a
/// pooled deflater is owned by exactly one caller between `take` and `put back` (the pool's
/// mutex orders the hand-over), and nothing else holds a reference meanwhile.
final class GzipDeflater: @unchecked Sendable {
    private let compressor: OpaquePointer
    let level: Int32
    /// The uncompressed member (the serialized record), kept between members so its capacity
    /// is reused.
    private var scratch: [UInt8] = []

    /// - Parameter level: 1 (fastest) … 12 (smallest); Trawl allows 1…9.
    init(level: Int32) throws(WARCError) {
        guard let compressor = libdeflate_alloc_compressor(level) else {
            throw .zlib(path: nil, operation: "libdeflate_alloc_compressor(level \(level))", code: -1)
        }
        self.compressor = compressor
        self.level = level
    }

    deinit {
        libdeflate_free_compressor(compressor)
    }

    /// Deflaters kept between captures: a libdeflate compressor is a few hundred KB to
    /// allocate (and fault in) for every capture otherwise. At most `poolLimit` are kept.
    private static let pool = Mutex<[GzipDeflater]>([])
    private static let poolLimit = 16

    /// Runs `body` with a deflater of `level` taken from the pool (or a new one), and puts it
    /// back afterwards. `body` must not keep the deflater.
    static func withPooled<R>(level: Int32, _ body: (GzipDeflater) throws(WARCError) -> R) throws(WARCError) -> R {
        let pooled = pool.withLock { deflaters -> GzipDeflater? in
            guard let index = deflaters.lastIndex(where: { $0.level == level }) else { return nil }
            return deflaters.remove(at: index)
        }
        let deflater: GzipDeflater
        if let pooled { deflater = pooled } else { deflater = try GzipDeflater(level: level) }
        defer {
            if deflater.scratch.capacity > 1 << 20 { deflater.scratch = [] }  // no huge page held forever
            pool.withLock { deflaters in
                if deflaters.count < poolLimit { deflaters.append(deflater) }
            }
        }
        return try body(deflater)
    }

    /// Appends one complete gzip member holding `pieces` (concatenated) to `out`.
    func appendMember(_ pieces: [ArraySlice<UInt8>], to out: inout [UInt8]) throws(WARCError) {
        if pieces.isEmpty { throw .invalidRecord(reason: "nothing to compress") }
        try appendMember(to: &out) { (scratch: inout [UInt8]) throws(WARCError) in
            for piece in pieces { scratch.append(contentsOf: piece) }
        }
    }

    /// Appends one complete gzip member to `out` holding the bytes `fill` appends to an empty
    /// buffer (so a record is serialized straight into the compressor's input, with no
    /// intermediate copy).
    func appendMember(to out: inout [UInt8], _ fill: (inout [UInt8]) throws(WARCError) -> Void) throws(WARCError) {
        scratch.removeAll(keepingCapacity: true)
        try fill(&scratch)
        let bound = libdeflate_gzip_compress_bound(compressor, scratch.count)
        if out.isEmpty {  // the usual case: a member of its own, compressed into uninitialized memory
            var produced = 0
            out = scratch.withUnsafeBytes { input in
                [UInt8](unsafeUninitializedCapacity: bound) { output, count in
                    produced = libdeflate_gzip_compress(compressor, input.baseAddress, input.count, output.baseAddress, bound)
                    count = produced
                }
            }
            guard produced > 0 else { throw .zlib(path: nil, operation: "libdeflate_gzip_compress", code: -1) }
            return
        }
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
