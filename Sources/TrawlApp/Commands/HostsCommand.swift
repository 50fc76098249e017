import ArgumentParser
import Foundation
import TrawlCore

/// `trawl hosts`: per-host detail.
struct HostsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hosts",
        abstract: "Show each host in detail: queue by state, delay and its reason, robots.txt, errors by kind, paused.",
        discussion: """
            Reads the database (safe while the daemon writes it). With --json, prints the list of \
            host objects `trawl status --json` has under "hosts".
            """)

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() async throws {
        try await UsageFailure.report {
            let config = try options.load()
            let store = try await options.openStore(config, mustExist: true)
            let status = try await store.status()
            await store.close()
            if json {
                print(try StatusRenderer.json(status.hosts))
            } else {
                print(StatusRenderer(database: config.database).renderHosts(status.hosts))
            }
        }
    }
}
