import ArgumentParser

/// `trawl extract`: article extraction from saved HTML (owned by the extraction work).
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the article (title, byline, date, text) from HTML files.")

    func run() async throws {
        throw ValidationError("not implemented yet")
    }
}
