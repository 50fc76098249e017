import Foundation
import Testing
import TrawlFetch
import TrawlTestSupport

/// Overlapping transfers, cancellation and shutdown.
@Suite("Fetch concurrency")
struct FetchConcurrencyTests {
    @Test("50 concurrent fetches all complete, overlapping, within the per-host connection limit")
    func fiftyConcurrent() async throws {
        let delay = Duration.milliseconds(200)
        let perHost = 8
        try await withServerAndFetcher(
            configuration: .loopback(maxTotalConnections: 64, maxConnectionsPerHost: perHost),
            handler: { request in TestResponse.text(request.path).delayed(by: delay) }
        ) { server, fetcher in
            let clock = ContinuousClock()
            let start = clock.now
            let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for i in 0..<50 {
                    group.addTask {
                        let response = try await fetcher.fetch(request(server.origin + "/c\(i)"))
                        #expect(response.status == 200)
                        return (i, String(decoding: response.body, as: UTF8.self))
                    }
                }
                var bodies: [Int: String] = [:]
                for try await (i, body) in group { bodies[i] = body }
                return bodies
            }
            let elapsed = clock.now - start
            #expect(bodies.count == 50)
            for (i, body) in bodies { #expect(body == "/c\(i)") }

            let arrivals = server.requests().map(\.arrival).sorted()
            #expect(arrivals.count == 50)
            let first = try #require(arrivals.first)
            // Requests arriving before the first response could have been sent were in flight
            // together: the multi handle really overlaps transfers...
            let inFirstWindow = arrivals.filter { $0 < first + delay }.count
            #expect(inFirstWindow >= 2)
            // ...but never on more than `perHost` connections: a further request can only
            // arrive once some connection's response has gone out.
            #expect(inFirstWindow <= perHost)
            // Lower bound: some connection served ceil(50 / 8) = 7 requests one after another.
            #expect(elapsed >= delay * 7 - .milliseconds(50))
        }
    }

    @Test("unlimited per-host connections let all 50 fetches overlap")
    func fiftyUnlimited() async throws {
        let delay = Duration.milliseconds(500)
        try await withServerAndFetcher(
            configuration: .loopback(maxTotalConnections: 64, maxConnectionsPerHost: 0),
            handler: { request in TestResponse.text(request.path).delayed(by: delay) }
        ) { server, fetcher in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<50 {
                    group.addTask {
                        let response = try await fetcher.fetch(request(server.origin + "/u\(i)"))
                        #expect(String(decoding: response.body, as: UTF8.self) == "/u\(i)")
                    }
                }
                try await group.waitForAll()
            }
            let arrivals = server.requests().map(\.arrival).sorted()
            let first = try #require(arrivals.first)
            #expect(arrivals.filter { $0 < first + delay }.count > 8)
        }
    }

    @Test("cancelling the task of a fetch to a slow server throws cancelled")
    func taskCancellation() async throws {
        try await withServerAndFetcher(handler: { _ in TestResponse.text("late").delayed(by: .seconds(10)) }) { server, fetcher in
            let task = Task { try await fetcher.fetch(request(server.origin + "/slow")) }
            try await waitForRequests(server, count: 1)
            task.cancel()
            // Had the cancel not reached curl, this would be the 200 after 10 s.
            let error = await fetchError { try await task.value }
            #expect(error == .cancelled)
            #expect(error?.kind == "cancelled")
            // The fetcher is still usable afterwards.
            server.clearRequests()
        }
    }

    @Test("a fetch started in an already-cancelled task throws cancelled without a request")
    func alreadyCancelled() async throws {
        try await withServerAndFetcher(handler: { _ in .text("ok") }) { server, fetcher in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await fetcher.fetch(request(server.origin + "/"))
            }
            let error = await fetchError { try await task.value }
            #expect(error == .cancelled)
            let after = try await fetcher.fetch(request(server.origin + "/after"))
            #expect(after.status == 200)
            #expect(server.requests().map(\.path) == ["/after"])
        }
    }

    @Test("cancelling one of several fetches leaves the others alone")
    func cancelOneOfMany() async throws {
        try await withServerAndFetcher(handler: { request in
            request.path == "/slow" ? TestResponse.text("late").delayed(by: .seconds(10)) : TestResponse.text("quick").delayed(by: .milliseconds(300))
        }) { server, fetcher in
            let slow = Task { try await fetcher.fetch(request(server.origin + "/slow")) }
            let quick = (0..<3).map { i in Task { try await fetcher.fetch(request(server.origin + "/q\(i)")) } }
            try await waitForRequests(server, count: 4)
            slow.cancel()
            #expect(await fetchError { try await slow.value } == .cancelled)
            for task in quick {
                #expect(try await task.value.status == 200)
            }
        }
    }

    @Test("shutdown fails in-flight fetches with cancelled, and later ones too")
    func shutdownCancelsInFlight() async throws {
        let server = try await TestHTTPServer.start { _ in TestResponse.text("late").delayed(by: .seconds(10)) }
        let fetcher = Fetcher(configuration: .loopback())
        let tasks = (0..<3).map { i in Task { try await fetcher.fetch(request(server.origin + "/f\(i)")) } }
        try await waitForRequests(server, count: 3)
        fetcher.shutdown()
        #expect(fetcher.isShutDown)
        for task in tasks {
            #expect(await fetchError { try await task.value } == .cancelled)
        }
        #expect(await fetchError { try await fetcher.fetch(request(server.origin + "/late")) } == .cancelled)
        fetcher.shutdown()  // idempotent
        try await server.shutdown()
    }
}
