import Foundation
import Synchronization

/// Runs the built `trawl` executable as a child process (the way users and systemd run it).
struct TrawlProcess {
    /// The `trawl` binary next to the test bundle (SwiftPM builds it: the test target depends on it).
    static var executable: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [beside, beside.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("trawl").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/trawl").path
    }

    /// The result of a finished run.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The child was still running at `run`'s `killAfter` deadline and got SIGKILL.
        var killedAtDeadline = false
    }

    /// Starts `trawl arguments…` (with `environment` instead of the test's own, when given);
    /// the caller waits or kills.
    static func start(_ arguments: [String], environment: [String: String]? = nil) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Runs `trawl arguments…` to completion.
    ///
    /// The blocking reads and the wait happen on a dispatch queue, not on the cooperative pool
    /// (on 2 cores, two blocked pool threads would stall every other test running meanwhile).
    /// - Parameter killAfter: a deadline for a child that might hang: still running then, it gets
    ///   SIGKILL and the result says so (``Result/killedAtDeadline``).
    static func run(
        _ arguments: [String], environment: [String: String]? = nil, killAfter: Duration? = nil
    ) async throws -> Result {
        let (process, out, err) = try start(arguments, environment: environment)
        let killed = Mutex(false)
        if let killAfter {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(killAfter.components.seconds * 1000))) {
                if process.isRunning {
                    killed.withLock { $0 = true }
                    kill(pid, SIGKILL)
                }
            }
        }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                // Drain stderr concurrently so a chatty child can't block on a full pipe.
                let errData = Mutex(Data())
                let group = DispatchGroup()
                DispatchQueue.global().async(group: group) {
                    let data = err.fileHandleForReading.readDataToEndOfFile()
                    errData.withLock { $0 = data }
                }
                let outData = out.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                let stderr = errData.withLock { String(decoding: $0, as: UTF8.self) }
                continuation.resume(returning: Result(
                    status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                    stderr: stderr, killedAtDeadline: killed.withLock { $0 }))
            }
        }
    }

    /// Waits for the child on a plain thread (never blocking the cooperative pool).
    static func waitForExit(_ process: Process) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }

    /// Polls the captures count on a plain thread (the test's cooperative pool may be starved by
    /// suites running in parallel) and sends `signal` (SIGKILL by default) as soon as it reaches
    /// `captures`. Returns false if the process ended first (or 30 s passed).
    static func killWhen(pid: Int32, harness: CrawlHarness, captures target: Int, signal: Int32 = SIGKILL) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let deadline = Date().addingTimeInterval(30)
                while kill(pid, 0) == 0, Date() < deadline {
                    let count = (try? harness.query("SELECT count(*) FROM captures") { $0.int(0) }.first) ?? 0
                    if count >= target {
                        continuation.resume(returning: kill(pid, signal) == 0)
                        return
                    }
                    usleep(2000)
                }
                continuation.resume(returning: false)
            }
        }
    }
}
