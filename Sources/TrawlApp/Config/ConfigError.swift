/// A config file problem, located as precisely as possible (file, key, line) so it can be fixed.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var file: String
    /// The dotted key, e.g. `politeness.delay_ms`, when the problem is one key.
    public var key: String?
    /// 1-based line in `file`, when known.
    public var line: Int?
    public var message: String

    public init(file: String, key: String? = nil, line: Int? = nil, message: String) {
        self.file = file
        self.key = key
        self.line = line
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let key { return "\(location): `\(key)`: \(message)" }
        return "\(location): \(message)"
    }
}
