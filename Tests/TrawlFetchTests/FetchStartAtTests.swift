import Foundation
import Testing
import TrawlFetch
import TrawlTestSupport

/// `FetchRequest.startAt`: the fetcher's thread holds a request until its start time (a host's
/// politeness slot), so it leaves on time whatever the caller's wake-up latency.
@Suite("Fetch start time")
struct FetchStartAtTests {
    @Test("a request with startAt reaches the server no sooner than then; one without goes at once; endedAt is set")
    func startsAtItsTime() async throws {
        try await withServerAndFetcher(handler: { request in .text(request.path) }) { server, fetcher in
            let handedOver = ContinuousClock.now
            let startAt = handedOver.advanced(by: .milliseconds(300))
            var held = request(server.origin + "/held")
            held.startAt = startAt
            async let late = fetcher.fetch(held)
            let early = try await fetcher.fetch(request(server.origin + "/now"))
            let response = try await late
            #expect(early.status == 200 && response.status == 200)
            let arrivals = Dictionary(uniqueKeysWithValues: server.requests().map { ($0.path, $0.arrival) })
            let heldArrival = try #require(arrivals["/held"])
            let nowArrival = try #require(arrivals["/now"])
            #expect(heldArrival >= startAt, "arrived \(startAt.duration(to: heldArrival)) after its start time")
            #expect(nowArrival < heldArrival, "the request without a start time waited behind the held one")
            let ended = try #require(response.endedAt)
            #expect(ended >= heldArrival && ended <= ContinuousClock.now)
        }
    }

    @Test("cancelling a fetch that waits for its start time throws cancelled and sends nothing")
    func cancelWhileWaiting() async throws {
        try await withServerAndFetcher(handler: { _ in .text("ok") }) { server, fetcher in
            var held = request(server.origin + "/held")
            held.startAt = ContinuousClock.now.advanced(by: .seconds(30))
            let task = Task { try await fetcher.fetch(held) }
            // Cancel only once the thread holds it for its start time (the case under test), and
            // while it does, a later request goes out.
            let deadline = ContinuousClock.now.advanced(by: .seconds(20))
            while fetcher.requestsWaitingForStart == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(2)) }
            #expect(fetcher.requestsWaitingForStart == 1, "the held request never reached the fetcher's waiting list")
            let after = try await fetcher.fetch(request(server.origin + "/after"))
            #expect(after.status == 200)
            task.cancel()
            let error = await fetchError { try await task.value }
            #expect(error == .cancelled)
            #expect(server.requests().map(\.path) == ["/after"])
            #expect(fetcher.requestsWaitingForStart == 0, "the cancelled request is still held")
        }
    }
}
