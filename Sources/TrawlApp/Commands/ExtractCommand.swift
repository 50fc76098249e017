import ArgumentParser
import Foundation
import TrawlHTML

/// `trawl extract`: article extraction from saved HTML.
///
///     trawl extract [FILE] [--json] [--url URL]       one document (stdin without FILE)
///     trawl extract --batch IN_DIR --out OUT_DIR      every IN_DIR/NAME.html -> OUT_DIR/NAME.json
///
/// Exit status is 0 even when a page has no article (empty text); 2 for usage errors and
/// unreadable input (like every other command); 1 when some pages of a batch failed.
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the article (title, byline, date, text) from HTML files.",
        discussion: """
            With FILE (or stdin), prints the article as readable text, or as one JSON object \
            with --json (keys: title, byline, published, language, site_name, canonical_url, \
            text, word_count). With --batch IN_DIR --out OUT_DIR, writes OUT_DIR/NAME.json for \
            every IN_DIR/NAME.html, using IN_DIR/urls.json ({"NAME": "url"}) for page URLs when \
            present; pages are processed in parallel.
            """)

    @Argument(help: "HTML file to read (standard input when omitted).")
    var file: String?

    @Flag(name: .long, help: "Print one JSON object instead of readable text.")
    var json = false

    @Option(name: .long, help: "The page's URL (resolves the canonical URL; date evidence).")
    var url: String?

    @Option(name: .customLong("content-type"), help: "HTTP Content-Type header of the page (charset).")
    var contentType: String?

    @Option(name: .long, help: "Extract every NAME.html in this folder (needs --out).")
    var batch: String?

    @Option(name: .long, help: "Folder for the NAME.json files of --batch.")
    var out: String?

    @Option(name: .long, help: "Parallel workers for --batch (default: one per core).")
    var jobs: Int?

    func validate() throws {
        if batch != nil {
            if out == nil { throw ValidationError("--batch needs --out OUT_DIR") }
            if file != nil { throw ValidationError("give either FILE or --batch, not both") }
        } else if out != nil {
            throw ValidationError("--out is only used with --batch")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        try await UsageFailure.report {
            if let batch, let out {
                let runner = BatchExtraction(
                    inputDirectory: batch, outputDirectory: out,
                    jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
                let summary: BatchExtraction.Summary
                do {
                    summary = try runner.run()
                } catch let error as BatchExtraction.BatchError {
                    throw UsageFailure(message: "\(error)")
                }
                if summary.failed > 0 { throw ExitCode(1) }
                return
            }
            let bytes: [UInt8]
            do {
                bytes = try ExtractInput.read(path: file)
            } catch {
                throw UsageFailure(message: "\(error)")
            }
            let article = ArticleExtractor.extract(bytes: bytes, url: url, contentType: contentType)
            if json {
                FileHandle.standardOutput.write(try ArticleJSON.encode(article, pretty: true))
                FileHandle.standardOutput.write(Data("\n".utf8))
            } else {
                print(ArticleRendering.readableText(article))
            }
        }
    }
}
