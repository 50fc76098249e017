import Dispatch
import Foundation
import Logging
import Synchronization
internal import CCurl

/// The multi handle and the one dedicated thread that drives it.
///
/// Other threads only touch the ``Inbox`` (locked) and the atomic id counter; every other
/// use of the multi handle and of the easy handles happens on the thread, in ``MultiDriver``.
final class MultiLoop: Sendable {
    private let inbox: Inbox
    /// Entered before the thread starts, left when it has cleaned up; `shutdown` waits on it.
    private let exited = DispatchGroup()
    private let nextID = Atomic<UInt64>(1)
    /// Submissions the thread holds for their start time (``FetchRequest/startAt``).
    private let waitingGauge = WaitingGauge()

    /// Creates the multi handle and starts the thread.
    init(maxTotalConnections: Int, maxConnectionsPerHost: Int, transferOptions: TransferOptions, logger: Logger) {
        guard CurlGlobal.ensureInitialized() else {
            fatalError("TrawlFetch: curl_global_init failed")
        }
        guard let multi = curl_multi_init() else {
            fatalError("TrawlFetch: curl_multi_init failed (out of memory)")
        }
        let total = max(0, maxTotalConnections)
        _ = trawl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, total)
        _ = trawl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(0, maxConnectionsPerHost))
        if total > 0 {
            // Size of the idle-connection cache kept for reuse.
            _ = trawl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, total)
        }

        let ref = MultiHandleRef(pointer: multi)
        let inbox = Inbox(multi: ref)
        self.inbox = inbox
        let exited = exited
        exited.enter()
        // Everything handed to the thread is Sendable; the driver is created on the thread
        // and never leaves it.
        let gauge = waitingGauge
        let thread = Thread {
            MultiDriver(multi: ref.pointer, inbox: inbox, options: transferOptions, gauge: gauge, logger: logger).run()
            exited.leave()
        }
        thread.name = "trawl.fetch.curl"
        thread.start()
    }

    /// A new transfer id (never 0, so it can double as a non-null CURLOPT_PRIVATE).
    func makeTransferID() -> UInt64 {
        nextID.add(1, ordering: .relaxed).oldValue
    }

    /// Hands a transfer to the thread; false once shutdown was requested.
    func submit(_ submission: Submission) -> Bool {
        inbox.post(.add(submission))
    }

    /// Asks the thread to abort transfer `id` and fail it with `.cancelled`.
    func cancel(_ id: UInt64) {
        _ = inbox.post(.cancel(id))
    }

    /// Stops the thread, failing pending and running transfers with `.cancelled`, and waits
    /// until it has cleaned up the multi handle. Idempotent; blocks for at most one loop turn.
    func shutdown() {
        inbox.requestShutdown()
        exited.wait()
    }

    /// True once shutdown has been requested.
    var isShutDown: Bool { inbox.isShutdownRequested }

    /// Submissions the thread holds for their start time, as it last counted them.
    var waitingForStart: Int { waitingGauge.count.load(ordering: .relaxed) }
}

/// The number of submissions waiting for their start time: written by the curl thread, read by
/// anyone (an atomic, so it needs no lock).
final class WaitingGauge: Sendable {
    let count = Atomic<Int>(0)
}

/// The curl thread's state and loop. Created on that thread and used only there, so it
/// needs no locking and is deliberately not Sendable.
final class MultiDriver {
    private let multi: UnsafeMutableRawPointer
    private let inbox: Inbox
    private let logger: Logger
    /// Fetcher-wide options applied to every transfer (CA bundle, SSRF guard, low-speed limit).
    private let options: TransferOptions
    /// Running transfers by id. Holding them here keeps the callbacks' unretained userdata alive.
    private var transfers: [UInt64: EasyTransfer] = [:]
    /// Submissions whose ``FetchRequest/startAt`` has not come yet (few: one per host at most
    /// in a polite crawl), started by the loop when it has.
    private var waiting: [Submission] = [] {
        didSet { gauge.count.store(waiting.count, ordering: .relaxed) }
    }
    private let gauge: WaitingGauge

    /// Longest `curl_multi_poll` wait while transfers run; curl shortens it for its own
    /// timers and a wakeup ends it early.
    private static let busyPollTimeoutMs: Int32 = 1000
    /// Longest wait with nothing to do: only a wakeup (new work, shutdown) matters then, and
    /// a wakeup posted before the poll starts still ends it at once.
    private static let idlePollTimeoutMs: Int32 = 30_000

    init(multi: UnsafeMutableRawPointer, inbox: Inbox, options: TransferOptions, gauge: WaitingGauge, logger: Logger) {
        self.multi = multi
        self.inbox = inbox
        self.options = options
        self.gauge = gauge
        self.logger = logger
    }

