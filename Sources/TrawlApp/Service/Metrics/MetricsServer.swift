import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import TrawlCore

/// The `[metrics] listen` endpoint: a tiny HTTP/1.1 listener answering every GET with the
/// Prometheus text exposition (`GET /metrics`, the conventional path; any path works). It
/// refreshes the figures from the store at most once per second, on demand.
struct MetricsServer: Sendable {
    let host: String
    let port: Int
    let store: CrawlStore
    let logger: Logger

    /// Serves until the task is cancelled. A port that cannot be bound is logged, not fatal.
    func run() async {
        let metrics = CrawlMetrics()
        let refresher = MetricsRefresher(store: store, metrics: metrics)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.pipeline.configureHTTPServerPipeline().flatMap {
                        channel.pipeline.addHandler(MetricsHandler(refresher: refresher))
                    }
                }
                .bind(host: host, port: port).get()
            logger.notice("metrics: serving Prometheus text on http://\(host):\(channel.localAddress?.port ?? port)/metrics")
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            try? await channel.close()
        } catch {
            logger.error("metrics: cannot listen on \(host):\(port): \(error)")
        }
        try? await group.shutdownGracefully()
    }
}

/// Refreshes the instruments from the store, at most once a second.
actor MetricsRefresher {
    let store: CrawlStore
    let metrics: CrawlMetrics
    private var lastRefresh: ContinuousClock.Instant?

    init(store: CrawlStore, metrics: CrawlMetrics) {
        self.store = store
        self.metrics = metrics
    }

    func exposition() async -> [UInt8] {
        if lastRefresh.map({ ContinuousClock.now - $0 > .seconds(1) }) ?? true,
           let figures = try? await store.metricsFigures() {
            metrics.update(figures)
            lastRefresh = .now
        }
        return metrics.exposition()
    }
}

/// Answers each request with the exposition. Lives on its channel's event loop only.
private final class MetricsHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let refresher: MetricsRefresher

    init(refresher: MetricsRefresher) { self.refresher = refresher }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let promise = context.eventLoop.makePromise(of: [UInt8].self)
        let refresher = self.refresher
        promise.completeWithTask { await refresher.exposition() }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        promise.futureResult.whenSuccess { body in
            let context = loopBound.value
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "text/plain; version=0.0.4; charset=utf-8")
            headers.add(name: "Content-Length", value: String(body.count))
            context.write(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))), promise: nil)
            context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
        }
    }
}
