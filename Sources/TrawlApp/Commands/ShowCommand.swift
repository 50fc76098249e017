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
            default port removed). Prints the capture's status, type, size, timing and headers, then \
            the article (title, byline, date, text).

            Example: trawl show --config trawl.toml https://news.example/2024/04/story/
            """)

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The URL to show.")
    var url: String

    @Flag(help: "Print the capture as JSON.")
    var json = false

    @Flag(help: "Also print the response headers.")
    var headers = false

    func run() async throws {
        try await UsageFailure.report {
            guard let normalized = TrawlConfig.seedURL(url) else {
                throw UsageFailure(message: "\"\(url)\" is not an absolute http(s) URL")
            }
            let config = try options.load()
            let store = try await options.openStore(config, mustExist: true)
            let detail = try await store.latestCapture(of: normalized.href)
            await store.close()
            guard let detail else {
                throw UsageFailure(message: "\(normalized.href) has not been archived in \(config.database)")
            }
            print(json ? try JSONOutput.encode(detail) : render(detail))
        }
    }

    private func render(_ capture: CaptureDetail) -> String {
        let date = Date(timeIntervalSince1970: capture.fetchedAt).formatted(.iso8601)
        var lines = ["\(capture.url)", "fetched   \(date) (capture \(capture.captureID), \(capture.captureCount) in all)"]
        if let status = capture.status {
            lines.append("status    \(status)" + (capture.finalURL.map { $0 != capture.url ? " → \($0)" : "" } ?? ""))
        }
        if let error = capture.error { lines.append("error     \(capture.errorKind ?? "error"): \(error)") }
        if let type = capture.contentType { lines.append("type      \(type)") }
        if let length = capture.length { lines.append("length    \(length) bytes") }
        if let hash = capture.contentHash { lines.append("sha256    \(hash.lowercased())") }
        if let near = capture.nearDuplicateOf { lines.append("near-duplicate of capture \(near)") }
        if headers, let block = capture.headers { lines += ["", block] }
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
