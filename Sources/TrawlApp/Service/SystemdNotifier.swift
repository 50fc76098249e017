import Foundation
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Speaks systemd's sd_notify protocol: each message is one datagram of `KEY=value` lines sent to
/// the AF_UNIX socket named by `NOTIFY_SOCKET` (a name starting with `@` is in the abstract
/// namespace). No libsystemd needed.
///
/// Every send opens, uses and closes its own socket, as libsystemd's `sd_notify` does: nothing is
/// held between messages, so there is no descriptor to leak, and a socket systemd re-created
/// (after `daemon-reexec`) is found again by name. Sends are rare (a few per second at most).
final class SystemdNotifier: Sendable {
    /// The socket address bytes (`sun_path` contents, a leading NUL for an abstract name).
    let path: [UInt8]
    private let stoppingSent = Atomic<Bool>(false)

    /// A notifier for the socket `NOTIFY_SOCKET` names, or nil when the variable is unset (not
    /// started by systemd with `Type=notify`).
    static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger
    ) -> SystemdNotifier? {
        guard let name = environment["NOTIFY_SOCKET"], !name.isEmpty else { return nil }
        do {
            return try SystemdNotifier(socketName: name)
        } catch {
            logger.error("cannot notify systemd: \(error)")
            return nil
        }
    }

    /// Validates `socketName` (an absolute path, or `@name` for the abstract namespace).
    init(socketName: String) throws(NotifyError) {
        var bytes = Array(socketName.utf8)
        switch bytes.first {
        case UInt8(ascii: "/"): break
        case UInt8(ascii: "@"): bytes[0] = 0
        default: throw .unsupportedAddress(socketName)
        }
        let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
        guard bytes.count < capacity else { throw .addressTooLong(socketName, limit: capacity - 1) }
        path = bytes
    }

    /// Sends `state` (`KEY=value` lines, e.g. `"READY=1\nSTATUS=…"`) as one datagram.
    func send(_ state: String) throws(NotifyError) {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .socket(errno: errno) }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }
        // Abstract names are exactly `path.count` bytes long; filesystem paths keep their NUL.
        let length = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + path.count + (path.first == 0 ? 0 : 1)
        let payload = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                sendto(fd, payload, payload.count, Int32(MSG_NOSIGNAL), socketAddress, socklen_t(length))
            }
        }
        guard sent == payload.count else { throw .send(errno: sent < 0 ? errno : 0, state: state) }
    }

    /// Sends `messages` in one datagram; a failure is logged, never fatal (the crawl goes on).
    func notify(_ messages: [NotifyMessage], logger: Logger) {
        do {
            try send(messages.map(\.line).joined(separator: "\n"))
        } catch {
            logger.warning("cannot notify systemd: \(error)")
        }
    }

    /// Sends `STOPPING=1` (with a status line) the first time only: both a signal and the end of
    /// the crawl say it, whichever comes first.
    func notifyStopping(status: String, logger: Logger) {
        guard !stoppingSent.exchange(true, ordering: .relaxed) else { return }
        notify([.stopping, .status(status)], logger: logger)
    }
}

/// One sd_notify assignment.
enum NotifyMessage: Sendable, Equatable {
    /// Start-up (or a reload) is complete.
    case ready
    /// A reload began; `READY=1` follows when it is done. Carries the monotonic clock, which
    /// systemd 253+ requires with `RELOADING=1`.
    case reloading(monotonicMicroseconds: UInt64)
    /// Shutdown began.
    case stopping
    /// The one-line status `systemctl status` shows.
    case status(String)
    /// "Still alive": resets the `WatchdogSec=` timer.
    case watchdog

    var line: String {
        switch self {
        case .ready: "READY=1"
        case .reloading(let usec): "RELOADING=1\nMONOTONIC_USEC=\(usec)"
        case .stopping: "STOPPING=1"
        case .status(let text): "STATUS=" + text.replacingOccurrences(of: "\n", with: " ")
        case .watchdog: "WATCHDOG=1"
        }
    }

    /// `.reloading` stamped with CLOCK_MONOTONIC now.
    static func reloadingNow() -> NotifyMessage {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return .reloading(monotonicMicroseconds: UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000)
    }
}

/// Why a message could not be sent to systemd.
enum NotifyError: Error, CustomStringConvertible, Equatable {
    case unsupportedAddress(String)
    case addressTooLong(String, limit: Int)
    case socket(errno: Int32)
    case send(errno: Int32, state: String)

    var description: String {
        switch self {
        case .unsupportedAddress(let name):
            "NOTIFY_SOCKET=\(name) is neither an absolute path nor an @abstract name; running without notifications"
        case .addressTooLong(let name, let limit):
            "NOTIFY_SOCKET=\(name) is longer than \(limit) bytes; running without notifications"
        case .socket(let code):
            "cannot create a datagram socket: \(String(cString: strerror(code)))"
        case .send(let code, let state):
            "sending \(state.split(separator: "\n").first ?? "") failed: "
                + (code == 0 ? "short write" : String(cString: strerror(code)))
        }
    }
}
