import Foundation
import Testing
import TrawlFetch
import TrawlTestSupport

/// The raw request and response heads the archive needs (issue 5): bytes exactly as sent and
/// received, and the body left encoded when `decodeContent` is off.
@Suite("Raw heads for the archive")
struct RawHeadTests {
    @Test("requestHead is the request as sent; responseHead the final head as received")
    func rawHeads() async throws {
        try await withServerAndFetcher(handler: { _ in
            TestResponse(
                headers: [(name: "Content-Type", value: "text/plain"), (name: "Content-Encoding", value: "gzip"),
                          (name: "X-Odd", value: "a  b")],
                body: Fixtures.gzippedHello)
        }) { server, fetcher in
            var req = request(server.origin + "/gz?x=1", decodeContent: false)
            req.headers = [HTTPHeader(name: "Accept-Encoding", value: "gzip, deflate")]
            let response = try await fetcher.fetch(req)
            #expect(response.body == Fixtures.gzippedHello)

            let sent = String(decoding: response.requestHead, as: UTF8.self)
            #expect(sent.hasPrefix("GET /gz?x=1 HTTP/1.1\r\n"))
            #expect(sent.hasSuffix("\r\n\r\n"))
            #expect(sent.contains("\r\nUser-Agent: TrawlFetchTests/1.0\r\n"))
            #expect(sent.contains("\r\nAccept-Encoding: gzip, deflate\r\n"))
            #expect(server.requests().first?.header("Accept-Encoding") == "gzip, deflate")

            let received = String(decoding: response.responseHead, as: UTF8.self)
            #expect(received.hasPrefix("HTTP/1.1 200"))
            #expect(received.hasSuffix("\r\n\r\n"))
            #expect(received.contains("\r\nContent-Encoding: gzip\r\n"))
            #expect(received.contains("\r\nX-Odd: a  b\r\n"))
            #expect(received.components(separatedBy: "\r\n\r\n").count == 2)
        }
    }

    @Test("each transfer gets its own heads (a reused connection does not leak the previous one)")
    func headsPerTransfer() async throws {
        try await withServerAndFetcher(handler: { req in .text("page \(req.target)") }) { server, fetcher in
            let first = try await fetcher.fetch(request(server.origin + "/one"))
            let second = try await fetcher.fetch(request(server.origin + "/two"))
            #expect(String(decoding: first.requestHead, as: UTF8.self).hasPrefix("GET /one HTTP/1.1\r\n"))
            #expect(String(decoding: second.requestHead, as: UTF8.self).hasPrefix("GET /two HTTP/1.1\r\n"))
            #expect(String(decoding: second.requestHead, as: UTF8.self).components(separatedBy: "GET ").count == 2)
            #expect(String(decoding: second.responseHead, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        }
    }
}
