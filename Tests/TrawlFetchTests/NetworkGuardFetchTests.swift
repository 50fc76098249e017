import Foundation
import Testing
import TrawlFetch
import TrawlTestSupport

/// The guards on real transfers against loopback servers: the SSRF guard refuses the resolved
/// address before any connection, the low-speed limit cuts trickles and silence, and
/// `truncateAtMaxBody` keeps the first bytes of an over-size body.
@Suite("Network guards")
struct NetworkGuardFetchTests {
    private static let page = HostileResponses.html("<html><body>hello</body></html>")

    /// Runs `body` with a hostile server (routes `/` to a small page) and a fetcher.
    private func withServer(
        _ configuration: Fetcher.Configuration, routes: [String: HostileBehavior] = ["/": page],
        _ body: (HostileServer, Fetcher) async throws -> Void
    ) async throws {
        let server = try HostileServer.start(routes: routes)
        let fetcher = Fetcher(configuration: configuration)
        do {
            try await body(server, fetcher)
        } catch {
            fetcher.shutdown()
            await server.shutdown()
            throw error
        }
        fetcher.shutdown()
        await server.shutdown()
    }

    @Test("the default policy refuses 127.0.0.1 before connecting, naming the address and the key")
    func loopbackRefused() async throws {
        try await withServer(.init()) { server, fetcher in
            let url = server.origin + "/"
            let error = await fetchError { try await fetcher.fetch(request(url)) }
            #expect(error == .blockedAddress(url: url, address: "127.0.0.1", reason: "loopback address"))
            #expect(error?.kind == "blocked_address")
            #expect(error?.description.contains("allow_private") == true)
            #expect(server.connectionsAccepted == 0, "no TCP connection reached the server")
        }
    }

    @Test("a host name is checked on the addresses it resolves to (localhost)")
    func resolvedNameRefused() async throws {
        try await withServer(.init()) { server, fetcher in
            let url = "http://localhost:\(server.port)/"
            let error = await fetchError { try await fetcher.fetch(request(url)) }
            #expect(error?.kind == "blocked_address", "\(String(describing: error))")
            #expect(server.connectionsAccepted == 0)
        }
    }

    @Test("allow_cidrs opens one address; deny_cidrs closes it again even with allow_private")
    func allowAndDeny() async throws {
        let one = try CIDRBlock("127.0.0.1/32")
        try await withServer(.init(addressPolicy: AddressPolicy(allow: [one]))) { server, fetcher in
            let response = try await fetcher.fetch(request(server.origin + "/"))
            #expect(response.status == 200)
            #expect(server.connectionsAccepted == 1)
        }
        try await withServer(.init(addressPolicy: AddressPolicy(allowPrivate: true, deny: [one]))) { server, fetcher in
            let error = await fetchError { try await fetcher.fetch(request(server.origin + "/")) }
            #expect(error?.kind == "blocked_address")
            #expect(error?.description.contains("deny_cidrs 127.0.0.1/32") == true)
            #expect(server.connectionsAccepted == 0)
        }
    }

    @Test("a trickle (1 byte/s) is cut by the low-speed limit as too_slow, long before the timeout")
    func trickleTooSlow() async throws {
        let routes: [String: HostileBehavior] = [
            "/": .trickle(
                head: HostileResponses.head([("Content-Type", "text/plain"), ("Content-Length", "64")]),
                body: Array(String(repeating: "x", count: 64).utf8), interval: .seconds(1)),
        ]
        let config = Fetcher.Configuration.loopback(lowSpeed: LowSpeedLimit(bytesPerSecond: 100, time: .seconds(1)))
        try await withServer(config, routes: routes) { server, fetcher in
            let start = ContinuousClock.now
            let error = await fetchError { try await fetcher.fetch(request(server.origin + "/", timeout: .seconds(60))) }
            let elapsed = ContinuousClock.now - start
            #expect(error?.kind == "too_slow", "\(String(describing: error))")
            #expect(error?.description.contains("too slow") == true)
            #expect(elapsed >= .milliseconds(900), "the limit allows its 1 s: \(elapsed)")
        }
    }

    @Test("silence counts as too slow too: a server that accepts and never answers")
    func silentTooSlow() async throws {
        let config = Fetcher.Configuration.loopback(lowSpeed: LowSpeedLimit(bytesPerSecond: 100, time: .seconds(1)))
        try await withServer(config, routes: ["/": .silent]) { server, fetcher in
            let error = await fetchError { try await fetcher.fetch(request(server.origin + "/", timeout: .seconds(60))) }
            #expect(error?.kind == "too_slow", "\(String(describing: error))")
        }
    }

    @Test("truncateAtMaxBody keeps the first maxBodyBytes of a larger body, announced or streamed")
    func truncate() async throws {
        let body = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let routes: [String: HostileBehavior] = [
            "/announced": .raw(HostileResponses.head([("Content-Type", "text/plain"), ("Content-Length", "\(body.count)")]) + body),
            "/streamed": .raw(HostileResponses.head([("Content-Type", "text/plain")]) + body),
            "/small": .raw(HostileResponses.head([("Content-Type", "text/plain"), ("Content-Length", "100")]) + body.prefix(100)),
        ]
        try await withServer(.loopback(), routes: routes) { server, fetcher in
            for path in ["/announced", "/streamed"] {
                var cut = request(server.origin + path, maxBodyBytes: 1000)
                cut.truncateAtMaxBody = true
                let response = try await fetcher.fetch(cut)
                #expect(response.status == 200, "\(path)")
                #expect(response.truncated, "\(path)")
                #expect(response.body == Array(body.prefix(1000)), "\(path): \(response.body.count) bytes")
                // Without the option the same answer is refused.
                let error = await fetchError { try await fetcher.fetch(request(server.origin + path, maxBodyBytes: 1000)) }
                #expect(error == .bodyTooLarge(limit: 1000), "\(path)")
            }
            var whole = request(server.origin + "/small", maxBodyBytes: 1000)
            whole.truncateAtMaxBody = true
            let response = try await fetcher.fetch(whole)
            #expect(!response.truncated && response.body == Array(body.prefix(100)))
        }
    }
}
