import Foundation

// The seed article of the extraction issue (shared/corpus/seed-article): a news page with
// navigation, a dek, an "Also Read" list, a newsletter prompt, sidebars and related posts.
// The page is read from the demo site's byte-identical copy (in this repository); the expected
// title and text from ../shared/corpus/seed-article/expected.json (TRAWL_SHARED overrides the
// shared folder). A missing file fails the test with its path.

enum SeedArticle {
    private static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static var sharedFolder: URL {
        if let override = ProcessInfo.processInfo.environment["TRAWL_SHARED"] { return URL(fileURLWithPath: override) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    static let html: String = {
        let path = packageRoot.appendingPathComponent(
            "Demo/site/news/2024/04/223-x-banned-pakistan-interior-ministry/index.html").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return "missing seed article page at \(path)"
        }
        return text
    }()

    private struct Expected: Decodable { var title: String; var text: String }

    private static let expected: Expected = {
        let path = sharedFolder.appendingPathComponent("corpus/seed-article/expected.json").path
        guard let data = FileManager.default.contents(atPath: path),
              let decoded = try? JSONDecoder().decode(Expected.self, from: data)
        else { return Expected(title: "missing \(path) (set TRAWL_SHARED)", text: "missing \(path)") }
        return decoded
    }()

    static var expectedTitle: String { expected.title }
    static var expectedText: String { expected.text }
    static let expectedPublished = "2024-04-18T06:12:31+05:30"
    static let expectedCanonical = "https://www.medianama.com/2024/04/223-x-banned-pakistan-interior-ministry/"
}
