import ArgumentParser
import Foundation
import TrawlCore

/// `trawl show`: one archived capture with its article.
struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the newest capture of a URL with its extracted article.",
        discussion: """
            The URL is normalized the way the crawler stores it (fragment dropped, host lower-cased, \
            default port removed). Prints the capture's status, type, size, timing and headers, the \
            URL's last visits and revisit schedule (all of them: `trawl history`), then the article \
            (title, byline, date, text). With --raw, prints instead the capture's WARC \
            response (or revisit) record, read back from its file at the offset stored in the \
            database (needs [warc] dir in the config).

            Example: trawl show --config trawl.toml https://news.example/2024/04/story/
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The URL to show.")
    var url: String

    @Flag(help: "Print the capture as JSON.")
    var json = false

    @Flag(help: "Also print the response headers.")
    var headers = false

    @Flag(help: "Print the capture's WARC record (uncompressed) as read back from its WARC file.")
    var raw = false

    func run() async throws {
        try await UsageFailure.report {
            let href = try ConfigOptions.normalizedURL(url)
            let config = try options.load()
            let store = try await options.openStore(config, mustExist: true)
            let detail = try await store.latestCapture(of: href)
            let history = try await store.history(of: href)
            await store.close()
            guard let detail else {
                throw UsageFailure(message: "\(href) has not been archived in \(config.database)")
            }
            if raw {
                try printRecord(of: detail, config: config)
            } else {
                print(json ? try JSONOutput.encode(detail) : render(detail, history: history))
            }
        }
    }

    /// Writes the capture's WARC record to standard output, byte for byte.
    private func printRecord(of capture: CaptureDetail, config: TrawlConfig) throws {
        guard let file = capture.warcFile, let offset = capture.warcOffset else {
            throw UsageFailure(message: "capture \(capture.captureID) of \(capture.url) has no WARC record (fetched without [warc] dir, or nothing was received)")
        }
        guard let directory = config.settings.warc?.directory else {
            throw UsageFailure(message: "the config has no [warc] dir: cannot find \(file)")
        }
        let bytes = try ArchivedRecord.read(directory: directory, file: file, offset: UInt64(offset))
        FileHandle.standardOutput.write(Data(bytes))
    }

    private func render(_ capture: CaptureDetail, history: URLHistory?) -> String {
        let date = Date(timeIntervalSince1970: capture.fetchedAt).formatted(.iso8601)
        var lines = ["\(capture.url)", "fetched   \(date) (capture \(capture.captureID), \(capture.captureCount) in all)"]
        if let status = capture.status {
            lines.append("status    \(status)" + (capture.finalURL.map { $0 != capture.url ? " → \($0)" : "" } ?? ""))
        }
        if let error = capture.error { lines.append("error     \(capture.errorKind ?? "error"): \(error)") }
        if let type = capture.contentType { lines.append("type      \(type)") }
        if let length = capture.length { lines.append("length    \(length) bytes") }
        if let hash = capture.contentHash, !hash.isEmpty { lines.append("sha256    \(hash.lowercased())") }
        if let near = capture.nearDuplicateOf { lines.append("near-duplicate of capture \(near)") }
        if headers, let block = capture.headers { lines += ["", block] }
        if let history {  // the visits: time, status, changed or not, interval
            lines.append("")
            lines += HistoryRenderer().render(history, limit: 10)
        }
        if let article = capture.article {
            lines.append("")
            if let title = article.title { lines.append(title) }
            let meta = [article.byline, article.published, article.siteName].compactMap { $0 }
            if !meta.isEmpty { lines.append(meta.joined(separator: " · ")) }
            lines += ["", article.text]
        }
        return lines.joined(separator: "\n")
    }
}
