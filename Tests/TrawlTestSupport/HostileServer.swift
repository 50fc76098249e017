import Glibc
import Foundation
import NIOConcurrencyHelpers

/// What a ``HostileServer`` does with one connection once it has read the request head.
///
/// Every behaviour ends by closing the connection (no keep-alive): a misbehaving server is
/// simplest to reason about one request per connection.
public enum HostileBehavior: Sendable {
    /// Sends these bytes verbatim (status line, headers, body: whatever they are), then closes.
    case raw([UInt8])
    /// Sends `head`, then `body` one byte every `interval`, then closes.
    case trickle(head: [UInt8], body: [UInt8], interval: Duration)
    /// Sends `head`, then `chunk` over and over until the peer goes away or the server stops.
    case endless(head: [UInt8], chunk: [UInt8])
    /// Sends `head`, then `total` bytes made of `chunk` repeated (the last copy cut short),
    /// streamed: the server never holds more than one chunk. Then closes.
    case stream(head: [UInt8], chunk: [UInt8], total: Int)
    /// Sends `prefix`, then closes with `SO_LINGER` 0: the peer sees a TCP reset (RST).
    case reset(after: [UInt8])
    /// Reads the request and never answers; holds the connection until the peer closes it or
    /// the server stops.
    case silent
    /// Builds the behaviour from the request (for answers that name the server's own port).
    case dynamic(@Sendable (HostileRequest) -> HostileBehavior)
}

/// One request head as a ``HostileServer`` read it.
public struct HostileRequest: Sendable {
    /// The request-target, e.g. `"/trickle"`.
    public var target: String
    /// When the request head was read.
    public var arrival: ContinuousClock.Instant
    /// `"http://127.0.0.1:PORT"` of the server.
    public var serverOrigin: String
    /// The whole request head as received (request line and header lines), for header checks.
    public var head: String

    /// The absolute URL of the request.
    public var url: String { serverOrigin + target }
}

/// A raw-socket HTTP "server" on 127.0.0.1 (or another loopback address; OS-chosen port)
/// that misbehaves on purpose.
///
/// Plain blocking POSIX sockets: one accept thread and one thread per connection, so a
/// behaviour can sleep, trickle, stall or reset exactly as written, with no HTTP framework
/// fixing its output. Requests are routed by request-target (path plus query) through
/// `routes`; an unknown target gets `fallback` (a plain 404 by default, `/robots.txt` included).
///
/// Socket ownership: the accept thread owns the listening socket, each connection thread owns
/// its connection socket; each closes its own socket exactly once (under the server's lock,
/// after removing it from the open set, so ``shutdown()`` never touches a reused descriptor
/// number). ``shutdown()`` only calls `shutdown(2)` on sockets still open, which wakes blocked
/// `accept`/`recv`/`send` calls, and then waits for every thread to finish.
public final class HostileServer: Sendable {
    /// The TCP port the server listens on.
    public let port: Int
    /// The IPv4 address it listens on (`"127.0.0.1"` unless started with another).
    public let host: String
    /// `"http://\(host):\(port)"`.
    public var origin: String { "http://\(host):\(port)" }

    private let core: HostileCore

    private init(host: String, port: Int, core: HostileCore) {
        self.host = host
        self.port = port
        self.core = core
    }

    /// Binds `host` (a loopback IPv4 address; Linux routes all of 127.0.0.0/8 to the loopback
    /// interface, so `127.0.0.2` works as a second "host") on an OS-chosen port and starts serving.
    ///
    /// - Parameters:
    ///   - routes: behaviour by request-target (path plus query).
    ///   - fallback: the behaviour for any other target (default: a plain 404).
    ///   - host: the address to bind; never anything but loopback.
    public static func start(
        routes: [String: HostileBehavior], fallback: HostileBehavior = HostileResponses.notFound,
        host: String = "127.0.0.1"
    ) throws -> HostileServer {
        precondition(host.hasPrefix("127."), "HostileServer binds loopback addresses only")
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HostileServerError.socket("socket", errno) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr(host)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let code = errno
            close(fd)
            throw HostileServerError.socket("bind/listen", code)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let code = errno
            close(fd)
            throw HostileServerError.socket("getsockname", code)
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let core = HostileCore(
            listener: fd, origin: "http://\(host):\(port)", routes: routes, fallback: fallback)
        core.startAccepting()
        return HostileServer(host: host, port: port, core: core)
    }

    /// Every request head read so far, in arrival order.
    public func requests() -> [HostileRequest] { core.requests() }

    /// Targets requested so far (robots.txt included), in arrival order.
    public func targets() -> [String] { core.requests().map(\.target) }

    /// Connections accepted so far.
    public var connectionsAccepted: Int { core.accepted }

