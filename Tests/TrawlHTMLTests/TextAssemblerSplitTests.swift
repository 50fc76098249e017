import Testing
@testable import TrawlHTML

/// `TextAssembler.splitOnBlankLines` finds newlines with `memchr`; it must cut exactly where the
/// byte-by-byte definition cuts.
@Suite("TextAssembler blank-line split")
struct TextAssemblerSplitTests {
    /// The definition: a run of two or more newlines ends a block; a single newline stays inside.
    private func reference(_ bytes: [UInt8]) -> [String] {
        var blocks: [String] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                if i > start { blocks.append(String(decoding: bytes[start..<i], as: UTF8.self)) }
                i += 2
                while i < bytes.count, bytes[i] == 0x0A { i += 1 }
                start = i
                continue
            }
            i += 1
        }
        if start < bytes.count { blocks.append(String(decoding: bytes[start...], as: UTF8.self)) }
        return blocks
    }

    @Test("fixed cases: single newlines kept, runs split, newlines at both ends, empty input")
    func fixedCases() {
        #expect(TextAssembler.splitOnBlankLines(Array("a\nb\n\nc\n\n\n\nd\n".utf8)) == ["a\nb", "c", "d\n"])
        #expect(TextAssembler.splitOnBlankLines(Array("\n\nx\n\n".utf8)) == ["x"])
        #expect(TextAssembler.splitOnBlankLines([]) == [])
        #expect(TextAssembler.splitOnBlankLines(Array("\n".utf8)) == ["\n"])
    }

    @Test("random texts of letters, spaces and newlines split as the byte-by-byte definition does")
    func randomTexts() {
        var state: UInt64 = 42
        for _ in 0..<500 {
            var bytes: [UInt8] = []
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<Int(state >> 58) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes.append([0x61, 0x20, 0x0A, 0x0A, 0xC3, 0xA9][Int(state >> 61) % 6])
            }
            #expect(TextAssembler.splitOnBlankLines(bytes) == reference(bytes), "\(bytes)")
        }
    }
}
