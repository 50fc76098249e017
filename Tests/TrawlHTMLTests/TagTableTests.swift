import Testing
@testable import TrawlHTML

/// `TagTable` looks element names up by their bytes packed into words; its answer must be the
/// definition's, `Tag.byName[String(cString: name)] ?? .other`, for every name.
@Suite("Tag table")
struct TagTableTests {
    private func reference(_ name: [UInt8]) -> TrawlHTML.Tag {
        TrawlHTML.Tag.byName[String(decoding: name, as: UTF8.self)] ?? .other
    }

    private func lookup(_ name: [UInt8]) -> TrawlHTML.Tag {
        (name + [0]).withUnsafeBufferPointer { TagTable.shared.tag(named: $0.baseAddress!) }
    }

    @Test("every tag name finds its tag")
    func everyName() {
        #expect(TrawlHTML.Tag.byName.count > 80)
        for (name, tag) in TrawlHTML.Tag.byName {
            #expect(lookup(Array(name.utf8)) == tag, "\(name)")
        }
    }

    @Test("names near the tag names (cut, extended, other case, other bytes) get the definition's tag")
    func nearNames() {
        var names: [[UInt8]] = [[], Array("x".utf8), Array("h7".utf8), Array("blockquotes".utf8),
                                Array("figcaptionx".utf8), Array("abcdefghijklmnop".utf8), [0xC3, 0xA9]]
        for name in TrawlHTML.Tag.byName.keys {
            let b = Array(name.utf8)
            names.append(Array(b.dropLast()))
            names.append(Array(b.dropFirst()))
            names.append(b + Array("x".utf8))
            names.append(b + b)
            names.append(Array(name.uppercased().utf8))
            names.append(b + [0xFF])
        }
        var state: UInt64 = 11
        for _ in 0..<20_000 {
            var name: [UInt8] = []
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let length = Int(state >> 60)
            for _ in 0..<length {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                // Mostly the letters and digits of tag names, so lookups collide and probe.
                let r = Int(state >> 33)
                name.append(r % 8 == 0 ? UInt8(truncatingIfNeeded: r >> 3) | 1 : Array("abdehilmnoprstuv1236".utf8)[r % 20])
            }
            names.append(name)
        }
        for name in names {
            #expect(lookup(name) == reference(name), "\(name)")
        }
    }
}
