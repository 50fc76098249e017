import Foundation
import Synchronization
import Testing
@testable import TrawlCore
import TrawlTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Live control of a running `trawl run` (the real binary in a child process) through the
/// database: pause/resume/drop measured at the test servers, `trawl status` while the daemon
/// writes and after it exits, commands queued while nothing runs.
@Suite("Live control", .serialized)
struct ControlTests {
    @Test("pause --host stops requests to that host while the other continues; resume restarts it; drop empties its queue and the scheduler forgets it")
    func pauseResumeDrop() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 2, pagesPerHost: 400, duplicates: 0))
        let folder = try TemporaryFolder()
        // 150 ms apart: each host takes a minute, so neither runs dry while the CLI steps through (slow on a busy machine).
        let config = try controlConfig(in: folder, seeds: servers.seeds, delayMs: 150)
        let daemon = try ControlDaemon.start(config: config, log: folder.file("daemon.log"))
        let a = servers.servers[0], b = servers.servers[1]
        let started = await eventually { a.requests().count >= 5 && b.requests().count >= 5 }
        #expect(started, "both hosts are being crawled")

        // Pause A, named as host:port (no scheme): the CLI waits until the daemon applied it.
        let hostA = String(servers.origins[0].dropFirst("http://".count))
        let pause = try await TrawlProcess.run(["pause", "--config", config, "--host", hostA])
        #expect(pause.status == 0, "\(pause.stderr)")
        #expect(pause.stdout.contains("paused \(servers.origins[0])"), "\(pause.stdout)")
        // Let anything dispatched before the pause land, then take A's baseline.
        let settleFrom = b.requests().count
        #expect(await eventually { b.requests().count >= settleFrom + 5 })
        let baselineA = a.requests().count
        let fromB = b.requests().count
        #expect(await eventually { b.requests().count >= fromB + 15 }, "B continues while A is paused")
        #expect(a.requests().count == baselineA, "A got requests while paused")
        let paused = try await statusJSON(config)
        #expect(host(paused, servers.origins[0])?["paused"] as? Bool == true)
        #expect(host(paused, servers.origins[1])?["paused"] as? Bool == false)

        let resume = try await TrawlProcess.run(["resume", "--config", config, servers.origins[0]])
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(await eventually { a.requests().count > baselineA }, "A is crawled again after resume")

        // Drop B: pause it, wait until nothing of B is in flight, then drop what is queued.
        _ = try await TrawlProcess.run(["pause", "--config", config, "--host", servers.origins[1]])
        var idle = false
        for _ in 0..<600 where !idle {
            let status = try await statusJSON(config)
            idle = (host(status, servers.origins[1])?["in_flight"] as? Int) == 0
            if !idle { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(idle, "B's in-flight fetches finish while it is paused")
        let queued = try await TrawlProcess.run(["queue", "--config", config, "--host", servers.origins[1], "--limit", "10000", "--json"])
        let queuedURLs = try decodeArray(queued.stdout).compactMap { $0["url"] as? String }
        #expect(!queuedURLs.isEmpty, "B still had a queue to drop")
        let drop = try await TrawlProcess.run(["drop", "--config", config, "--host", servers.origins[1]])
        #expect(drop.status == 0, "\(drop.stderr)")
        // At least what was listed: A's pages, still being crawled, link to B and may queue more meanwhile.
        let droppedCount = drop.stdout.firstMatch(of: /dropped (\d+) queued URL/).flatMap { Int($0.1) } ?? -1
        #expect(droppedCount >= queuedURLs.count, "\(drop.stdout) after listing \(queuedURLs.count)")
        // None of the listed URLs is queued any more. (A, still crawling, may have linked B URLs never seen
        // before since the drop: those are new entries, so the queue need not be empty.)
        let after = try await TrawlProcess.run(["queue", "--config", config, "--host", servers.origins[1], "--limit", "10000", "--json"])
        let stillQueued = Set(try decodeArray(after.stdout).compactMap { $0["url"] as? String }).intersection(queuedURLs)
        #expect(stillQueued.isEmpty, "dropped URLs still queued: \(stillQueued.prefix(5))")

        // Resume B: none of the dropped URLs is ever requested (the scheduler forgot them).
        let beforeResume = b.requests().count
        _ = try await TrawlProcess.run(["resume", "--config", config])
        let fromA = a.requests().count
        #expect(await eventually { a.requests().count >= fromA + 20 })
        let droppedTargets = Set(queuedURLs.map { String($0.dropFirst(servers.origins[1].count)) })
        let late = b.requests().dropFirst(beforeResume).filter { droppedTargets.contains($0.target) }
        #expect(late.isEmpty, "dropped URLs were fetched: \(late.map(\.target).prefix(5))")

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit())
        #expect(daemon.process.terminationStatus == 0, "\(daemon.log())")
        try await servers.shutdown()
    }

    @Test("status while the daemon writes: every call succeeds and counts only grow; not running after exit")
    func statusWhileRunning() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 1, pagesPerHost: 200, duplicates: 0))
        let folder = try TemporaryFolder()
        let config = try controlConfig(in: folder, seeds: servers.seeds, delayMs: 20)
        let daemon = try ControlDaemon.start(config: config, log: folder.file("daemon.log"))
        #expect(await eventually { servers.servers[0].requests().count >= 3 })

        var previous = (captures: 0, done: 0, fifteen: 0)
        var sawGrowth = false
        for call in 0..<10 {
            let status = try await statusJSON(config)
            let captures = status["captures"] as? Int ?? -1
            let done = status["urls_done"] as? Int ?? -1
            let fifteen = status["fetches_last_15_minutes"] as? Int ?? -1
            #expect(captures >= previous.captures && done >= previous.done && fifteen >= previous.fifteen,
                    "call \(call): counts went down: \(captures), \(done), \(fifteen) after \(previous)")
            if call > 0, captures > previous.captures { sawGrowth = true }
            previous = (captures, done, fifteen)
            let daemonState = status["daemon"] as? [String: Any]
            #expect(daemonState?["running"] as? Bool == true, "call \(call): \(daemonState ?? [:])")
            #expect(daemonState?["state"] as? String == "running")
            #expect(daemonState?["pid"] as? Int == Int(daemon.process.processIdentifier))
            #expect(daemonState?["mode"] as? String == "run")
        }
        #expect(sawGrowth, "the crawl progressed between status calls")
        let human = try await TrawlProcess.run(["status", "--config", config])
        #expect(human.status == 0)
        #expect(human.stdout.contains("Daemon    running (pid \(daemon.process.processIdentifier)"), "\(human.stdout)")
        #expect(human.stdout.contains("/min over the last 15 minutes"), "\(human.stdout)")

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit())
        let stopped = try await statusJSON(config)
        let daemonState = stopped["daemon"] as? [String: Any]
        #expect(daemonState?["running"] as? Bool == false)
        #expect(daemonState?["state"] as? String == "not running")
        let text = try await TrawlProcess.run(["status", "--config", config])
        #expect(text.stdout.contains("Daemon    not running"), "\(text.stdout)")
        try await servers.shutdown()
    }

    @Test("a pause given while nothing runs is queued, applied at start, and persists across restarts")
    func queuedWhileStopped() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 2, pagesPerHost: 12, duplicates: 0))
        let folder = try TemporaryFolder()
        let config = try controlConfig(in: folder, seeds: servers.seeds, delayMs: 10)
        let a = servers.servers[0], b = servers.servers[1]

        let pause = try await TrawlProcess.run(["pause", "--config", config, "--host", servers.origins[0]])
        #expect(pause.status == 0, "\(pause.stderr)")
        #expect(pause.stdout.contains("queued: no trawl is running; it applies on next start"), "\(pause.stdout)")

        for run in 1...2 {
            let daemon = try ControlDaemon.start(config: config, log: folder.file("daemon\(run).log"))
            // B is crawled to the end (first run) or the daemon has beaten twice (second run).
            var done = false
            var firstBeat: Double?
            for _ in 0..<600 where !done {
                let status = try await statusJSON(config)
                let daemonState = status["daemon"] as? [String: Any]
                let beat = daemonState?["last_heartbeat"] as? Double
                if daemonState?["running"] as? Bool == true, firstBeat == nil { firstBeat = beat }
                let hostB = host(status, servers.origins[1])
                let bFinished = (hostB?["queued"] as? Int) == 0 && (hostB?["fetched"] as? Int ?? 0) > 0
                    && (hostB?["in_flight"] as? Int) == 0
                done = (run == 1 ? bFinished : true) && firstBeat != nil && (beat ?? 0) > (firstBeat ?? .infinity)
                if !done { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(done, "run \(run): the daemon ran and B was crawled")
            #expect(b.requests().count > 0)
            #expect(a.requests().isEmpty, "run \(run): the paused host got \(a.requests().map(\.target))")
            daemon.signal(SIGTERM)
            #expect(await daemon.waitForExit())
            #expect(daemon.log().contains("host(s) paused"), "\(daemon.log())")
        }

        let daemon = try ControlDaemon.start(config: config, log: folder.file("daemon3.log"))
        #expect(await eventually {
            (try? await statusJSON(config))?["daemon"].flatMap { $0 as? [String: Any] }?["running"] as? Bool == true
        })
        let resume = try await TrawlProcess.run(["resume", "--config", config, "--host", servers.origins[0]])
        #expect(resume.stdout.contains("resumed \(servers.origins[0])"), "\(resume.stdout)")
        #expect(await eventually { a.requests().count > 0 }, "A is crawled after resume")
        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit())
        try await servers.shutdown()
    }

    @Test("control commands: unknown hosts are refused with the known ones; drop needs a host")
    func refusals() async throws {
        let folder = try TemporaryFolder()
        let config = try controlConfig(in: folder, seeds: ["http://127.0.0.1:9/"], delayMs: 10)
        let unknown = try await TrawlProcess.run(["pause", "--config", config, "--host", "nowhere.example"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no host matches \"nowhere.example\""), "\(unknown.stderr)")
        let drop = try await TrawlProcess.run(["drop", "--config", config])
        #expect(drop.status != 0)
    }

    @Test("trawl drop of an unknown origin in a control transaction that rolls back: its host id is not cached, so that origin's URLs insert afterwards")
    func rolledBackControlForgetsHostID() async throws {
        let harness = try CrawlHarness()
        let store = try await CrawlStore.open(path: harness.database, logger: CrawlHarness.quietLogger)
        let origin = "https://new.example"
        _ = try await store.enqueueControl(.drop, host: origin)
        // The command's own bookkeeping fails after `apply` inserted (and cached) the host row.
        _ = try harness.query("""
            CREATE TRIGGER fail_control BEFORE UPDATE ON control BEGIN SELECT RAISE(ABORT, 'injected failure'); END
            """) { $0.int(0) }
        await #expect(throws: (any Error).self) { try await store.applyPendingControl() }
        #expect(try harness.query("SELECT count(*) FROM hosts") { $0.int(0) } == [0], "the host row was rolled back")
        _ = try harness.query("DROP TRIGGER fail_control") { $0.int(0) }
        let added = try await store.insert([Discovery(url: origin + "/a", origin: origin, depth: 0)], from: nil)
        #expect(added.map(\.url) == [origin + "/a"], "a cached id of the rolled-back host row fails the foreign key")
        #expect(try await store.applyPendingControl().map(\.result) == ["dropped 1 queued URL of \(origin)"])
        await store.close()
    }

    @Test("Scheduler: a paused host gets nothing new while others do, a paused crawl is not finished, a dropped queue is forgotten")
    func schedulerPauseAndDrop() async {
        let scheduler = Scheduler(politeness: Politeness(
            delay: .zero, perHost: 4, transfers: 16, robots: RobotsPolicy(mode: .ignore)))
        func entry(_ id: Int64, host: Int64) -> FrontierEntry {
            FrontierEntry(id: id, url: "http://h\(host).test/\(id)", hostID: host, origin: "http://h\(host).test",
                          depth: 0, redirects: 0, attempts: 0, notBefore: 0)
        }
        await scheduler.add((1...3).map { entry($0, host: 1) } + (11...13).map { entry($0, host: 2) })

        await scheduler.setPaused(PausedState(all: true))
        let none = await scheduler.poll()
        #expect(none.dispatch.isEmpty && !none.exhausted, "a paused crawl dispatches nothing and is not finished")

        await scheduler.setPaused(PausedState(hosts: [1]))
        let first = await scheduler.poll()
        #expect(!first.dispatch.isEmpty && first.dispatch.allSatisfy { $0.hostID == 2 }, "\(first.dispatch.map(\.id))")
        for dispatched in first.dispatch {
            await scheduler.fetchFinished(dispatched, signal: nil)
            await scheduler.complete(dispatched)
        }
        await scheduler.drop(hostID: 1)
        await scheduler.setPaused(PausedState())
        var handedOut: [Int64] = []
        for _ in 0..<5 {
            let poll = await scheduler.poll()
            handedOut += poll.dispatch.map(\.id)
            for dispatched in poll.dispatch {
                await scheduler.fetchFinished(dispatched, signal: nil)
                await scheduler.complete(dispatched)
            }
        }
        #expect(!handedOut.contains { (1...3).contains($0) }, "dropped URLs were dispatched: \(handedOut)")
        let last = await scheduler.poll()
        #expect(last.exhausted, "host 2 done and host 1 dropped: nothing left")
    }

    @Test("Liveness: stopped, stale heartbeat or a vanished pid all read as not running")
    func liveness() {
        let now = 1_000_000.0
        func info(state: String? = "running", beat: Double? = now - 1, exists: Bool = true) -> DaemonInfo {
            DaemonInfo.from(pid: 42, startedAt: now - 60, lastHeartbeat: beat, state: state, mode: "run", version: "x",
                            paused: false, now: now, processExists: { _ in exists })
        }
        #expect(info().running && info().state == "running" && info().uptimeSeconds == 60)
        #expect(info(state: "paused").state == "paused")
        #expect(!info(state: "stopped").running)
        #expect(info(beat: now - 60).state == "not running")
        #expect(!info(exists: false).running)
        #expect(!info(beat: nil).running)
        #expect(DaemonInfo.processExists(Int(getpid())))
    }
}

