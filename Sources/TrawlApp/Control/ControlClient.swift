import ArgumentParser
import Foundation
import TrawlCore

/// The CLI side of live control: queues a command in the database's `control` table and, when a
/// daemon is running, waits (up to `timeout`) for it to say what it did. With no daemon running
/// the command stays queued and is applied when `trawl run`/`trawl crawl` next starts.
struct ControlClient {
    var options: ConfigOptions
    var timeout: Duration = .seconds(15)

    /// Sends `action` (for `host`, or the whole crawl) and prints the outcome on standard output.
    func send(_ action: ControlAction, host: String?) async throws {
        let config = try options.load()
        let store = try await options.openStore(config)
        do {
            let id = try await store.enqueueControl(action, host: host)
            let daemon = try await store.daemonInfo()
            guard daemon.running else {
                await store.close()
                print("queued: no trawl is running; it applies on next start")
                return
            }
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if let result = try await store.controlResult(id) {
                    await store.close()
                    print(result)
                    return
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            await store.close()
            print("queued: trawl (pid \(daemon.pid ?? 0)) has not applied it yet; it applies within seconds")
        } catch let error as ControlError {
            await store.close()
            throw UsageFailure(message: "\(config.file): \(error.description)")
        }
    }
}

/// `--host` or a positional HOST, as the issue spells both (`trawl pause HOST`, `--host H`).
struct HostOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "An origin (http://example.com:8080) or host[:port] (example.com).", valueName: "host"))
    var host: String?

    @Argument(help: ArgumentHelp("The same as --host.", valueName: "host"))
    var positional: String?

    var value: String? { host ?? positional }

    func validate() throws {
        if host != nil, positional != nil { throw ValidationError("give the host once: --host HOST or HOST") }
    }
}
