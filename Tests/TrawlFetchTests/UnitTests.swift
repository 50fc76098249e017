import Testing
@testable import TrawlFetch

/// Pure pieces: header parsing, error tokens, duration conversion.
@Suite("Fetch units")
struct UnitTests {
    private func feed(_ lines: [String]) -> ResponseHeaderParser {
        var parser = ResponseHeaderParser()
        for line in lines {
            Array(line.utf8).withUnsafeBytes { parser.consume(line: $0) }
        }
        return parser
    }

    @Test("interim 1xx blocks and trailers are dropped; folding and odd spacing handled")
    func headerParser() {
        let parser = feed([
            "HTTP/1.1 100 Continue\r\n", "X-Interim: 1\r\n", "\r\n",
            "HTTP/1.1 200 OK\r\n", "Content-Type:text/html \r\n", "X-Long: a\r\n", " b\r\n",
            "Set-Cookie: a=1\r\n", "Set-Cookie: b=2\r\n", "\r\n",
            "X-Trailer: t\r\n",
        ])
        #expect(parser.headers == [
            HTTPHeader(name: "Content-Type", value: "text/html"),
            HTTPHeader(name: "X-Long", value: "a b"),
            HTTPHeader(name: "Set-Cookie", value: "a=1"),
            HTTPHeader(name: "Set-Cookie", value: "b=2"),
        ])
        #expect(parser.statusLineVersion == "HTTP/1.1")
    }

    @Test("non-UTF-8 header bytes are kept as Latin-1")
    func latin1Header() {
        var parser = ResponseHeaderParser()
        let line: [UInt8] = Array("X-Name: caf".utf8) + [0xE9] + [0x0D, 0x0A]
        line.withUnsafeBytes { parser.consume(line: $0) }
        #expect(parser.headers.first?.value == "café")
    }

    @Test("error kinds are the documented tokens")
    func kinds() {
        let cases: [(FetchError, String)] = [
            (.invalidURL("x"), "invalid_url"), (.couldNotResolveHost("x"), "dns"),
            (.couldNotConnect("x"), "connect"), (.timedOut("x"), "timeout"),
            (.bodyTooLarge(limit: 1), "too_large"), (.tls("x"), "tls"), (.cancelled, "cancelled"),
            (.transport(code: 56, message: "x"), "transport"),
        ]
        for (error, kind) in cases {
            #expect(error.kind == kind)
            #expect(!error.description.isEmpty)
        }
        #expect(FetchError.invalidURL("http://a b/").description.contains("http://a b/"))
    }

    @Test("durations become curl milliseconds, rounded up, never 0")
    func milliseconds() {
        #expect(EasyTransfer.milliseconds(.milliseconds(500)) == 500)
        #expect(EasyTransfer.milliseconds(.seconds(30)) == 30_000)
        #expect(EasyTransfer.milliseconds(.microseconds(1500)) == 2)
        #expect(EasyTransfer.milliseconds(.zero) == 1)
        #expect(EasyTransfer.milliseconds(.seconds(-5)) == 1)
        #expect(EasyTransfer.milliseconds(.seconds(Int64.max)) == Int.max)
    }

    @Test("response header lookup is case-insensitive and returns the first value")
    func headerLookup() {
        let response = FetchResponse(
            url: "http://x/", status: 200, httpVersion: "HTTP/1.1",
            headers: [HTTPHeader(name: "content-type", value: "a"), HTTPHeader(name: "Content-Type", value: "b")],
            body: [])
        #expect(response.header("CONTENT-TYPE") == "a")
        #expect(response.contentType == "a")
    }

    @Test("CURLcodes map to the right FetchError cases", arguments: [
        (UInt32(1), "invalid_url"), (3, "invalid_url"), (6, "dns"), (7, "connect"), (28, "timeout"),
        (35, "tls"), (60, "tls"), (63, "too_large"), (23, "transport"), (56, "transport"),
    ])
    func curlCodeMapping(code: UInt32, kind: String) {
        let error = FetchError.from(rawCode: code, message: "detail text", url: "http://h/", maxBodyBytes: 5, bodyCapHit: false)
        #expect(error.kind == kind)
        if kind != "invalid_url" && kind != "too_large" {
            #expect(error.description.contains("http://h/"))
            #expect(error.description.contains("detail text"))
        }
    }

    @Test("a write error caused by the body cap is bodyTooLarge")
    func capHitMapping() {
        let error = FetchError.from(rawCode: 23, message: "", url: "http://h/", maxBodyBytes: 5, bodyCapHit: true)
        #expect(error == .bodyTooLarge(limit: 5))
    }

    @Test("an empty curl error buffer falls back to curl_easy_strerror")
    func emptyMessage() {
        let error = FetchError.from(rawCode: 56, message: "", url: "http://h/", maxBodyBytes: 5, bodyCapHit: false)
        guard case .transport(let code, let message) = error else {
            Issue.record("expected transport, got \(error)")
            return
        }
        #expect(code == 56)
        #expect(message.count > "http://h/: ".count)
    }
}
