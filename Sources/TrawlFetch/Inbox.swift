import Synchronization
internal import CCurl

/// A fetch handed to the curl thread: what to fetch and whom to tell.
struct Submission: Sendable {
    /// Fetcher-unique transfer id (also the easy handle's CURLOPT_PRIVATE value).
    let id: UInt64
    let request: FetchRequest
    /// Resumed exactly once, on the curl thread.
    let continuation: CheckedContinuation<FetchResponse, any Error>
}

/// Work for the curl thread.
enum LoopCommand: Sendable {
    /// Start a transfer.
    case add(Submission)
    /// Abort the transfer with this id (if it is still running) and fail it with `.cancelled`.
    case cancel(UInt64)
}

/// The CURLM pointer, shareable so that other threads can call `curl_multi_wakeup`.
///
/// `@unchecked Sendable` is safe because the only use off the curl thread is
/// `curl_multi_wakeup`, which libcurl documents as callable from any thread, and the
/// ``Inbox`` only calls it under its lock before shutdown is requested. The curl thread
/// cleans the handle up only after it has seen the shutdown request, under that same lock,
/// so no wakeup can race the cleanup.
struct MultiHandleRef: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
}

/// The locked queue through which other threads hand work to the curl thread.
///
/// Every post appends under the lock and then wakes the thread's `curl_multi_poll`.
final class Inbox: Sendable {
    private struct State {
        var commands: [LoopCommand] = []
        var shutdownRequested = false
    }

    private let state = Mutex(State())
    private let multi: MultiHandleRef

    init(multi: MultiHandleRef) {
        self.multi = multi
    }

    /// Queues `command` and wakes the curl thread. Returns false, queuing nothing, once
    /// shutdown has been requested.
    func post(_ command: LoopCommand) -> Bool {
        state.withLock { state in
            guard !state.shutdownRequested else { return false }
            state.commands.append(command)
            curl_multi_wakeup(multi.pointer)
            return true
        }
    }

    /// Asks the curl thread to stop. Returns true for the call that made the request.
    @discardableResult
    func requestShutdown() -> Bool {
        state.withLock { state in
            guard !state.shutdownRequested else { return false }
            state.shutdownRequested = true
            curl_multi_wakeup(multi.pointer)
            return true
        }
    }

    /// True once shutdown has been requested.
    var isShutdownRequested: Bool {
        state.withLock { $0.shutdownRequested }
    }

    /// Removes and returns the queued commands (curl thread only). When `shutdown` is true this
    /// is the final batch: nothing is queued after it.
    func take() -> (commands: [LoopCommand], shutdown: Bool) {
        state.withLock { state in
            let commands = state.commands
            state.commands.removeAll()
            return (commands, state.shutdownRequested)
        }
    }
}
