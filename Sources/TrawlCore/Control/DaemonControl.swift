import Foundation
import Logging

/// The daemon's side of live control: it applies the commands the CLI queues in the `control`
/// table (polled every `pollInterval`, no network port) and writes the heartbeat row that
/// `trawl status` reads (every `heartbeatInterval`).
///
/// Commands change the store first (pauses persist, drops mark URLs failed) and then the
/// scheduler, so a restart sees exactly what the running crawl saw. Commands queued while no
/// daemon ran are applied by `start()`, before anything is fetched.
public struct DaemonControl: Sendable {
    let store: CrawlStore
    let crawler: Crawler
    let stop: StopSignal
    let mode: String
    let version: String
    let logger: Logger
    let startedAt = Date().timeIntervalSince1970
    let pid = Int(ProcessInfo.processInfo.processIdentifier)
    var pollInterval: Duration = .seconds(1)
    var heartbeatInterval: Duration = .seconds(2)

    /// - Parameters:
    ///   - mode: "crawl" or "run", shown by `trawl status`.
    ///   - version: the binary's version, shown by `trawl status`.
    public init(store: CrawlStore, crawler: Crawler, stop: StopSignal, mode: String, version: String, logger: Logger) {
        self.store = store
        self.crawler = crawler
        self.stop = stop
        self.mode = mode
        self.version = version
        self.logger = logger
    }

    /// Applies commands queued while nothing ran, hands the persisted pauses to the scheduler
    /// and writes the first heartbeat. Call before `Crawler.run`.
    public func start() async throws {
        for applied in try await store.applyPendingControl() {
            logger.notice("applied a command queued while trawl was not running: \(applied.result)")
        }
        let paused = try await store.pausedState()
        await crawler.scheduler.setPaused(paused)
        if paused.all { logger.notice("the crawl is paused (`trawl resume` to continue)") }
        if !paused.hosts.isEmpty { logger.notice("\(paused.hosts.count) host(s) paused (`trawl hosts` lists them)") }
        try await beat(paused: paused.all)
    }

    /// Polls for commands and beats until cancelled. A failing poll is logged and retried.
    public func run() async {
        var nextBeat = ContinuousClock.now.advanced(by: heartbeatInterval)
        var pausedAll = false
        while !Task.isCancelled {
            do {
                let applied = try await store.applyPendingControl()
                if !applied.isEmpty {
                    for command in applied {
                        logger.notice("control: \(command.result)")
                        if command.action == .drop {
                            for id in command.hostIDs { await crawler.drop(hostID: id) }
                        }
                    }
                    let paused = try await store.pausedState()
                    pausedAll = paused.all
                    await crawler.scheduler.setPaused(paused)
                    nextBeat = .now  // status shows the new state at once
                }
                if ContinuousClock.now >= nextBeat {
                    nextBeat = ContinuousClock.now.advanced(by: heartbeatInterval)
                    try await beat(paused: pausedAll)
                }
            } catch {
                logger.warning("live control: \(error)")
            }
            try? await Task.sleep(for: pollInterval)
        }
    }

    /// Records that the daemon stopped (so `trawl status` says "not running" at once).
    public func finish() async {
        try? await store.writeHeartbeat(pid: pid, startedAt: startedAt, state: "stopped", mode: mode, version: version)
    }

    private func beat(paused: Bool) async throws {
        let state = stop.isRequested ? "stopping" : paused ? "paused" : "running"
        try await store.writeHeartbeat(pid: pid, startedAt: startedAt, state: state, mode: mode, version: version)
    }
}
