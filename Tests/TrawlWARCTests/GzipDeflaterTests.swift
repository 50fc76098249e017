import Foundation
import Testing
import TrawlTestSupport
@testable import TrawlWARC

/// Each compression level's engine (stored and libdeflate at 0 and 4–9, igzip at 1–3) writes
/// gzip members that zlib reads back byte for byte, one member per record, whatever the input:
/// empty, tiny, incompressible (the stored fallback and its bound), longer than a stored block,
/// and text. A member is read where the next one starts, so a wrong length shows too.
@Suite struct GzipDeflaterTests {
    static let inputs: [(name: String, bytes: [UInt8])] = {
        var rng = SplitMix64(seed: 42)
        let noise = (0..<70_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        var text: [UInt8] = []
        while text.count < 150_000 {
            text += Array("<p>The council met on Tuesday to discuss the budget, item \(rng.next() % 1000).</p>\n".utf8)
        }
        return [("empty", []), ("one byte", [0x41]), ("noise 100", Array(noise[..<100])),
                ("noise 65,535", Array(noise[..<65_535])), ("noise 70,000", noise), ("text", text)]
    }()

    @Test(arguments: [Int32(0), 1, 2, 3, 4, 6, 9])
    func membersInflateToTheirInput(level: Int32) throws {
        let folder = try TempDir("gzip-level-\(level)")
        defer { folder.cleanup() }
        let deflater = try GzipDeflater(level: level)
        var file: [UInt8] = []
        var members: [(start: Int, length: Int)] = []
        for (_, bytes) in Self.inputs {
            var member: [UInt8] = []
            try deflater.appendMember([bytes[...]], to: &member)
            members.append((file.count, member.count))
            file += member
        }
        // Appending to a non-empty buffer (the writer's batch path) gives the same member.
        var appended: [UInt8] = [7]
        try deflater.appendMember([Self.inputs[5].bytes[...]], to: &appended)
        #expect(appended[1...].elementsEqual(file[members[5].start...].prefix(members[5].length)))

        let path = folder.path + "/members.gz"
        try Data(file).write(to: URL(fileURLWithPath: path))
        let inflater = try GzipMemberFile(path: path)
        for ((name, bytes), member) in zip(Self.inputs, members) {
            let read = try inflater.member(at: UInt64(member.start))
            #expect(read.bytes == bytes, "level \(level), \(name): inflated bytes differ")
            #expect(read.length == UInt64(member.length), "level \(level), \(name): member length")
        }
    }

    /// The fast levels shrink text (igzip really compresses; a stored-only engine passes the
    /// round trip too), and level 0 stores (a member a few bytes longer than its input).
    @Test func fastLevelsCompressAndLevelZeroStores() throws {
        let text = Self.inputs[5].bytes
        for level: Int32 in 1...3 {
            var member: [UInt8] = []
            try GzipDeflater(level: level).appendMember([text[...]], to: &member)
            #expect(member.count < text.count / 4, "level \(level): \(member.count) bytes for \(text.count)")
        }
        var stored: [UInt8] = []
        try GzipDeflater(level: 0).appendMember([text[...]], to: &stored)
        #expect(stored.count >= text.count)
    }

    /// Learned codes (`LearnedHuffman`): once built from a few text members, every input still
    /// inflates to itself, byte for byte, with the member's length right: symbols the samples
    /// never showed (noise, runs of zeros and 0xFF, which igzip codes on a path of its own), stored
    /// fallback past 65,535 bytes, empty and one-byte inputs. The members really are coded with
    /// the learned codes (they differ from level 1's and are smaller than the input), and only
    /// at level 1.
    @Test func learnedCodesRoundTripOnAnyInput() throws {
        let folder = try TempDir("gzip-learned")
        defer { folder.cleanup() }
        var rng = SplitMix64(seed: 7)
        let learning = LearnedHuffman(warmup: 3, sampleEvery: 2, refresh: 3)
        let deflater = try GzipDeflater(level: 1)
        let plain = try GzipDeflater(level: 1)
        // The first codes are built from text alone (every byte value still gets a code).
        var inputs: [[UInt8]] = (0..<3).map { Array(Self.inputs[5].bytes[(1_000 * $0)..<(1_000 * $0 + 5_000)]) }
        for round in 0..<40 {
            switch round % 8 {
            case 0: inputs.append(Array(Self.inputs[5].bytes.prefix(Int(rng.next() % 20_000) + 2_000)))
            case 1: inputs.append((0..<Int(rng.next() % 5_000)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            case 2: inputs.append(Array(repeating: 0, count: Int(rng.next() % 3_000) + 8) + Array("tail".utf8))
            case 3: inputs.append(Array(repeating: 0xFF, count: Int(rng.next() % 300) + 8))
            case 4: inputs.append(Self.inputs[4].bytes)  // 70,000 bytes of noise: stored blocks
            case 5: inputs.append(round % 16 == 5 ? [] : [UInt8(truncatingIfNeeded: rng.next())])
            case 6: inputs.append((0..<Int(rng.next() % 40_000)).map { _ in UInt8(ascii: "a") + UInt8(rng.next() % 3) })
            default: inputs.append(Array("outlink: http://example.com/\(rng.next()) L a/@href\r\n".utf8))
            }
        }
        var file: [UInt8] = []
        var members: [(start: Int, length: Int)] = []
        var learnedDiffers = false
        for (index, bytes) in inputs.enumerated() {
            var member: [UInt8] = []
            try deflater.appendMember(to: &member, learning: learning) { $0.append(contentsOf: bytes) }
            members.append((file.count, member.count))
            file += member
            if index % 8 == 3, index >= 16 {  // text, after the codes were built
                var level1: [UInt8] = []
                try plain.appendMember([bytes[...]], to: &level1)
                learnedDiffers = learnedDiffers || member != level1
                #expect(member.count < bytes.count / 2, "learned codes on text: \(member.count) bytes for \(bytes.count)")
            }
        }
        #expect(learnedDiffers, "the learned codes were never used")
        let path = folder.path + "/learned.gz"
        try Data(file).write(to: URL(fileURLWithPath: path))
        let inflater = try GzipMemberFile(path: path)
        for (index, (bytes, member)) in zip(inputs, members).enumerated() {
            let read = try inflater.member(at: UInt64(member.start))
            #expect(read.bytes == bytes, "input \(index) (\(bytes.count) bytes): inflated bytes differ")
            #expect(read.length == UInt64(member.length), "input \(index): member length")
        }
        // Levels 2 and 3 never use them: their members are what they were.
        for level: Int32 in 2...3 {
            var learned: [UInt8] = [], plainMember: [UInt8] = []
            try GzipDeflater(level: level).appendMember(to: &learned, learning: learning) { $0.append(contentsOf: inputs[8]) }
            try GzipDeflater(level: level).appendMember([inputs[8][...]], to: &plainMember)
            #expect(learned == plainMember, "level \(level)")
        }
    }
}
