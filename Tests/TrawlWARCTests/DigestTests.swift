import Foundation
import Testing
@testable import TrawlWARC

@Suite struct DigestTests {
    @Test func base32MatchesRFC4648Vectors() {
        let vectors = ["": "", "f": "MY======", "fo": "MZXQ====", "foo": "MZXW6===", "foob": "MZXW6YQ=",
                       "fooba": "MZXW6YTB", "foobar": "MZXW6YTBOI======"]
        for (input, expected) in vectors {
            #expect(WARCDigest.base32(Array(input.utf8)) == expected, "base32(\(input))")
        }
    }

    @Test func sha1DigestIsTheReplayToolForm() {
        // SHA-1("") = da39a3ee…, the well-known empty-payload digest in CDX files.
        #expect(WARCDigest.sha1([UInt8]()) == "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ")
        let abc = Array("abc".utf8)
        #expect(WARCDigest.sha1(abc) == WARCDigest.sha1(pieces: [abc[0..<1], abc[1...]]))
        #expect(WARCDigest.bare("sha1:ABC") == "ABC")
    }

    @Test func warcDateHasMicrosecondsInUTC() {
        let d = Date(timeIntervalSince1970: 1_700_000_000.25)
        #expect(WARCDate.string(d) == "2023-11-14T22:13:20.250000Z")
        #expect(WARCDate.timestamp14(d) == "20231114221320")
        #expect(WARCDate.timestamp14(fromWARCDate: "2023-11-14T22:13:20Z") == "20231114221320")
        #expect(WARCDate.timestamp14(fromWARCDate: "2023-11-14") == "20231114000000")
        #expect(WARCDate.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(WARCDate.string(Date(timeIntervalSince1970: 4_102_444_799.9999996)) == "2100-01-01T00:00:00.000000Z")
        #expect(WARCDate.string(Date(timeIntervalSince1970: 1_700_000_000.000001)) == "2023-11-14T22:13:20.000001Z")
    }
}