    /// Stops accepting, wakes every connection thread and waits (up to 10 s) for them to end.
    /// Calling it twice is harmless.
    public func shutdown() async {
        core.stop()
        let deadline = ContinuousClock.now + .seconds(10)
        while core.threadsRunning > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// Errors thrown by ``HostileServer/start(routes:fallback:)``.
public enum HostileServerError: Error, Sendable {
    case socket(String, Int32)
}

/// The shared state of a ``HostileServer``: sockets, counters and the request log.
///
/// Checked `Sendable`: the stored `let`s are immutable, and every mutable piece lives in a
/// `NIOLockedValueBox`, so access from the accept thread, the connection threads and the test's
/// tasks is serialized by those locks.
final class HostileCore: Sendable {
    struct Sockets {
        var listener: Int32?
        var open: Set<Int32> = []
        var stopped = false
        var threads = 0
        var accepted = 0
    }

    let origin: String
    let routes: [String: HostileBehavior]
    let fallback: HostileBehavior
    private let sockets: NIOLockedValueBox<Sockets>
    private let log = NIOLockedValueBox<[HostileRequest]>([])
    private let listenerFD: Int32

    init(listener: Int32, origin: String, routes: [String: HostileBehavior], fallback: HostileBehavior) {
        self.listenerFD = listener
        self.origin = origin
        self.routes = routes
        self.fallback = fallback
        self.sockets = NIOLockedValueBox(Sockets(listener: listener))
    }

    var isStopped: Bool { sockets.withLockedValue { $0.stopped } }
    var threadsRunning: Int { sockets.withLockedValue { $0.threads } }
    var accepted: Int { sockets.withLockedValue { $0.accepted } }
    func requests() -> [HostileRequest] { log.withLockedValue { $0 } }

    func startAccepting() {
        sockets.withLockedValue { $0.threads += 1 }
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "hostile-accept"
        thread.start()
    }

    /// Marks the server stopped and wakes every blocked socket call; the owners close.
    func stop() {
        sockets.withLockedValue { state in
            guard !state.stopped else { return }
            state.stopped = true
            if let listener = state.listener { _ = Glibc.shutdown(listener, Int32(SHUT_RDWR)) }
            for fd in state.open { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop() {
        defer {
            sockets.withLockedValue { state in
                if let listener = state.listener {
                    close(listener)
                    state.listener = nil
                }
                state.threads -= 1
            }
        }
        while true {
            let fd = accept(listenerFD, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return  // shut down (EINVAL) or a hard error
            }
            let admitted = sockets.withLockedValue { state -> Bool in
                guard !state.stopped else { return false }
                state.open.insert(fd)
                state.threads += 1
                state.accepted += 1
                return true
            }
            guard admitted else {
                close(fd)
                return
            }
            var one: Int32 = 1
            _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let thread = Thread { [self] in serve(fd) }
            thread.name = "hostile-conn"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Closes `fd` (once), forgetting it first so ``stop()`` can never shut down a reused number.
    private func finish(_ fd: Int32, reset: Bool) {
        sockets.withLockedValue { state in
            state.open.remove(fd)
            if reset {
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            }
            close(fd)
            state.threads -= 1
        }
    }

    private func serve(_ fd: Int32) {
        var reset = false
        defer { finish(fd, reset: reset) }
        guard let head = readHead(fd) else { return }
        let target = Self.target(of: head)
        let request = HostileRequest(target: target, arrival: .now, serverOrigin: origin, head: head)
        log.withLockedValue { $0.append(request) }
        var behavior = routes[target] ?? fallback
        while case .dynamic(let make) = behavior { behavior = make(request) }
        switch behavior {
        case .raw(let bytes):
            _ = send(fd, bytes)
            // Let the peer read everything before the close (a close with unread input would reset).
            drainBriefly(fd)
        case .trickle(let head, let body, let interval):
            guard send(fd, head) else { return }
            for byte in body {
                guard pause(interval, fd), send(fd, [byte]) else { return }
            }
            drainBriefly(fd)
        case .endless(let head, let chunk):
            guard send(fd, head) else { return }
            while !isStopped, send(fd, chunk) {}
        case .stream(let head, let chunk, let total):
            guard send(fd, head) else { return }
            var left = total
            while left > 0, !isStopped {
                let piece = left >= chunk.count ? chunk : Array(chunk.prefix(left))
                guard send(fd, piece) else { return }
                left -= piece.count
            }
            drainBriefly(fd)
        case .reset(let prefix):
            _ = send(fd, prefix)
            // Give the bytes time to reach the peer before the RST overtakes them.
            usleep(100_000)
            reset = true
        case .silent:
            while pause(.seconds(3600), fd) {}
        case .dynamic:
            return  // unreachable: resolved above
        }
    }

    /// Reads up to the end of the request head (`\r\n\r\n`), at most 64 KiB; nil if the peer
    /// closed first or the server stopped.
    private func readHead(_ fd: Int32) -> String? {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while buffer.count < 65_536 {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<n])
            if let end = buffer.firstRange(of: [13, 10, 13, 10]) {
                return String(decoding: buffer[..<end.lowerBound], as: UTF8.self)
            }
        }
        return String(decoding: buffer, as: UTF8.self)
    }

    private static func target(of head: String) -> String {
        let line = head.prefix { $0 != "\r" && $0 != "\n" }
        let parts = line.split(separator: " ")
        return parts.count >= 2 ? String(parts[1]) : "/"
    }

    /// Writes all of `bytes`; false when the peer went away or the server stopped.
    private func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    /// Waits `duration`, watching the socket: false as soon as the peer closes (or sends
    /// anything) or the server stops, true when the time is up.
    private func pause(_ duration: Duration, _ fd: Int32) -> Bool {
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            if isStopped { return false }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 50)
            if ready > 0 {
                var byte: UInt8 = 0
                let n = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
                if n <= 0 { return false }  // closed or reset
                // The client sent more (a pipelined request): ignore it, keep waiting.
                var sink = [UInt8](repeating: 0, count: 4096)
                _ = sink.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            }
        }
        return true
    }

    /// Half-closes the write side and waits briefly for the peer to close, so the bytes sent
    /// are read before the socket goes away.
    private func drainBriefly(_ fd: Int32) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
        _ = pause(.seconds(2), fd)
    }
}
