/// Product-token handling for group selection (RFC 9309 2.2.1).
public enum RobotsProductToken {
    /// The token used to select a group: the text before the first `/` or whitespace,
    /// ASCII-lower-cased because group selection is case-insensitive.
    ///
    /// Applied both to the crawler's user agent (`"TrawlBot/1.0 (+https://…)"` → `"trawlbot"`)
    /// and to `User-agent:` values in the file (`"FOO BAR"` → `"foo"`, as Google does).
    public static func normalized<S: StringProtocol>(_ userAgent: S) -> String {
        var bytes: [UInt8] = []
        for byte in userAgent.utf8.drop(while: RobotsParser.isWhitespace) {
            if byte == UInt8(ascii: "/") || RobotsParser.isWhitespace(byte) { break }
            bytes.append((byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) ? byte + 32 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `token` is a valid product token to obey: `[A-Za-z_-]+` (RFC 9309 2.2.1).
    /// Use it to validate the crawler's own configured token.
    public static func isValid(_ token: String) -> Bool {
        !token.isEmpty && token.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}
