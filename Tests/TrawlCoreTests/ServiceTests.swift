import Foundation
import Logging
import Synchronization
import Testing
@testable import TrawlApp
import TrawlCore
import TrawlTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `trawl run` as systemd runs it: sd_notify messages in order, SIGTERM, SIGHUP reload, live
/// seeding, journal log lines. The daemon is the real binary in a child process; systemd is a
/// datagram socket in a temporary folder.
@Suite("Service", .serialized)
struct ServiceTests {
    @Test("Under a fake systemd: READY, STATUS, WATCHDOG, STOPPING in order; SIGTERM exits 0; journal log lines")
    func notifyLifecycle() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 1, pagesPerHost: 8, duplicates: 0))
        let folder = try TemporaryFolder()
        let systemd = try NotifyReceiver(path: folder.file("notify.sock"))
        let config = try writeConfig(in: folder, seeds: servers.seeds)
        let daemon = try Daemon.start(config: config, notifySocket: systemd.path, watchdogUSec: 1_000_000, journal: true)

        let sawRunning = await waitUntil { systemd.lines().containsInOrder(["READY=1", "STATUS=", "WATCHDOG=1"]) }
        #expect(sawRunning, "sd_notify messages so far: \(systemd.lines())")
        #expect(daemon.process.isRunning)
        daemon.signal(SIGTERM)
        let exited = await daemon.waitForExit()
        #expect(exited, "trawl run did not exit after SIGTERM")
        #expect(daemon.process.terminationReason == .exit && daemon.process.terminationStatus == 0)
        try await servers.shutdown()

        let lines = systemd.lines()
        #expect(lines.first == "READY=1", "nothing before READY=1: \(lines)")
        #expect(lines.containsInOrder(["READY=1", "STATUS=", "WATCHDOG=1", "STOPPING=1"]), "\(lines)")
        #expect(lines.filter { $0 == "STOPPING=1" }.count == 1)
        let status = lines.first { $0.hasPrefix("STATUS=") && $0.contains("queued") }
        #expect(status != nil, "a STATUS= line with figures: \(lines)")

        // Standard error was "the journal": every line carries a priority and no timestamp.
        let logLines = daemon.standardError().split(separator: "\n")
        #expect(!logLines.isEmpty)
        #expect(logLines.allSatisfy { $0.wholeMatch(of: /<[0-7]>[\w.]+: .*/) != nil }, "\(logLines)")
        #expect(logLines.contains { $0.hasPrefix("<5>trawl: received signal") }, "\(logLines)")
    }

    @Test("`trawl seed` while `trawl run` runs: the new URL is fetched")
    func seedWhileRunning() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 1, pagesPerHost: 4, duplicates: 0))
        let extra = try await TestHTTPServer.start { _ in .html("<!DOCTYPE html><p>Seeded while running</p>") }
        let folder = try TemporaryFolder()
        let systemd = try NotifyReceiver(path: folder.file("notify.sock"))
        let config = try writeConfig(in: folder, seeds: servers.seeds)
        let daemon = try Daemon.start(config: config, notifySocket: systemd.path)
        #expect(await waitUntil { systemd.lines().contains("READY=1") }, "\(systemd.lines())")

        let seeded = try await TrawlProcess.run(["seed", "--config", config, extra.origin + "/seeded-live"])
        #expect(seeded.status == 0, "trawl seed failed: \(seeded.stderr)")
        let fetched = await waitUntil { extra.requests().contains { $0.path == "/seeded-live" } }
        #expect(fetched, "the seed added with `trawl seed` was never requested")

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit())
        #expect(daemon.process.terminationStatus == 0)
        try await servers.shutdown()
        try await extra.shutdown()
    }

    @Test("SIGHUP: a broken config is rejected and the daemon keeps running; a new seed in the config is fetched")
    func reloadOnSIGHUP() async throws {
        let servers = try await TestSiteServers.start(TestSite(hosts: 1, pagesPerHost: 4, duplicates: 0))
        let extra = try await TestHTTPServer.start { _ in .html("<!DOCTYPE html><p>Added by a reload</p>") }
        let folder = try TemporaryFolder()
        let systemd = try NotifyReceiver(path: folder.file("notify.sock"))
        let config = try writeConfig(in: folder, seeds: servers.seeds)
        let daemon = try Daemon.start(config: config, notifySocket: systemd.path)
        #expect(await waitUntil { systemd.lines().contains("READY=1") }, "\(systemd.lines())")

        // A broken file: RELOADING=1, then READY=1 again with the old config, still running.
        try "seeds = [\"not a url\"]\n".write(toFile: config, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        let answered = await waitUntil { systemd.lines().containsInOrder(["READY=1", "RELOADING=1", "READY=1"]) }
        #expect(answered, "\(systemd.lines())")
        #expect(daemon.process.isRunning, "a broken config on SIGHUP must not stop the daemon")

        // A good file with one more seed: that seed is fetched.
        _ = try writeConfig(in: folder, seeds: servers.seeds + [extra.origin + "/added-by-reload"])
        daemon.signal(SIGHUP)
        let reloaded = await waitUntil {
            systemd.lines().containsInOrder(["READY=1", "RELOADING=1", "READY=1", "RELOADING=1", "READY=1"])
        }
        #expect(reloaded, "\(systemd.lines())")
        let fetched = await waitUntil { extra.requests().contains { $0.path == "/added-by-reload" } }
        #expect(fetched, "the seed added to the config before SIGHUP was never requested")

        daemon.signal(SIGTERM)
        #expect(await daemon.waitForExit())
        #expect(daemon.process.terminationStatus == 0)
        #expect(daemon.standardError().contains("reload rejected"), "the rejection is logged")
        try await servers.shutdown()
        try await extra.shutdown()
    }

    // MARK: The parts, in-process

    @Test("sd_notify reaches an abstract socket (@name)")
    func abstractSocket() throws {
        let name = "@trawl-test-\(UUID().uuidString)"
        let receiver = try NotifyReceiver(path: name)
        let notifier = try SystemdNotifier(socketName: name)
        try notifier.send("READY=1\nSTATUS=hello")
        #expect(receiver.lines() == ["READY=1", "STATUS=hello"])
    }

    @Test("NOTIFY_SOCKET values that cannot be used are refused with a reason")
    func badSocketNames() {
        #expect(throws: NotifyError.unsupportedAddress("vsock:2:1234")) { try SystemdNotifier(socketName: "vsock:2:1234") }
        #expect(throws: NotifyError.self) { try SystemdNotifier(socketName: "/" + String(repeating: "x", count: 200)) }
        #expect(SystemdNotifier.fromEnvironment([:], logger: Logger(label: "test")) == nil)
    }

    @Test("Watchdog: half of WATCHDOG_USEC, only for this process")
    func watchdogEnvironment() {
        #expect(Watchdog.fromEnvironment(["WATCHDOG_USEC": "60000000"], pid: 42)?.interval == .seconds(30))
        #expect(Watchdog.fromEnvironment(["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "42"], pid: 42) != nil)
        #expect(Watchdog.fromEnvironment(["WATCHDOG_USEC": "60000000", "WATCHDOG_PID": "7"], pid: 42) == nil)
        #expect(Watchdog.fromEnvironment(["WATCHDOG_USEC": "0"], pid: 42) == nil)
        #expect(Watchdog.fromEnvironment([:], pid: 42) == nil)
    }

    @Test("STATUS= line: grouped figures and a rate")
    func statusLine() {
        #expect(StatusLine.grouped(0) == "0")
        #expect(StatusLine.grouped(3410) == "3,410")
        #expect(StatusLine.grouped(1_234_567) == "1,234,567")
        #expect(StatusLine.oneDecimal(28.14) == "28.1")
        let status = CrawlProgress(
            hosts: 12, urlsQueued: 3410, urlsInFlight: 4, urlsDone: 9120, urlsFailed: 0, captures: 0, fetchesLastMinute: 0)
        #expect(StatusLine.format(status, pagesPerSecond: 28.1) == "12 hosts, 3,410 queued, 4 in flight, 9,120 archived, 28.1 pages/s")
        #expect(!StatusLine.format(status, pagesPerSecond: nil).contains("pages/s"))

        var meter = RateMeter()
        let start = ContinuousClock.now
        #expect(meter.sample(100, at: start) == nil)
        #expect(meter.sample(150, at: start + .seconds(2)) == 25)
    }

    @Test("Journal lines: sd-daemon priority on every line, metadata, no timestamp")
    func journalFormat() {
        #expect(JournalLogHandler.format(level: .warning, label: "trawl", message: "slow host", metadata: ["host": "a"])
            == "<4>trawl: slow host host=a\n")
        #expect(JournalLogHandler.format(level: .critical, label: "trawl", message: "one\ntwo", metadata: [:])
            == "<2>trawl: one\n<2>trawl: two\n")
        #expect(JournalLogHandler.priority(.info) == 6 && JournalLogHandler.priority(.debug) == 7)
        #expect(!ServiceLogging.standardErrorIsJournal([:]))
        #expect(!ServiceLogging.standardErrorIsJournal(["JOURNAL_STREAM": "1:2"]))
        #expect(!ServiceLogging.standardErrorIsJournal(["JOURNAL_STREAM": "garbage"]))
    }
}

