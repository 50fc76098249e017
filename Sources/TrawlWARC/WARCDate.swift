import Foundation

/// WARC-Date formatting: WARC 1.1 allows sub-second precision; Trawl writes
/// microseconds in UTC (`2024-05-01T12:00:00.123456Z`) so request/response
/// pairs fetched within one second still sort in fetch order.
public enum WARCDate {
    /// `YYYY-MM-DDThh:mm:ss.ffffffZ` for `date`.
    /// Formatted as bytes: every record of every capture carries one.
    public static func string(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        var secs = time_t(t.rounded(.down))
        var micros = Int(((t - Double(secs)) * 1_000_000).rounded())
        if micros >= 1_000_000 { micros -= 1_000_000; secs += 1 }
        var tmv = tm()
        gmtime_r(&secs, &tmv)
        return String(unsafeUninitializedCapacity: 27) { out in
            var at = 0
            func put(_ value: Int, _ width: Int, then separator: UInt8) {
                var value = max(0, value)
                for i in stride(from: at + width - 1, through: at, by: -1) {
                    out[i] = UInt8(48 + value % 10)
                    value /= 10
                }
                out[at + width] = separator
                at += width + 1
            }
            put(Int(tmv.tm_year) + 1900, 4, then: 0x2D)  // -
            put(Int(tmv.tm_mon) + 1, 2, then: 0x2D)
            put(Int(tmv.tm_mday), 2, then: 0x54)  // T
            put(Int(tmv.tm_hour), 2, then: 0x3A)  // :
            put(Int(tmv.tm_min), 2, then: 0x3A)
            put(Int(tmv.tm_sec), 2, then: 0x2E)  // .
            put(micros, 6, then: 0x5A)  // Z
            return at
        }
    }

    /// The 14-digit `YYYYMMDDhhmmss` form used in CDXJ keys and file names.
    public static func timestamp14(_ date: Date) -> String {
        timestamp14(fromWARCDate: string(date))
    }

    /// The 14-digit form of a WARC-Date string (its first 14 digits, zero-filled).
    public static func timestamp14(fromWARCDate s: String) -> String {
        String(unsafeUninitializedCapacity: 14) { out in
            var count = 0
            for byte in s.utf8 where byte >= 48 && byte <= 57 {
                out[count] = byte
                count += 1
                if count == 14 { break }
            }
            while count < 14 {
                out[count] = 48
                count += 1
            }
            return 14
        }
    }
}
