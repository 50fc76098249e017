import Crypto

/// `WARC-Block-Digest` / `WARC-Payload-Digest` values: `sha1:` + RFC 4648 base32
/// of the SHA-1, the form pywb, OpenWayback, warcio and Heritrix write and compare.
public enum WARCDigest {
    /// `sha1:BASE32` of `bytes`.
    public static func sha1<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var h = Insecure.SHA1()
        if let done: Void = bytes.withContiguousStorageIfAvailable({ h.update(bufferPointer: UnsafeRawBufferPointer($0)) }) {
            _ = done
        } else {
            h.update(data: Array(bytes))
        }
        return "sha1:" + base32(Array(h.finalize()))
    }

    /// `sha1:BASE32` of no bytes (a GET request's payload).
    public static let emptySHA1 = sha1([UInt8]())

    /// `sha1:BASE32` of several pieces hashed as one (no concatenation copy).
    public static func sha1(pieces: [ArraySlice<UInt8>]) -> String {
        var h = Insecure.SHA1()
        for p in pieces { p.withUnsafeBytes { h.update(bufferPointer: $0) } }
        return "sha1:" + base32(Array(h.finalize()))
    }

    /// The base32 part of a digest string (`sha1:ABC…` → `ABC…`), as CDXJ stores it.
    public static func bare(_ digest: String) -> String {
        guard let colon = digest.firstIndex(of: ":") else { return digest }
        return String(digest[digest.index(after: colon)...])
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// RFC 4648 base32, upper case, `=`-padded to a multiple of 8 characters
    /// (a 20-byte SHA-1 needs no padding: 32 characters).
    public static func base32(_ data: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((data.count + 4) / 5 * 8)
        var buffer: UInt64 = 0
        var bits = 0
        for byte in data {
            buffer = (buffer << 8) | UInt64(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((buffer >> UInt64(bits)) & 31)])
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt64(5 - bits)) & 31)]) }
        while out.count % 8 != 0 { out.append(UInt8(ascii: "=")) }
        return String(decoding: out, as: UTF8.self)
    }
}
