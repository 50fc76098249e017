import Foundation
import Synchronization

/// Runs CPU-heavy synchronous work (HTML parsing, hashing, compression) on a few dedicated
/// dispatch queues, one per core, so it never occupies the cooperative thread pool.
final class BlockingPool: Sendable {
    private let queues: [DispatchQueue]
    private let next = Atomic<Int>(0)

    init(width: Int = ProcessInfo.processInfo.activeProcessorCount) {
        queues = (0..<max(1, width)).map { DispatchQueue(label: "trawl.work.\($0)") }
    }

    /// Runs `work` on one of the pool's queues and returns its result.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        let index = next.add(1, ordering: .relaxed).oldValue % queues.count
        return await withCheckedContinuation { continuation in
            queues[index].async { continuation.resume(returning: work()) }
        }
    }
}
