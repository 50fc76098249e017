import NIOCore
import NIOHTTP1

/// Records each request head, asks the server's handler for a response and writes it,
/// after the response's delay (measured from the request's arrival).
///
/// Sits behind `configureHTTPServerPipeline(withPipeliningAssistance: true)`, so at most one
/// request per connection is in flight here at a time.
final class RecordingHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Body bytes per chunk when the response says `Transfer-Encoding: chunked`.
    static let chunkSize = 4096

    private let state: ServerState
    private var current: (request: RecordedRequest, head: HTTPRequestHead)?
    private var scheduled: Scheduled<Void>?
    private var active = true

    init(state: ServerState) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let request = RecordedRequest(
                method: head.method.rawValue,
                target: head.uri,
                headers: head.headers.map { (name: $0.name, value: $0.value) },
                arrival: .now,
                serverOrigin: state.origin)
            state.record(request)
            current = (request, head)
        case .body:
            break
        case .end:
            guard let (request, head) = current else { return }
            current = nil
            let response = state.handler(request)
            let remaining = response.delay - (ContinuousClock.now - request.arrival)
            if remaining > .zero {
                scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(remaining)) {
                    self.scheduled = nil
                    guard self.active else { return }
                    self.write(response, for: head, context: context)
                }
            } else {
                write(response, for: head, context: context)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        active = false
        scheduled?.cancel()
        scheduled = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func write(_ response: TestResponse, for head: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        let isHead = head.method == .HEAD
        if !headers.contains(name: "content-length") && !headers.contains(name: "transfer-encoding") {
            headers.add(name: "Content-Length", value: String(response.body.count))
        }
        let closeRequested = headers[canonicalForm: "connection"].contains { $0.lowercased() == "close" }
        let keepAlive = head.isKeepAlive && !closeRequested
        if !keepAlive && !closeRequested {
            headers.add(name: "Connection", value: "close")
        } else if keepAlive && head.version == .http1_0 && !headers.contains(name: "connection") {
            headers.add(name: "Connection", value: "keep-alive")
        }
        let responseHead = HTTPResponseHead(
            version: head.version,
            status: HTTPResponseStatus(statusCode: response.status),
            headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        if !isHead && !response.body.isEmpty {
            // A chunked response goes out as several chunks (NIO's encoder frames each write).
            let chunked = headers[canonicalForm: "transfer-encoding"].contains { $0.lowercased() == "chunked" }
            let pieceSize = chunked ? Self.chunkSize : response.body.count
            var start = 0
            while start < response.body.count {
                let end = min(start + pieceSize, response.body.count)
                let buffer = context.channel.allocator.buffer(bytes: response.body[start..<end])
                context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
                start = end
            }
        }
        let channel = context.channel
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
