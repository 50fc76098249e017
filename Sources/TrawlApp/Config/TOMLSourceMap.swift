/// Finds the line on which a TOML key is set, for error messages (TOMLKit reports lines only for
/// syntax errors). Understands `[table]` headers, `[[array]]` entries (keys of the second
/// `[[revisit]]` are `revisit[2].key`, counting from 1) and `key = value` lines, which is what
/// Trawl's config uses; returns nil for anything fancier.
struct TOMLSourceMap {
    private var lines: [String: Int] = [:]

    init(text: String) {
        var table = ""
        var entries: [String: Int] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let name = line.drop(while: { $0 == "[" }).prefix(while: { $0 != "]" })
                table = name.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[[") {
                    entries[table, default: 0] += 1
                    lines[table] = lines[table] ?? index + 1
                    table += "[\(entries[table] ?? 1)]"
                }
                lines[table] = lines[table] ?? index + 1
            } else if let equals = line.firstIndex(of: "="), !line.hasPrefix("#") {
                var key = line[..<equals].trimmingCharacters(in: .whitespaces)
                if key.count >= 2, key.first == "\"", key.last == "\"" { key = String(key.dropFirst().dropLast()) }
                let dotted = table.isEmpty ? key : "\(table).\(key)"
                lines[dotted] = lines[dotted] ?? index + 1
            }
        }
    }

    /// The line of `dottedKey` (e.g. "politeness.delay_ms"), or of a table header.
    func line(of dottedKey: String) -> Int? { lines[dottedKey] }
}

import Foundation
