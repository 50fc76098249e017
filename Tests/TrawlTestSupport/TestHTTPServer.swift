import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP/1.1 server on 127.0.0.1, on a port chosen by the OS, that answers every request with
/// a handler and records every request it sees.
///
/// Keep-alive and pipelining are supported (the crawler reuses connections). The handler runs on
/// an event loop thread: it must not block; use ``TestResponse/delay`` for slow answers.
public final class TestHTTPServer: Sendable {
    private let channel: any Channel
    private let state: ServerState

    /// The TCP port the server listens on.
    public let port: Int

    /// `"http://127.0.0.1:\(port)"`.
    public var origin: String { "http://127.0.0.1:\(port)" }

    private init(channel: any Channel, state: ServerState, port: Int) {
        self.channel = channel
        self.state = state
        self.port = port
    }

    /// Binds 127.0.0.1 on an OS-chosen port and starts serving with `handler`.
    ///
    /// The server runs on `MultiThreadedEventLoopGroup.singleton`; call ``shutdown()`` when done.
    public static func start(
        handler: @escaping @Sendable (RecordedRequest) -> TestResponse
    ) async throws -> TestHTTPServer {
        let state = ServerState(handler: handler)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    state.track(child)
                    try child.pipeline.syncOperations.configureHTTPServerPipeline(
                        withPipeliningAssistance: true, withErrorHandling: true)
                    try child.pipeline.syncOperations.addHandler(RecordingHandler(state: state))
                }
            }
        let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else {
            try? await channel.close().get()
            throw TestServerError.noLocalPort
        }
        state.setOrigin("http://127.0.0.1:\(port)")
        return TestHTTPServer(channel: channel, state: state, port: port)
    }

    /// Every request seen so far, in arrival order (a thread-safe snapshot).
    public func requests() -> [RecordedRequest] {
        state.requests()
    }

    /// Forgets the requests recorded so far.
    public func clearRequests() {
        state.clearRequests()
    }

    /// Stops listening and closes every open connection. Calling it twice is harmless.
    public func shutdown() async throws {
        do {
            try await channel.close().get()
        } catch ChannelError.alreadyClosed {
            // Already shut down.
        }
        for child in state.openConnections() {
            do {
                try await child.close().get()
            } catch ChannelError.alreadyClosed {
                // Closed by the peer meanwhile.
            }
        }
    }
}

/// Errors thrown by the test servers.
public enum TestServerError: Error, Sendable {
    /// The bound server channel reported no local port.
    case noLocalPort
}

/// State shared by the server and its connections' handlers.
final class ServerState: Sendable {
    let handler: @Sendable (RecordedRequest) -> TestResponse
    private let log = NIOLockedValueBox<[RecordedRequest]>([])
    private let connections = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])
    private let originBox = NIOLockedValueBox<String>("")

    init(handler: @escaping @Sendable (RecordedRequest) -> TestResponse) {
        self.handler = handler
    }

    var origin: String { originBox.withLockedValue { $0 } }

    func setOrigin(_ origin: String) {
        originBox.withLockedValue { $0 = origin }
    }

    func record(_ request: RecordedRequest) {
        log.withLockedValue { $0.append(request) }
    }

    func requests() -> [RecordedRequest] {
        log.withLockedValue { $0 }
    }

    func clearRequests() {
        log.withLockedValue { $0.removeAll() }
    }

    func track(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        connections.withLockedValue { $0[id] = channel }
        channel.closeFuture.whenComplete { [self] _ in
            _ = connections.withLockedValue { $0.removeValue(forKey: id) }
        }
    }

    func openConnections() -> [any Channel] {
        connections.withLockedValue { Array($0.values) }
    }
}
