import Foundation

/// WARC file naming: `PREFIX-YYYYMMDDhhmmss-SERIAL-HOSTNAME.warc.gz`, written as
/// `….warc.gz.open` until closed, with the index beside it as `….cdxj`
/// (`PREFIX-YYYYMMDDhhmmss-SERIAL-HOSTNAME.cdxj`).
public enum WARCFileName {
    public static let openSuffix = ".open"
    public static let warcSuffix = ".warc.gz"

    /// The closed file name for `prefix`, creation `date`, `serial` and `hostname`.
    public static func make(prefix: String, date: Date, serial: Int, hostname: String) -> String {
        let s = String(serial)
        let padded = s.count >= 5 ? s : String(repeating: "0", count: 5 - s.count) + s
        let host = hostname.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" ? $0 : "_" }
        return "\(prefix)-\(WARCDate.timestamp14(date))-\(padded)-\(String(host)).warc.gz"
    }

    /// `X.warc.gz.open` → `X.warc.gz` (names without the suffix are returned unchanged).
    public static func closedName(_ name: String) -> String {
        name.hasSuffix(openSuffix) ? String(name.dropLast(openSuffix.count)) : name
    }

    /// The CDXJ file name for a WARC file name (`X.warc.gz[.open]` → `X.cdxj`).
    public static func indexName(_ name: String) -> String {
        let closed = closedName(name)
        return (closed.hasSuffix(warcSuffix) ? String(closed.dropLast(warcSuffix.count)) : closed) + ".cdxj"
    }

    /// The serial number in a file name made by `make` with `prefix`, or nil.
    static func serial(of name: String, prefix: String) -> Int? {
        guard name.hasPrefix(prefix + "-") else { return nil }
        let parts = name.dropFirst(prefix.count + 1).split(separator: "-", maxSplits: 2)
        guard parts.count == 3, parts[0].count == 14 else { return nil }
        return Int(parts[1])
    }

    /// This machine's host name (gethostname), or `localhost`.
    public static func localHostname() -> String {
        var buf = [CChar](repeating: 0, count: 256)
        guard gethostname(&buf, buf.count) == 0 else { return "localhost" }
        let name = String(decoding: buf.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