// MARK: - Helpers

/// A config for a loopback crawl of `seeds` into `trawl.sqlite` in `folder`; returns its path.
private func writeConfig(in folder: TemporaryFolder, seeds: [String]) throws -> String {
    let path = folder.file("trawl.toml")
    try """
        seeds = [\(seeds.map { "\"\($0)\"" }.joined(separator: ", "))]
        database = "trawl.sqlite"
        [politeness]
        delay_ms = 20
        [network]
        allow_private = true
        """.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Polls `condition` every 25 ms until it holds or `timeout` passes (generous: CI machines are busy).
private func waitUntil(timeout: Duration = .seconds(60), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(25))
    }
    return condition()
}

extension [String] {
    /// Whether lines starting with `prefixes` appear in this order (others may come between).
    func containsInOrder(_ prefixes: [String]) -> Bool {
        var next = prefixes.startIndex
        for line in self where next < prefixes.endIndex && line.hasPrefix(prefixes[next]) {
            next += 1
        }
        return next == prefixes.endIndex
    }
}

/// `trawl run` in a child process, with systemd's environment variables.
private struct Daemon {
    let process: Process
    let errors: Pipe

    static func start(
        config: String, notifySocket: String, watchdogUSec: Int? = nil, journal: Bool = false
    ) throws -> Daemon {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TrawlProcess.executable)
        process.arguments = ["run", "--config", config, "--log-level", "notice"]
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_SOCKET"] = notifySocket
        environment["WATCHDOG_USEC"] = watchdogUSec.map(String.init)
        environment["WATCHDOG_PID"] = nil
        environment["JOURNAL_STREAM"] = nil
        let errors = Pipe()
        if journal {
            // What systemd does: JOURNAL_STREAM names the stream standard error is connected to.
            var info = stat()
            fstat(errors.fileHandleForWriting.fileDescriptor, &info)
            environment["JOURNAL_STREAM"] = "\(info.st_dev):\(info.st_ino)"
        }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        return Daemon(process: process, errors: errors)
    }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the process to exit; false if it is still running after `timeout`.
    func waitForExit(timeout: Duration = .seconds(60)) async -> Bool {
        await waitUntil(timeout: timeout) { !process.isRunning }
    }

    /// Everything written to standard error (call after exit: it reads to end of file).
    func standardError() -> String {
        String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}

/// A fake systemd notification socket: an AF_UNIX datagram socket bound to `path` (a file, or an
/// abstract name starting with `@`), collecting the lines of every datagram it receives.
///
/// The descriptor is created in `init` and closed once, in `deinit`; reads happen under the lock.
private final class NotifyReceiver: Sendable {
    let path: String
    private let fd: Int32
    private let received = Mutex<[String]>([])

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ReceiverError.socket(errno) }
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw ReceiverError.bind(path, code)
        }
    }

    deinit { close(fd) }

    /// Every line received so far (drains what is waiting first).
    func lines() -> [String] {
        received.withLock { lines in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                guard count > 0 else { break }
                let datagram = String(decoding: buffer[..<count], as: UTF8.self)
                lines += datagram.split(separator: "\n").map(String.init)
            }
            return lines
        }
    }

    enum ReceiverError: Error {
        case socket(Int32)
        case bind(String, Int32)
    }
}
