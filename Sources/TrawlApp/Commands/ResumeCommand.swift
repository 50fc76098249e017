import ArgumentParser
import TrawlCore

/// `trawl resume [--host H]`: dispatch again to a paused host, or everything.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume one paused host, or (without a host) the whole crawl and every paused host.",
        discussion: """
            Applied by the running daemon within a second, or queued for the next start when \
            nothing runs.

            Examples: trawl resume --host example.com    trawl resume
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var host: HostOption

    func run() async throws {
        try await UsageFailure.report { try await ControlClient(options: options).send(.resume, host: host.value) }
    }
}
