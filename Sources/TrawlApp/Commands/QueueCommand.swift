import ArgumentParser
import Foundation
import TrawlCore

/// `trawl queue`: what is fetched next.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "List queued URLs in the order they come up: breadth-first (depth, then discovery order).",
        discussion: """
            The scheduler serves hosts round-robin and each host breadth-first; this lists the \
            queue in breadth-first order overall, or for one host with --host.

            Example: trawl queue --host example.com --limit 50
            """)

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, help: ArgumentHelp("Only this host (origin or host[:port]).", valueName: "host"))
    var host: String?

    @Option(name: .long, help: "How many URLs to list.")
    var limit = 20

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        try await UsageFailure.report {
            let config = try options.load()
            let store = try await options.openStore(config, mustExist: true)
            let urls: [QueuedURL]
            do {
                urls = try await store.queue(host: host, limit: limit)
            } catch let error as ControlError {
                await store.close()
                throw UsageFailure(message: "\(config.file): \(error.description)")
            }
            await store.close()
            if json {
                print(try StatusRenderer.json(urls))
                return
            }
            if urls.isEmpty {
                print("nothing queued" + (host.map { " for \($0)" } ?? ""))
                return
            }
            let now = Date().timeIntervalSince1970
            print("DEPTH  ATTEMPTS  URL")
            for url in urls {
                let wait = url.notBefore > now ? "  (retry in \(Int(url.notBefore - now))s)" : ""
                print(String(repeating: " ", count: max(0, 5 - String(url.depth).count)) + "\(url.depth)  "
                    + String(repeating: " ", count: max(0, 8 - String(url.attempts).count)) + "\(url.attempts)  "
                    + url.url + wait)
            }
        }
    }
}
