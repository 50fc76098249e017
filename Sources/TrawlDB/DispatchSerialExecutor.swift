import Dispatch

/// A serial executor backed by its own dispatch queue, for actors that make blocking C calls
/// (sqlite3_step, big parses): their jobs run on the queue's thread, never on the cooperative pool.
///
/// Use it as an actor's `unownedExecutor`.
public final class DispatchSerialExecutor: SerialExecutor {
    private let queue: DispatchQueue

    public init(label: String) {
        self.queue = DispatchQueue(label: label)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    public func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
