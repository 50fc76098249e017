import TOMLKit

/// Typed, located access to one TOML table of the config; every failure is a `ConfigError`
/// naming the file, the dotted key and its line.
struct ConfigReader {
    let file: String
    let table: TOMLTable
    /// Dotted path of this table ("" for the root).
    let path: String
    let sourceMap: TOMLSourceMap

    func dotted(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ message: String) -> ConfigError {
        let name = dotted(key)
        return ConfigError(file: file, key: name, line: sourceMap.line(of: name), message: message)
    }

    /// Rejects keys this config version does not know (a typo must not be silently ignored).
    func rejectUnknownKeys(allowed: Set<String>) throws(ConfigError) {
        for key in table.keys.sorted() where !allowed.contains(key) {
            let suggestion = allowed.sorted().map { "`\($0)`" }.joined(separator: ", ")
            throw error(key, "unknown key; known keys here: \(suggestion)")
        }
    }

    /// A sub-table such as `[politeness]`; an empty one when absent.
    func table(_ key: String) throws(ConfigError) -> ConfigReader {
        guard let value = table[key] else {
            return ConfigReader(file: file, table: TOMLTable(), path: dotted(key), sourceMap: sourceMap)
        }
        guard let sub = value.table else { throw error(key, "must be a table (`[\(dotted(key))]`)") }
        return ConfigReader(file: file, table: sub, path: dotted(key), sourceMap: sourceMap)
    }

    /// An array of tables such as `[[revisit]]`, one reader per entry (paths `revisit[1]`, …);
    /// empty when absent. `hint` says what to write instead when the key is something else.
    func tables(_ key: String, hint: String) throws(ConfigError) -> [ConfigReader] {
        guard let value = table[key] else { return [] }
        guard let array = value.array else { throw error(key, "must be a list of tables (`[[\(dotted(key))]]` entries); \(hint)") }
        var readers: [ConfigReader] = []
        for (index, element) in array.enumerated() {
            let path = "\(dotted(key))[\(index + 1)]"
            guard let sub = element.table else {
                throw ConfigError(file: file, key: path, line: sourceMap.line(of: dotted(key)), message: "must be a table; \(hint)")
            }
            readers.append(ConfigReader(file: file, table: sub, path: path, sourceMap: sourceMap))
        }
        return readers
    }

    func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = table[key] else { return nil }
        guard let string = value.string else { throw error(key, "must be a string, e.g. \(key) = \"…\"") }
        return string
    }

    func int(_ key: String, min: Int = 0) throws(ConfigError) -> Int? {
        guard let value = table[key] else { return nil }
        guard let int = value.int else { throw error(key, "must be an integer") }
        guard int >= min else { throw error(key, "must be at least \(min) (got \(int))") }
        return int
    }

    func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = table[key] else { return nil }
        guard let bool = value.bool else { throw error(key, "must be true or false") }
        return bool
    }

    func strings(_ key: String) throws(ConfigError) -> [String]? {
        guard let value = table[key] else { return nil }
        guard let array = value.array else { throw error(key, "must be a list of strings, e.g. [\"…\"]") }
        var strings: [String] = []
        for element in array {
            guard let string = element.string else { throw error(key, "must contain only strings") }
            strings.append(string)
        }
        return strings
    }
}
