import ArgumentParser
import TrawlCore

/// `trawl drop --host H`: prune a host's queue.
struct DropCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop",
        abstract: "Drop a host's queued URLs: they are marked failed (\"dropped by trawl drop\") and never fetched.",
        discussion: """
            In-flight fetches of the host finish and are recorded. URLs discovered later are \
            queued again (pause the host to stop it for good). Applied by the running daemon \
            within a second, or queued for the next start when nothing runs.

            Example: trawl drop --host example.com
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var host: HostOption

    func validate() throws {
        if host.value == nil { throw ValidationError("give the host: trawl drop --host HOST") }
    }

    func run() async throws {
        try await UsageFailure.report { try await ControlClient(options: options).send(.drop, host: host.value) }
    }
}
