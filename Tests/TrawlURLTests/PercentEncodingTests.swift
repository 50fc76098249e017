import Testing

@testable import TrawlURL

/// The literal encode-set masks must equal their WHATWG definitions.
@Suite struct PercentEncodingTests {
    static let empty = PercentEncodeSet(low: 0, high: 0)

    static func same(_ a: PercentEncodeSet, _ b: PercentEncodeSet) -> Bool { a.low == b.low && a.high == b.high }

    @Test func setsMatchTheirDefinitions() {
        let c0 = Self.empty.adding(String(decoding: Array(0..<0x20 as Range<UInt8>) + [0x7F], as: UTF8.self))
        #expect(Self.same(.c0Control, c0))
        #expect(Self.same(.fragment, c0.adding(" \"<>`")))
        let query = c0.adding(" \"#<>")
        #expect(Self.same(.query, query))
        #expect(Self.same(.specialQuery, query.adding("'")))
        let path = query.adding("?^`{}")
        #expect(Self.same(.path, path))
        #expect(Self.same(.notPlainPath, path.adding("%'[\\]|")))
        #expect(Self.same(.userinfo, path.adding("/:;=@[\\]^|")))
        let forbiddenHost = Self.empty.adding("\u{0}\t\n\r #/:<>?@[\\]^|")
        #expect(Self.same(.forbiddenHost, forbiddenHost))
        #expect(Self.same(.forbiddenDomain, forbiddenHost.adding("%").adding(String(decoding: Array(0..<0x20 as Range<UInt8>) + [0x7F], as: UTF8.self))))
        for b in UInt8(0x80)...0xFF { #expect(PercentEncodeSet.c0Control.contains(b)) }
    }

    @Test func encodingUsesUppercaseHex() {
        var out: [UInt8] = []
        for b in " é~".utf8 { out.appendEncoded(b, .path) }
        #expect(String(decoding: out, as: UTF8.self) == "%20%C3%A9~")
    }
}
