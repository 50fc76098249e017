import Foundation
import Testing
@testable import TrawlCore
import TrawlTestSupport

/// `ContentDecoder` on its own: brotli decodes, and every coding stops at the decoded-size cap.
@Suite("Hostile servers: content decoding")
struct HostileDecoderTests {
    @Test("the 106-byte brotli bomb really decodes to 128 MiB of zeros (so the crawl test caps a real bomb)")
    func brotliBombDecodesToItsSize() {
        let size = HostileBomb.brotliZerosSize
        guard case .decoded(let out) = ContentDecoder.decode(HostileBomb.brotliZeros, contentEncoding: "br", limit: size) else {
            Issue.record("not decoded within its own size")
            return
        }
        #expect(out.count == size)
        #expect(Data(out) == Data(count: size), "all zeros")
    }

    @Test("brotli bomb under a 1 MiB cap: tooLarge, like gzip and deflate bombs")
    func brotliBombCapped() {
        let capped = ContentDecoder.decode(HostileBomb.brotliZeros, contentEncoding: "br", limit: 1 << 20)
        #expect(capped == .tooLarge(limit: 1 << 20))
        let gzip = ContentDecoder.decode(HostileBomb.gzipZeros(matches: 10_000), contentEncoding: "gzip", limit: 1 << 20)
        #expect(gzip == .tooLarge(limit: 1 << 20))
    }

    @Test("a hand-written stored brotli stream decodes to its bytes; truncated or garbage brotli is corrupt, named br")
    func brotliStoredAndCorrupt() {
        let text = Array("<p>brotli stored block</p>".utf8)
        let stream = HostileBomb.brotliStored(text)
        #expect(ContentDecoder.decode(stream, contentEncoding: "br", limit: 1 << 20) == .decoded(text))
        #expect(ContentDecoder.decode(stream, contentEncoding: "gzip, br", limit: 1 << 20) != .decoded(text),
                "codings are undone last-applied first: br, then gzip (which fails)")
        guard case .corrupt(let coding, let reason) = ContentDecoder.decode(
            Array(stream.dropLast(5)), contentEncoding: "br", limit: 1 << 20) else {
            Issue.record("a truncated stream must be corrupt")
            return
        }
        #expect(coding == "br" && reason.contains("truncated"), "\(reason)")
        guard case .corrupt("br", _) = ContentDecoder.decode(Array("not brotli at all".utf8), contentEncoding: "br", limit: 1 << 20) else {
            Issue.record("garbage must be corrupt")
            return
        }
    }

    @Test("the crawler advertises only what it decodes")
    func acceptEncoding() {
        #expect(ContentDecoder.acceptEncoding == "gzip, deflate, br")
        #expect(ContentDecoder.decode([1, 2, 3], contentEncoding: "zstd", limit: 10) == .unsupported(coding: "zstd"))
    }
}
