internal import CZlib
import Foundation

/// Reads gzip members from a file, one at a time, at any offset: the reader's
/// and recovery's view of a `.warc.gz`. Buffers a window of the file so that
/// sequential reads of small members do not re-read the disk.
///
/// Owns the file descriptor and one `z_stream`, both released in `deinit`;
/// not thread-safe (one owner).
final class GzipMemberFile {
    let path: String
    private let fd: Int32
    let size: UInt64
    private let stream: UnsafeMutablePointer<z_stream>
    private var window: [UInt8] = []
    private var windowStart: UInt64 = 0
    private let windowSize = 1 << 18
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)

    init(path: String) throws(WARCError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(path: path, operation: "open", errno: errno) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno
            close(fd)
            throw .io(path: path, operation: "fstat", errno: e)
        }
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = trawl_inflate_init_gzip(stream)
        guard rc == Z_OK else {
            close(fd)
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw .zlib(path: path, operation: "inflateInit2", code: rc)
        }
        self.fd = fd
        self.size = UInt64(st.st_size)
        self.stream = stream
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        close(fd)
    }

    /// Makes the window start at or before `offset` and contain bytes from it; false at EOF.
    private func fill(at offset: UInt64) throws(WARCError) -> Bool {
        if offset >= windowStart && offset < windowStart + UInt64(window.count) { return true }
        if offset >= size { return false }
        let want = Int(min(UInt64(windowSize), size - offset))
        window = [UInt8](repeating: 0, count: want)
        var got = 0
        while got < want {
            let n = window.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, want - got, off_t(offset) + off_t(got)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, operation: "pread", errno: errno)
            }
            if n == 0 { break }
            got += n
        }
        window.removeSubrange(got...)
        windowStart = offset
        return got > 0
    }

    /// Decompresses the gzip member starting at `offset`.
    /// - Returns: the member's uncompressed bytes and its compressed length.
    /// - Throws: `malformed` if the member is incomplete (torn) or corrupt (bad CRC, not gzip).
    func member(at offset: UInt64, maxOutput: Int = Int.max) throws(WARCError) -> (bytes: [UInt8], length: UInt64) {
        func bad(_ reason: String) -> WARCError { .malformed(path: path, offset: offset, reason: reason) }
        let rc0 = inflateReset(stream)
        guard rc0 == Z_OK else { throw .zlib(path: path, operation: "inflateReset", code: rc0) }
        var pos = offset
        var out: [UInt8] = []
        while true {
            guard try fill(at: pos) else {
                throw bad(pos == offset ? "end of file" : "gzip member is incomplete (file ends after \(pos - offset) bytes of it)")
            }
            let startInWindow = Int(pos - windowStart)
            let available = window.count - startInWindow
            var rc: Int32 = Z_OK
            var consumed = 0
            window.withUnsafeBufferPointer { inBuf in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress! + startInWindow)
                stream.pointee.avail_in = uInt(available)
                repeat {
                    let produced: Int = chunk.withUnsafeMutableBufferPointer { outBuf in
                        stream.pointee.next_out = outBuf.baseAddress
                        stream.pointee.avail_out = uInt(outBuf.count)
                        rc = inflate(stream, Z_NO_FLUSH)
                        return outBuf.count - Int(stream.pointee.avail_out)
                    }
                    out.append(contentsOf: chunk[..<produced])
                } while rc == Z_OK && stream.pointee.avail_in > 0 && out.count <= maxOutput
                consumed = available - Int(stream.pointee.avail_in)
            }
            pos += UInt64(consumed)
            if out.count > maxOutput { throw bad("record is larger than \(maxOutput) bytes uncompressed") }
            switch rc {
            case Z_STREAM_END: return (out, pos - offset)
            case Z_OK, Z_BUF_ERROR: continue  // needs more input
            default:
                throw bad("not a valid gzip member (zlib code \(rc)\(stream.pointee.msg.map { ": " + String(cString: $0) } ?? ""))")
            }
        }
    }
}
