import Foundation
import Testing
import TrawlFetch
import TrawlTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Fetcher.Configuration {
    /// A fetcher configuration for loopback test servers: the SSRF guard off (it refuses
    /// 127.0.0.1 by default), other limits as given.
    static func loopback(maxTotalConnections: Int = 64, maxConnectionsPerHost: Int = 8, lowSpeed: LowSpeedLimit? = nil) -> Self {
        .init(maxTotalConnections: maxTotalConnections, maxConnectionsPerHost: maxConnectionsPerHost,
              addressPolicy: .allowAll, lowSpeed: lowSpeed)
    }
}

/// Runs `body` with a fresh test server and fetcher, shutting both down afterwards
/// (also when `body` throws).
func withServerAndFetcher<T>(
    configuration: Fetcher.Configuration = .loopback(),
    handler: @escaping @Sendable (RecordedRequest) -> TestResponse,
    _ body: (TestHTTPServer, Fetcher) async throws -> T
) async throws -> T {
    let server = try await TestHTTPServer.start(handler: handler)
    let fetcher = Fetcher(configuration: configuration)
    do {
        let result = try await body(server, fetcher)
        fetcher.shutdown()
        try await server.shutdown()
        return result
    } catch {
        fetcher.shutdown()
        try? await server.shutdown()
        throw error
    }
}

/// The request every test sends unless it needs more: a recognisable User-Agent.
func request(_ url: String, timeout: Duration = .seconds(30), maxBodyBytes: Int = 10 << 20, decodeContent: Bool = true) -> FetchRequest {
    FetchRequest(url: url, userAgent: "TrawlFetchTests/1.0", timeout: timeout, maxBodyBytes: maxBodyBytes, decodeContent: decodeContent)
}

/// Runs `operation` and returns the `FetchError` it threw; records an issue if it threw
/// something else or nothing.
func fetchError(_ operation: () async throws -> FetchResponse) async -> FetchError? {
    do {
        let response = try await operation()
        Issue.record("expected a FetchError, got a response with status \(response.status)")
        return nil
    } catch let error as FetchError {
        return error
    } catch {
        Issue.record("expected a FetchError, got \(error)")
        return nil
    }
}

/// Waits (bounded) until `server` has recorded at least `count` requests. The bound is generous:
/// the whole suite runs tests in parallel on 2 cores, and a fetch task may wait seconds for a
/// thread before it even submits its request; the wait ends as soon as the requests arrive.
func waitForRequests(_ server: TestHTTPServer, count: Int, within limit: Duration = .seconds(60)) async throws {
    let deadline = ContinuousClock.now + limit
    while server.requests().count < count {
        guard ContinuousClock.now < deadline else {
            Issue.record("server saw \(server.requests().count) requests, expected \(count)")
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// A TCP port on 127.0.0.1 that was bound and closed again, so nothing listens there.
func closedLocalPort() throws -> Int {
    #if canImport(Glibc)
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { throw POSIXError(.EBADF) }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw POSIXError(.EINVAL) }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Test payloads.
enum Fixtures {
    /// gzip of "hello gzip world\n" repeated 50 times.
    static let gzippedHello: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x57,
        0x48, 0xaf, 0xca, 0x2c, 0x50, 0x28, 0xcf, 0x2f, 0xca, 0x49, 0xe1, 0xca, 0x18, 0x15, 0x18, 0x15,
        0x18, 0x15, 0x20, 0x5f, 0x00, 0x00, 0x1b, 0x11, 0xd8, 0x38, 0x52, 0x03, 0x00, 0x00
    ]
    static let hello = String(repeating: "hello gzip world\n", count: 50)

    /// gzip of 200,000 zero bytes: 229 bytes on the wire, 200,000 after decoding.
    static let gzipBomb: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xed, 0xc1, 0x31, 0x01, 0x00, 0x00,
        0x00, 0xc2, 0xa0, 0xf5, 0x4f, 0x6d, 0x06, 0x7f, 0xa0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0xd7, 0x00, 0x7b, 0x58, 0xe0,
        0x5c, 0x40, 0x0d, 0x03, 0x00
    ]
}
