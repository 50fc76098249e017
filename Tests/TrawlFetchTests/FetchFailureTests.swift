import Foundation
import Testing
import TrawlFetch
import TrawlTestSupport

/// Limits and failures: body cap, timeouts, refused connections, bad URLs.
@Suite("Fetch failures")
struct FetchFailureTests {
    @Test("a Content-Length above maxBodyBytes fails with bodyTooLarge")
    func announcedBodyTooLarge() async throws {
        try await withServerAndFetcher(handler: { _ in
            TestResponse(body: [UInt8](repeating: 0x61, count: 2000))
        }) { server, fetcher in
            let error = await fetchError { try await fetcher.fetch(request(server.origin + "/big", maxBodyBytes: 1000)) }
            #expect(error == .bodyTooLarge(limit: 1000))
            #expect(error?.kind == "too_large")
        }
    }

    @Test("a chunked body growing past maxBodyBytes is aborted while streaming")
    func streamedBodyTooLarge() async throws {
        try await withServerAndFetcher(handler: { _ in
            TestResponse(
                headers: [(name: "Transfer-Encoding", value: "chunked")],
                body: [UInt8](repeating: 0x61, count: 50_000))
        }) { server, fetcher in
            let error = await fetchError { try await fetcher.fetch(request(server.origin + "/big", maxBodyBytes: 1000)) }
            #expect(error == .bodyTooLarge(limit: 1000))
        }
    }

    @Test("the cap applies to the decoded body (gzip bomb)")
    func decodedBodyTooLarge() async throws {
        try await withServerAndFetcher(handler: { _ in
            TestResponse(headers: [(name: "Content-Encoding", value: "gzip")], body: Fixtures.gzipBomb)
        }) { server, fetcher in
            let error = await fetchError { try await fetcher.fetch(request(server.origin + "/bomb", maxBodyBytes: 10_000)) }
            #expect(error == .bodyTooLarge(limit: 10_000))
            // Undecoded, the same response fits.
            let raw = try await fetcher.fetch(request(server.origin + "/bomb", maxBodyBytes: 10_000, decodeContent: false))
            #expect(raw.body.count == Fixtures.gzipBomb.count)
        }
    }

    @Test("a body of exactly maxBodyBytes is accepted")
    func bodyAtLimit() async throws {
        try await withServerAndFetcher(handler: { _ in
            TestResponse(headers: [(name: "Transfer-Encoding", value: "chunked")], body: [UInt8](repeating: 0x62, count: 1000))
        }) { server, fetcher in
            let response = try await fetcher.fetch(request(server.origin + "/", maxBodyBytes: 1000))
            #expect(response.body.count == 1000)
        }
    }

    @Test("a slow server with a 500 ms timeout fails with timedOut")
    func timeout() async throws {
        try await withServerAndFetcher(handler: { _ in TestResponse.text("late").delayed(by: .seconds(3)) }) { server, fetcher in
            let clock = ContinuousClock()
            let start = clock.now
            let error = await fetchError { try await fetcher.fetch(request(server.origin + "/slow", timeout: .milliseconds(500))) }
            let elapsed = clock.now - start
            guard case .timedOut(let detail) = error else {
                Issue.record("expected timedOut, got \(String(describing: error))")
                return
            }
            #expect(detail.contains(server.origin))
            #expect(error?.kind == "timeout")
            #expect(elapsed >= .milliseconds(450))
        }
    }

    @Test("connection refused fails with couldNotConnect")
    func connectionRefused() async throws {
        let port = try closedLocalPort()
        let fetcher = Fetcher(configuration: .loopback())
        defer { fetcher.shutdown() }
        let url = "http://127.0.0.1:\(port)/"
        let error = await fetchError { try await fetcher.fetch(request(url)) }
        guard case .couldNotConnect(let detail) = error else {
            Issue.record("expected couldNotConnect, got \(String(describing: error))")
            return
        }
        #expect(detail.contains(url))
        #expect(error?.kind == "connect")
        #expect(error?.description.contains(url) == true)
    }

    @Test("non-http schemes and malformed URLs fail with invalidURL", arguments: [
        "ftp://127.0.0.1/file", "file:///etc/passwd", "", "http://[::1/", "http://exa mple.com/",
    ])
    func invalidURL(_ url: String) async throws {
        let fetcher = Fetcher(configuration: .loopback())
        defer { fetcher.shutdown() }
        let error = await fetchError { try await fetcher.fetch(request(url)) }
        #expect(error == .invalidURL(url))
        #expect(error?.kind == "invalid_url")
    }

    @Test("https to a plain-HTTP server fails with tls")
    func tlsHandshakeFailure() async throws {
        try await withServerAndFetcher(handler: { _ in .text("plain") }) { server, fetcher in
            let url = "https://127.0.0.1:\(server.port)/"
            let error = await fetchError { try await fetcher.fetch(request(url, timeout: .seconds(10))) }
            #expect(error?.kind == "tls")
            #expect(error?.description.contains(url) == true)
        }
    }
}
