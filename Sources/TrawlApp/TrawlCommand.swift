import ArgumentParser

/// The `trawl` command line: one executable, one subcommand per job.
public struct TrawlCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "trawl",
        abstract: "A polite, concurrent web-archiving crawler.",
        discussion: """
            Trawl crawls the seed URLs of a TOML config file politely (per-host delay, \
            concurrency limits), archives every response in an SQLite database and \
            deduplicates identical bodies. Run `trawl help SUBCOMMAND` for details.
            """,
        version: TrawlVersion.string,
        subcommands: [
            CrawlCommand.self, RunCommand.self, StatusCommand.self, SeedCommand.self,
            ShowCommand.self, HistoryCommand.self, SearchCommand.self, ExtractCommand.self, ExportCommand.self,
            PauseCommand.self, ResumeCommand.self, HostsCommand.self, QueueCommand.self, DropCommand.self,
        ]
    )

    public init() {}
}

/// The version printed by `trawl --version` and recorded in archives.
public enum TrawlVersion {
    public static let string = "0.1.0"
}
