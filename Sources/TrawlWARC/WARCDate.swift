import Foundation

/// WARC-Date formatting: WARC 1.1 allows sub-second precision; Trawl writes
/// microseconds in UTC (`2024-05-01T12:00:00.123456Z`) so request/response
/// pairs fetched within one second still sort in fetch order.
public enum WARCDate {
    /// `YYYY-MM-DDThh:mm:ss.ffffffZ` for `date`.
    public static func string(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        var secs = time_t(t.rounded(.down))
        var micros = Int(((t - Double(secs)) * 1_000_000).rounded())
        if micros >= 1_000_000 { micros -= 1_000_000; secs += 1 }
        var tmv = tm()
        gmtime_r(&secs, &tmv)
        return pad(Int(tmv.tm_year) + 1900, 4) + "-" + pad(Int(tmv.tm_mon) + 1, 2) + "-" + pad(Int(tmv.tm_mday), 2)
            + "T" + pad(Int(tmv.tm_hour), 2) + ":" + pad(Int(tmv.tm_min), 2) + ":" + pad(Int(tmv.tm_sec), 2)
            + "." + pad(micros, 6) + "Z"
    }

    /// The 14-digit `YYYYMMDDhhmmss` form used in CDXJ keys and file names.
    public static func timestamp14(_ date: Date) -> String {
        timestamp14(fromWARCDate: string(date))
    }

    /// The 14-digit form of a WARC-Date string (its first 14 digits, zero-filled).
    public static func timestamp14(fromWARCDate s: String) -> String {
        var digits = ""
        for c in s where c.isASCII && c.isNumber {
            digits.append(c)
            if digits.count == 14 { break }
        }
        return digits.padding(toLength: 14, withPad: "0", startingAt: 0)
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
