import Foundation
import Testing
@testable import TrawlWARC

/// SURT/canonicalization against iipc/urlcanon's test data (shared/conformance/url/urlcanon),
/// for the groups whose rules are the IA/pywb ones implemented here.
@Suite struct SURTTests {
    static func group(_ file: String, _ name: String) throws -> [(String, String)] {
        let path = try sharedDirectory() + "/conformance/url/urlcanon/" + file
        guard let data = FileManager.default.contents(atPath: path) else {
            Issue.record("cannot read \(path); set TRAWL_SHARED to the shared/ folder")
            return []
        }
        let json = try JSONSerialization.jsonObject(with: data) as! [String: [String: String]]
        let cases = try #require(json[name], "group \(name) missing from \(path)")
        #expect(!cases.isEmpty)
        return cases.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    @Test func defaultIASurtIsThePywbKey() throws {
        for (input, expected) in try Self.group("surt.json", "defaultIASurt") {
            #expect(SURT.key(input) == expected, "SURT.key(\(input))")
        }
    }

    @Test(arguments: ["Canonicalizer.DefaultIA", "Canonicalizer.IA"])
    func iaCanonicalization(group: String) throws {
        for (input, expected) in try Self.group("surt.json", group) {
            #expect(SURT.canonicalize(input) == expected, "canonicalize(\(input))")
        }
    }

    /// Google safe-browsing rules; excluded: IDNA (done by TrawlURL before a URL
    /// reaches the archive) and a key whose bytes the JSON cannot carry.
    @Test func googleCanonicalization() throws {
        let excluded: Set<String> = ["http://\u{1}\u{80}.com/", "Bücher.ch:8080", "\u{E2}\u{98}\u{83}.com"]
        var cases = try Self.group("surt.json", "google") + Self.group("surt.json", "googleSupplementalFromSurt")
        cases.removeAll { excluded.contains($0.0) }
        #expect(cases.count >= 34)
        for (input, expected) in cases {
            guard let u = ParsedURL(input, defaultHTTP: true) else { Issue.record("unparsed \(input)"); continue }
            #expect(SURT.googleCanonical(u).string == expected, "google(\(input.debugDescription))")
        }
    }

    @Test("control bytes: trimmed at the ends (U+0000…U+0020), tabs/CR/LF dropped inside, other URLs untouched")
    func controlBytes() {
        let cases = [
            "http://a.example/x", " \t http://a.example/x \u{0}\n", "http://a.\texample/\r\nx", "http://a.example/ x",
            "\u{1}\u{20}", "", "http://é.example/ü\t", "\r\n",
        ]
        for raw in cases {
            var expected = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\u{0}"..."\u{20}"))
            expected.removeAll { $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
            #expect(ParsedURL.withoutControlBytes(raw) == expected, "\(raw.debugDescription)")
        }
    }

    @Test func helperGroups() throws {
        for (i, e) in try Self.group("surt.json", "alphaRorderQuery") { #expect(SURT.alphaReorderQuery(i) == e, "\(i)") }
        for (i, e) in try Self.group("surt.json", "massageHost") { #expect(SURT.massageHost(i) == e, "\(i)") }
        for (i, e) in try Self.group("surt.json", "stripPathSessionId") { #expect(SURT.stripPathSessionID(i) == e, "\(i)") }
        for (i, e) in try Self.group("surt.json", "unescapeRepeatedly") {
            #expect(String(decoding: SURT.unescapeRepeatedly(Array(i.utf8)), as: UTF8.self) == e, "\(i)")
        }
        for (i, e) in try Self.group("ssurt.json", "reverseHost") { #expect(SURT.reverseHost(i) == e, "\(i)") }
    }

    /// urlcanon's plain SURT forms (no canonicalization; userinfo dropped, fragment kept).
    @Test(arguments: [("surt", true, true), ("surtWithoutScheme", false, true), ("surtWithoutTrailingComma", true, false)])
    func plainSurtForms(group: String, scheme: Bool, comma: Bool) throws {
        let options = SURT.Options(canonicalize: false, includeScheme: scheme, trailingComma: comma)
        for (input, expected) in try Self.group("ssurt.json", group) {
            #expect(SURT.string(input, options: options) == expected, "\(group)(\(input))")
        }
    }

    @Test func cdxjKeysSortHostsTogether() {
        #expect(SURT.key("http://www.Example.com/A/?b=1&a=2#x") == "com,example)/a?a=2&b=1")
        #expect(SURT.key("https://example.com:443/") == "com,example)/")
        #expect(SURT.key("http://example.com:8080/x") == "com,example:8080)/x")
        #expect(SURT.key("http://10.0.0.1/x") == "10.0.0.1)/x")
    }
}