    /// Runs until shutdown is requested, then fails everything and cleans up the multi handle.
    func run() {
        logger.debug("curl thread started")
        while true {
            let (commands, shutdown) = inbox.take()
            if shutdown {
                tearDown(unstarted: commands)
                break
            }
            for command in commands { handle(command) }
            startDue()

            var running: Int32 = 0
            let performCode = curl_multi_perform(multi, &running)
            if performCode != CURLM_OK {
                logger.error("curl_multi_perform failed", metadata: ["error": "\(String(cString: curl_multi_strerror(performCode)))"])
            }
            collectFinished()

            var timeout = transfers.isEmpty ? Self.idlePollTimeoutMs : Self.busyPollTimeoutMs
            if let next = waiting.lazy.compactMap(\.request.startAt).min() {
                let remaining = ContinuousClock.now.duration(to: next)
                // Whole milliseconds by poll (never past the start); the last fraction by a
                // short sleep, so the transfer starts within tens of microseconds of it.
                let wholeMs = remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
                if wholeMs < 1 {
                    if remaining > .zero { Self.sleep(remaining) }
                    continue
                }
                timeout = Int32(min(Int64(timeout), wholeMs))
            }
            let pollCode = curl_multi_poll(multi, nil, 0, timeout, nil)
            if pollCode != CURLM_OK {
                logger.error("curl_multi_poll failed", metadata: ["error": "\(String(cString: curl_multi_strerror(pollCode)))"])
                usleep(10_000)  // never spin if polling keeps failing
            }
        }
        curl_multi_cleanup(multi)
        logger.debug("curl thread stopped")
    }

    private func handle(_ command: LoopCommand) {
        switch command {
        case .add(let submission):
            if let at = submission.request.startAt, at > .now {
                waiting.append(submission)
            } else {
                start(submission)
            }
        case .cancel(let id):
            if let index = waiting.firstIndex(where: { $0.id == id }) {
                waiting.remove(at: index).continuation.resume(throwing: FetchError.cancelled)
                return
            }
            guard let transfer = transfers.removeValue(forKey: id) else { return }  // already done
            curl_multi_remove_handle(multi, transfer.handle)
            logger.debug("fetch cancelled", metadata: ["url": "\(transfer.request.url)"])
            transfer.finish(.failure(.cancelled))
        }
    }

    private func start(_ submission: Submission) {
        guard let transfer = EasyTransfer(submission) else {
            submission.continuation.resume(throwing: FetchError.transport(
                code: Int(CURLE_OUT_OF_MEMORY.rawValue),
                message: "\(submission.request.url): curl_easy_init failed (out of memory)"))
            return
        }
        if let error = transfer.configure(options) {
            transfer.finish(.failure(error))
            return
        }
        transfer.markStarted()
        let code = curl_multi_add_handle(multi, transfer.handle)
        guard code == CURLM_OK else {
            transfer.finish(.failure(.transport(
                code: Int(code.rawValue),
                message: "\(submission.request.url): curl_multi_add_handle failed: \(String(cString: curl_multi_strerror(code)))")))
            return
        }
        transfers[transfer.id] = transfer
        logger.trace("fetch started", metadata: ["url": "\(submission.request.url)"])
    }

    /// Starts the waiting submissions whose start time has come.
    private func startDue() {
        guard !waiting.isEmpty else { return }
        let now = ContinuousClock.now
        var still: [Submission] = []
        for submission in waiting {
            if let at = submission.request.startAt, at > now { still.append(submission) } else { start(submission) }
        }
        waiting = still
    }

    /// Sleeps the curl thread for `duration` (under a millisecond: the rest of a wait for a start time).
    private static func sleep(_ duration: Duration) {
        var spec = timespec(tv_sec: 0, tv_nsec: Int(duration.components.attoseconds / 1_000_000_000))
        _ = nanosleep(&spec, nil)
    }

    /// Reads curl's completion messages and resumes the finished fetches.
    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let result = trawl_multi_msg_result(message)
            var privateData: UnsafeMutableRawPointer?
            _ = trawl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &privateData)
            let id = UInt64(UInt(bitPattern: privateData))
            curl_multi_remove_handle(multi, easy)
            guard let transfer = transfers.removeValue(forKey: id) else {
                logger.error("finished easy handle with no transfer", metadata: ["id": "\(id)"])
                continue
            }
            transfer.complete(with: result)
            logger.debug("fetch finished", metadata: [
                "url": "\(transfer.request.url)", "curlcode": "\(result.rawValue)",
            ])
        }
    }

    /// Final turn: fails unstarted submissions and running transfers with `.cancelled`.
    private func tearDown(unstarted commands: [LoopCommand]) {
        for case .add(let submission) in commands {
            submission.continuation.resume(throwing: FetchError.cancelled)
        }
        for submission in waiting { submission.continuation.resume(throwing: FetchError.cancelled) }
        waiting.removeAll()
        for transfer in transfers.values {
            curl_multi_remove_handle(multi, transfer.handle)
            transfer.finish(.failure(.cancelled))
        }
        if !transfers.isEmpty {
            logger.debug("shutdown cancelled running fetches", metadata: ["count": "\(transfers.count)"])
        }
        transfers.removeAll()  // releases the transfers: curl_easy_cleanup before curl_multi_cleanup
    }
}
