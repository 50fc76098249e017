import Foundation

/// The `Retry-After` response header (RFC 9110 10.2.3): delay-seconds or an HTTP-date.
enum RetryAfter {
    /// How long to wait, measured from `now`; nil when the value is neither form.
    /// A date in the past means "now" (zero).
    static func parse(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCIIDigit) {
            return .seconds(Int64(trimmed.prefix(12)) ?? 0)
        }
        for formatter in makeFormatters() {
            if let date = formatter.date(from: trimmed) {
                return .clampedSeconds(date.timeIntervalSince(now))
            }
        }
        return nil
    }

    /// IMF-fixdate, then the obsolete RFC 850 and asctime forms recipients must accept.
    /// Made per call (dates in Retry-After are rare), so no formatter is shared between threads.
    private static func makeFormatters() -> [DateFormatter] {
        ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"].map { format in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            return formatter
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
