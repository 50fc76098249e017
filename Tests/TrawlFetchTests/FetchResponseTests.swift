import Foundation
import Testing
import TrawlFetch
import TrawlTestSupport

/// Plain request/response behaviour against a local HTTP/1.1 server.
@Suite("Fetch responses")
struct FetchResponseTests {
    @Test("200 comes back with body, headers in order, version, remote IP and timing")
    func okResponse() async throws {
        try await withServerAndFetcher(handler: { _ in
            TestResponse(
                status: 200,
                headers: [
                    (name: "Content-Type", value: "text/html; charset=utf-8"),
                    (name: "X-First", value: "one"),
                    (name: "X-Second", value: "two"),
                ],
                body: Array("<html>hi</html>".utf8))
        }) { server, fetcher in
            let before = Date()
            let response = try await fetcher.fetch(request(server.origin + "/page?q=1"))
            #expect(response.url == server.origin + "/page?q=1")
            #expect(response.status == 200)
            #expect(response.httpVersion == "HTTP/1.1")
            #expect(String(decoding: response.body, as: UTF8.self) == "<html>hi</html>")
            #expect(response.contentType == "text/html; charset=utf-8")
            #expect(response.header("content-TYPE") == "text/html; charset=utf-8")
            #expect(response.header("Content-Length") == "15")
            #expect(response.header("X-Missing") == nil)
            let names = response.headers.map(\.name)
            let first = try #require(names.firstIndex(of: "X-First"))
            let second = try #require(names.firstIndex(of: "X-Second"))
            #expect(first < second)
            #expect(response.redirectLocation == nil)
            #expect(response.remoteIP == "127.0.0.1")
            #expect(response.startedAt >= before.addingTimeInterval(-1))
            #expect(response.duration > .zero)
            #expect(server.requests().map(\.target) == ["/page?q=1"])
            #expect(server.requests().first?.method == "GET")
        }
    }

    @Test("404 is a response, not an error")
    func notFound() async throws {
        try await withServerAndFetcher(handler: { _ in .notFound }) { server, fetcher in
            let response = try await fetcher.fetch(request(server.origin + "/missing"))
            #expect(response.status == 404)
            #expect(String(decoding: response.body, as: UTF8.self) == "Not Found\n")
        }
    }

    @Test("301 is returned, not followed, with an absolute redirectLocation")
    func redirectNotFollowed() async throws {
        try await withServerAndFetcher(handler: { request in
            request.path == "/old" ? .redirect(to: "/new?x=1", status: 301) : .html("new")
        }) { server, fetcher in
            let response = try await fetcher.fetch(request(server.origin + "/old"))
            #expect(response.status == 301)
            #expect(response.header("Location") == "/new?x=1")
            #expect(response.redirectLocation == server.origin + "/new?x=1")
            #expect(server.requests().map(\.path) == ["/old"])
        }
    }

    @Test("302 to another host keeps the absolute target")
    func redirectAbsolute() async throws {
        try await withServerAndFetcher(handler: { _ in
            .redirect(to: "https://example.org/elsewhere", status: 302)
        }) { server, fetcher in
            let response = try await fetcher.fetch(request(server.origin + "/"))
            #expect(response.status == 302)
            #expect(response.redirectLocation == "https://example.org/elsewhere")
            #expect(server.requests().count == 1)
        }
    }

    @Test("gzip body is decoded when decodeContent is true, kept raw otherwise")
    func gzipDecoded() async throws {
        try await withServerAndFetcher(handler: { _ in
            TestResponse(
                headers: [(name: "Content-Type", value: "text/plain"), (name: "Content-Encoding", value: "gzip")],
                body: Fixtures.gzippedHello)
        }) { server, fetcher in
            let decoded = try await fetcher.fetch(request(server.origin + "/gz"))
            #expect(String(decoding: decoded.body, as: UTF8.self) == Fixtures.hello)
            #expect(decoded.header("Content-Encoding") == "gzip")

            let raw = try await fetcher.fetch(request(server.origin + "/gz", decodeContent: false))
            #expect(raw.body == Fixtures.gzippedHello)

            let sent = server.requests()
            #expect(sent.count == 2)
            let acceptEncoding = try #require(sent.first?.header("Accept-Encoding"))
            #expect(acceptEncoding.contains("gzip"))
            #expect(sent.last?.header("Accept-Encoding") == nil)
        }
    }

    @Test("User-Agent and extra request headers reach the server")
    func requestHeaders() async throws {
        try await withServerAndFetcher(handler: { _ in .text("ok") }) { server, fetcher in
            let request = FetchRequest(
                url: server.origin + "/h",
                userAgent: "TrawlBot/0.1 (+https://example.org/bot)",
                headers: [
                    HTTPHeader(name: "Accept-Language", value: "en, fr;q=0.5"),
                    HTTPHeader(name: "X-Trawl-Test", value: "yes"),
                    HTTPHeader(name: "If-None-Match", value: "\"abc\""),
                ],
                forceHTTP1: true)
            let response = try await fetcher.fetch(request)
            #expect(response.status == 200)
            let seen = try #require(server.requests().first)
            #expect(seen.header("User-Agent") == "TrawlBot/0.1 (+https://example.org/bot)")
            #expect(seen.header("Accept-Language") == "en, fr;q=0.5")
            #expect(seen.header("X-Trawl-Test") == "yes")
            #expect(seen.header("If-None-Match") == "\"abc\"")
            #expect(seen.header("Host") == "127.0.0.1:\(server.port)")
        }
    }

    @Test("a request header with a line break is refused before anything is sent")
    func headerInjectionRefused() async throws {
        try await withServerAndFetcher(handler: { _ in .text("ok") }) { server, fetcher in
            var request = request(server.origin + "/")
            request.headers = [HTTPHeader(name: "X-Evil", value: "a\r\nX-Injected: 1")]
            let error = await fetchError { try await fetcher.fetch(request) }
            #expect(error?.kind == "transport")

            let agent = FetchRequest(url: server.origin + "/", userAgent: "bot\r\nX-Injected: 1")
            #expect(await fetchError { try await fetcher.fetch(agent) }?.kind == "transport")

            let url = server.origin + "/a\r\nX-Injected: 1"
            #expect(await fetchError { try await fetcher.fetch(FetchRequest(url: url, userAgent: "bot")) } == .invalidURL(url))
            #expect(server.requests().isEmpty)
        }
    }

    @Test("sequential fetches to one server reuse the kept-alive connection")
    func sequentialFetchesReuseConnection() async throws {
        try await withServerAndFetcher(handler: { request in .text(request.path) }) { server, fetcher in
            var reused: [Bool] = []
            for i in 0..<20 {
                let response = try await fetcher.fetch(request(server.origin + "/s\(i)"))
                #expect(String(decoding: response.body, as: UTF8.self) == "/s\(i)")
                reused.append(response.reusedConnection)
            }
            #expect(server.requests().count == 20)
            #expect(reused.first == false)
            #expect(reused.dropFirst().allSatisfy { $0 })
        }
    }

    @Test("a server that closes each connection gets a new one every time")
    func connectionCloseNotReused() async throws {
        try await withServerAndFetcher(handler: { _ in
            TestResponse(headers: [(name: "Connection", value: "close")], body: Array("bye".utf8))
        }) { server, fetcher in
            for _ in 0..<3 {
                let response = try await fetcher.fetch(request(server.origin + "/"))
                #expect(response.body == Array("bye".utf8))
                #expect(!response.reusedConnection)
            }
        }
    }
}
