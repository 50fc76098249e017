/// Brotli (RFC 7932) streams for the `Content-Encoding: br` scenarios.
extension HostileBomb {
    /// Decoded size of ``brotliZeros``.
    public static let brotliZerosSize = 128 << 20

    /// 106 bytes that decode to 128 MiB of zeros. Brotli's entropy coding is too involved to
    /// write by hand like the DEFLATE bombs, so these are libbrotlienc's output (quality 11,
    /// lgwin 24, `BrotliEncoderCompressStream` over 128 MiB of zeros); the brotli tests check
    /// the decoded size with libbrotlidec, so a wrong byte here fails them.
    public static let brotliZeros: [UInt8] = [
        207, 255, 255, 127, 248, 39, 0, 226, 177, 64, 32, 247, 254, 159, 255, 255, 255, 240, 79, 0, 196, 97,
        1, 128, 238, 253, 63, 255, 255, 255, 225, 159, 0, 136, 195, 34, 0, 221, 251, 127, 254, 255, 255, 195,
        63, 1, 16, 135, 5, 0, 186, 247, 255, 252, 255, 255, 135, 127, 2, 32, 14, 11, 0, 116, 239, 255, 249,
        255, 255, 15, 255, 4, 64, 28, 22, 0, 232, 222, 255, 243, 255, 255, 31, 254, 9, 128, 56, 44, 0, 208,
        189, 255, 207, 255, 255, 127, 252, 19, 0, 113, 88, 0, 160, 123, 255, 15,
    ]

    /// A brotli stream holding `data` (1…65,536 bytes) as one uncompressed meta-block, written by
    /// hand: WBITS 16 (bit 0), ISLAST 0, MNIBBLES 4, MLEN - 1 in 16 bits, ISUNCOMPRESSED 1, padding
    /// to the byte, the bytes, then an empty last meta-block (ISLAST 1, ISLASTEMPTY 1).
    public static func brotliStored(_ data: [UInt8]) -> [UInt8] {
        precondition((1...65_536).contains(data.count))
        let bits = UInt32(data.count - 1) << 4 | 1 << 20
        return [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16)] + data + [0x03]
    }
}
