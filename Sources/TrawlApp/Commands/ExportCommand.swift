import ArgumentParser
import Foundation
import TrawlCore

/// `trawl export`: a WARC subset (time range, optionally one host) with its CDXJ index.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the WARC records of captures fetched in a time range into a new WARC file.",
        discussion: """
            Selects the captures fetched at or after --since (and before --until; of --host when \
            given) and copies their records — request, response or revisit, metadata, conversion — \
            byte for byte from the crawl's WARC files into one new file in --out, after a fresh \
            warcinfo record, with a sorted CDXJ index beside it. A revisit's original response is \
            copied too, so the subset replays on its own. TIME is ISO 8601 (2026-11-29, \
            2026-11-29T14:00:00Z) or unix seconds. Needs [warc] dir in the config.

            Example: trawl export --config trawl.toml --since 2026-11-29 --host news.example --out /srv/exports/news
            """)

    @OptionGroup var options: ConfigOptions

    @Option(help: "Export captures fetched at or after TIME (ISO 8601 or unix seconds).")
    var since: String

    @Option(help: "Export captures fetched before TIME (default: now).")
    var until: String?

    @Option(help: "Only captures of this host name.")
    var host: String?

    @Option(help: "Folder for the new WARC file and its .cdxj (created if missing; its parent must exist).")
    var out: String

    @Option(help: "File-name prefix of the new WARC file.")
    var prefix = "trawl-export"

    func run() async throws {
        try await UsageFailure.report {
            guard let from = Self.parseTime(since) else {
                throw UsageFailure(message: "--since \"\(since)\" is not a time (use ISO 8601, e.g. 2026-11-29T14:00:00Z, or unix seconds)")
            }
            let to = try until.map { value in
                guard let t = Self.parseTime(value) else {
                    throw UsageFailure(message: "--until \"\(value)\" is not a time (use ISO 8601 or unix seconds)")
                }
                return t
            }
            let config = try options.load()
            guard let directory = config.settings.warc?.directory else {
                throw UsageFailure(message: "\(options.config) has no [warc] dir: there are no WARC files to export from")
            }
            let store = try await options.openStore(config, mustExist: true)
            let outPath = URL(fileURLWithPath: out).standardizedFileURL.path
            let result: WARCSubsetResultSummary
            do {
                let r = try await WARCExport.run(
                    store: store, warcDirectory: directory,
                    selection: .init(since: from, until: to, host: host), outputDirectory: outPath, prefix: prefix)
                result = .init(fileName: r.fileName, records: r.records, captures: r.captures, originals: r.originals, missing: r.missing)
            } catch {
                await store.close()
                throw UsageFailure(message: "export to \(outPath) failed: \(error)")
            }
            await store.close()
            print("\(outPath)/\(result.fileName): \(result.captures) captures, \(result.records) records (\(result.originals) revisit originals added)")
            for m in result.missing { FileHandle.standardError.write(Data("warning: not found: \(m)\n".utf8)) }
        }
    }

    private struct WARCSubsetResultSummary {
        var fileName: String, records: Int, captures: Int, originals: Int, missing: [String]
    }

    /// ISO 8601 date-time, a bare date (midnight UTC), or unix seconds.
    static func parseTime(_ text: String) -> Date? {
        if let seconds = Double(text) { return Date(timeIntervalSince1970: seconds) }
        if let d = try? Date(text, strategy: .iso8601) { return d }
        if let d = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) { return d }
        return nil
    }
}