// MARK: - Helpers

private func controlConfig(in folder: TemporaryFolder, seeds: [String], delayMs: Int) throws -> String {
    let path = folder.file("trawl.toml")
    try """
        seeds = [\(seeds.map { "\"\($0)\"" }.joined(separator: ", "))]
        database = "trawl.sqlite"
        [politeness]
        delay_ms = \(delayMs)
        [network]
        allow_private = true
        """.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// `trawl status --json`, which must succeed.
private func statusJSON(_ config: String) async throws -> [String: Any] {
    let result = try await TrawlProcess.run(["status", "--config", config, "--json"])
    #expect(result.status == 0, "trawl status failed: \(result.stderr)")
    return (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
}

private func decodeArray(_ text: String) throws -> [[String: Any]] {
    (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]) ?? []
}

private func host(_ status: [String: Any], _ origin: String) -> [String: Any]? {
    (status["hosts"] as? [[String: Any]])?.first { $0["host"] as? String == origin }
}

/// Polls `condition` every 50 ms until it holds or `timeout` passes (generous: CI is busy).
private func eventually(timeout: Duration = .seconds(90), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return await condition()
}

/// `trawl run` in a child process, logging to a file (no pipe to fill up).
private struct ControlDaemon {
    let process: Process
    let logPath: String

    static func start(config: String, log: String) throws -> ControlDaemon {
        FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TrawlProcess.executable)
        process.arguments = ["run", "--config", config, "--log-level", "notice"]
        var environment = ProcessInfo.processInfo.environment
        for key in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM"] { environment[key] = nil }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        return ControlDaemon(process: process, logPath: log)
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    func waitForExit(timeout: Duration = .seconds(60)) async -> Bool {
        await eventually(timeout: timeout) { !process.isRunning }
    }

    func log() -> String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }
}
