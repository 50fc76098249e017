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
}
