import ArgumentParser
import TrawlCore

/// `trawl pause [--host H]`: stop dispatching to one host or the whole crawl.
struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause the whole crawl, or one host (in-flight fetches finish; queues are kept).",
        discussion: """
            The running `trawl run`/`trawl crawl` picks the command up within a second through the \
            database (no control port) and prints what it did. With nothing running the command is \
            queued and applies on the next start. Pauses persist across restarts until \
            `trawl resume`.

            Examples: trawl pause --host example.com    trawl pause
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var host: HostOption

    func run() async throws {
        try await UsageFailure.report { try await ControlClient(options: options).send(.pause, host: host.value) }
    }
}
