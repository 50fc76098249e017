/// Rejects table headers (and mismatched brackets) that TOMLKit's parser (toml++) cannot report
/// as an error.
///
/// toml++ asserts (aborts the process) on a table header whose first key character is neither a
/// bare-key character nor a quote, e.g. `[é]`, `[!]`, `[ €]` (found by fuzzing, issue 7). A
/// config file must never crash `trawl`, so such a header is refused here, with its line, before
/// the text reaches the TOML parser.
///
/// The scan follows just enough TOML to tell a header from an array value: strings (basic,
/// literal, multi-line) and comments are skipped, and a `[` opens a header only at the start of
/// a line outside any value's brackets.
enum TOMLHeaderCheck {
    /// Throws for the first table header that does not start with a bare or quoted key, or the
    /// first `]`/`}` closing the other kind of bracket.
    static func check(_ text: String, file: String) throws(ConfigError) {
        let scalars = Array(text.unicodeScalars)
        var i = scalars.first == "\u{FEFF}" ? 1 : 0  // a byte order mark, skipped by the parser too
        var line = 1
        var open: [Unicode.Scalar] = []  // brackets/braces of values ([ ], { }) still open
        var atLineStart = true
        func peek(_ offset: Int) -> Unicode.Scalar? { i + offset < scalars.count ? scalars[i + offset] : nil }
        while i < scalars.count {
            let c = scalars[i]
            if c == "\n" {
                line += 1
                atLineStart = true
                i += 1
                continue
            }
            if c == " " || c == "\t" || c == "\r" {
                i += 1
                continue
            }
            if c == "#" {  // comment: to the end of the line
                while i < scalars.count, scalars[i] != "\n" { i += 1 }
                continue
            }
            if c == "\"" || c == "'" {
                let triple = peek(1) == c && peek(2) == c
                i += triple ? 3 : 1
                while i < scalars.count {
                    let s = scalars[i]
                    if s == "\\", c == "\"" { i += 2; continue }
                    if s == "\n" {
                        line += 1
                        if !triple { break }  // unterminated: the TOML parser reports it
                    }
                    if s == c, !triple || (peek(1) == c && peek(2) == c) {
                        i += triple ? 3 : 1
                        break
                    }
                    i += 1
                }
                atLineStart = false
                continue
            }
            if c == "[", atLineStart, open.isEmpty {
                i += 1
                if peek(0) == "[" { i += 1 }
                while let s = peek(0), s == " " || s == "\t" { i += 1 }
                guard let s = peek(0), isKeyStart(s) else {
                    let found = peek(0).map { $0 == "\n" || $0 == "\r" ? "the end of the line" : "\"\($0)\"" } ?? "the end of the file"
                    throw ConfigError(
                        file: file, line: line,
                        message: "invalid TOML: a table header must start with a key (letters, digits, `_`, `-`, or a quoted key), not \(found)")
                }
                // The rest of the header (keys, dots, closing brackets) is the parser's to check.
                while i < scalars.count, scalars[i] != "\n", scalars[i] != "#" { i += 1 }
                atLineStart = false
                continue
            }
            if c == "[" || c == "{" { open.append(c) }
            if c == "]" || c == "}", let innermost = open.popLast(), innermost != (c == "]" ? "[" : "{") {
                // toml++ also aborts on `[1, }` (found by fuzzing); mismatched brackets are never TOML.
                throw ConfigError(
                    file: file, line: line,
                    message: "invalid TOML: \"\(c)\" closes a \"\(innermost)\" (an array ends with ], an inline table with })")
            }
            atLineStart = false
            i += 1
        }
    }

    private static func isKeyStart(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", "\"", "'": true
        default: false
        }
    }
}
