import Foundation
import TrawlHTML

/// Reading one HTML document for `trawl extract`.
enum ExtractInput {
    struct ReadError: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads a file, or standard input when `path` is nil or "-".
    static func read(path: String?) throws -> [UInt8] {
        if let path, path != "-" {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ReadError(description: "cannot read \(path)")
            }
            return [UInt8](data)
        }
        return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
    }
}

/// The JSON form of an article (snake_case keys, every key present).
enum ArticleJSON {
    static func encode(_ article: Article, pretty: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty
            ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(article)
    }
}

/// The readable-text form of an article: title, a metadata line, then the body.
enum ArticleRendering {
    static func readableText(_ a: Article) -> String {
        var lines: [String] = []
        if let t = a.title { lines.append(t) }
        var facts: [String] = []
        if let b = a.byline { facts.append("By \(b)") }
        if let p = a.published { facts.append(p) }
        if let s = a.siteName { facts.append(s) }
        if !facts.isEmpty { lines.append(facts.joined(separator: " · ")) }
        if !lines.isEmpty { lines.append("") }
        lines.append(a.text)
        return lines.joined(separator: "\n")
    }
}
