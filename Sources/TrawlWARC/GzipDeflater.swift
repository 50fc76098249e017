internal import CDeflate
internal import CIgzip
import Synchronization

/// Compresses each WARC record into its own gzip member (one member per record,
/// so any record can be decompressed alone from its offset, and a torn tail is
/// one incomplete member that recovery can cut off).
///
/// Two engines, by level, both compressing a record as one whole buffer:
/// - levels 1–3 (the fast ones; 1 is the default): Intel ISA-L's igzip levels 1–3. On news pages
///   its level 1 compresses ~2.3× as fast as libdeflate's level 1 for ~3% more bytes, and its
///   level 3 matches libdeflate 1's size at ~1.7× its speed (compression was ~15% of a crawl's CPU).
/// - level 0 (stored blocks: payloads compressed already; requests unless the level is 1) and
///   4–9: libdeflate's levels, for archives where size matters more than CPU.
/// At level 1, members of the common record types are coded in one pass with Huffman codes
/// learned from earlier members of their type (``LearnedHuffman``), not a code built per member.
/// The members are ordinary gzip (RFC 1952), read by zlib and every WARC tool.
///
/// Owns its engine's memory (allocated once, freed in `deinit`) and a scratch buffer the record is
/// serialized into: not thread-safe, used by one owner at a time (the `WARCWriter`, or one
/// `PreparedCapture` while it is built, through ``withPooled(level:_:)``).
///
/// `@unchecked Sendable` only so the pool can hand a deflater from one thread to the next: a
/// pooled deflater is owned by exactly one caller between `take` and `put back` (the pool's
/// mutex orders the hand-over), and nothing else holds a reference meanwhile.
final class GzipDeflater: @unchecked Sendable {
    private let engine: Engine
    let level: Int32
    /// The uncompressed member (the serialized record), kept between members so its capacity
    /// is reused.
    private var scratch: [UInt8] = []

    /// A compressor's work memory: a libdeflate compressor, or an igzip stream and its level buffer.
    private enum Engine {
        case libdeflate(OpaquePointer)
        case igzip(stream: UnsafeMutablePointer<isal_zstream>, levelBuffer: UnsafeMutableRawPointer?)
    }

    /// The levels igzip compresses at; the others go to libdeflate.
    static let igzipLevels: ClosedRange<Int32> = 1...3

    /// - Parameter level: 0 (stored), 1 (fastest) … 9 (smallest).
    init(level: Int32) throws(WARCError) {
        if Self.igzipLevels.contains(level) {
            let stream = UnsafeMutablePointer<isal_zstream>.allocate(capacity: 1)
            let size = Int(trawl_igzip_level_buffer_size(level))
            engine = .igzip(stream: stream, levelBuffer: size == 0 ? nil : .allocate(byteCount: size, alignment: 16))
        } else {
            guard let compressor = libdeflate_alloc_compressor(level) else {
                throw .zlib(path: nil, operation: "libdeflate_alloc_compressor(level \(level))", code: -1)
            }
            engine = .libdeflate(compressor)
        }
        self.level = level
    }

    deinit {
        switch engine {
        case .libdeflate(let compressor):
            libdeflate_free_compressor(compressor)
        case .igzip(let stream, let levelBuffer):
            stream.deallocate()
            levelBuffer?.deallocate()
        }
    }

    /// The most bytes a member of `length` input bytes can take.
    private func bound(_ length: Int) -> Int {
        switch engine {
        case .libdeflate(let compressor): libdeflate_gzip_compress_bound(compressor, length)
        case .igzip: trawl_igzip_gzip_bound(length)
        }
    }

    /// Compresses `input` into one gzip member at `output`; its length, or 0 on failure. With
    /// `tables` (igzip only) the member is coded with them in one pass (igzip's level 0).
    private func compress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
                          tables: LearnedHuffman.Tables?) -> Int {
        switch engine {
        case .libdeflate(let compressor):
            libdeflate_gzip_compress(compressor, input.baseAddress, input.count, output.baseAddress, output.count)
        case .igzip(let stream, let levelBuffer):
            withExtendedLifetime(tables) {
                trawl_igzip_gzip(
                    stream, tables == nil ? levelBuffer?.assumingMemoryBound(to: UInt8.self) : nil,
                    tables == nil ? level : 0, tables?.pointer,
                    input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count,
                    output.baseAddress?.assumingMemoryBound(to: UInt8.self), output.count)
            }
        }
    }

    /// Whether members may be coded with learned tables: only at level 1, the fastest (levels
    /// 2 and 3 ask for smaller members, and libdeflate's levels have no such mode).
    var learns: Bool { level == 1 }

    /// Deflaters kept between captures: an engine's work memory is a few hundred KB to
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
    /// intermediate copy). With `learning` (used only when ``learns``), the member is counted
    /// into those codes and, once they are built, coded with them.
    func appendMember(to out: inout [UInt8], learning: LearnedHuffman? = nil,
                      _ fill: (inout [UInt8]) throws(WARCError) -> Void) throws(WARCError) {
        scratch.removeAll(keepingCapacity: true)
        try fill(&scratch)
        let tables = learns ? learning.flatMap { learning in scratch.withUnsafeBytes { learning.tables(observing: $0) } } : nil
        let bound = bound(scratch.count)
        if out.isEmpty {  // the usual case: a member of its own, compressed into uninitialized memory
            var produced = 0
            out = scratch.withUnsafeBytes { input in
                [UInt8](unsafeUninitializedCapacity: bound) { output, count in
                    produced = compress(input, into: UnsafeMutableRawBufferPointer(output), tables: tables)
                    count = produced
                }
            }
            guard produced > 0 else { throw compressionFailed }
            return
        }
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: bound))
        let produced = scratch.withUnsafeBytes { input in
            out.withUnsafeMutableBytes { output in
                compress(input, into: UnsafeMutableRawBufferPointer(rebasing: output[start...]), tables: tables)
            }
        }
        guard produced > 0 else {
            out.removeSubrange(start...)
            throw compressionFailed
        }
        out.removeSubrange((start + produced)...)
    }

    private var compressionFailed: WARCError {
        switch engine {
        case .libdeflate: .zlib(path: nil, operation: "libdeflate_gzip_compress (level \(level))", code: -1)
        case .igzip: .zlib(path: nil, operation: "isal_deflate_stateless (igzip level \(level))", code: -1)
        }
    }
}
