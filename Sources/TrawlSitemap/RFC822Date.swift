/// RFC 822/1123 dates as RSS `pubDate` writes them ("Mon, 06 May 2024 07:08:09 GMT") to Unix
/// time; nil for anything else. Lenient where feeds are sloppy: the weekday is optional and not
/// checked, seconds are optional, two-digit years are 19xx/20xx, month names may be written out,
/// the zone may be a name (GMT, UT, UTC, Z, EST…PDT), `+hhmm`, `+hh:mm` or missing (UTC).
enum RFC822Date {
    static func parse(_ text: String) -> Double? {
        var tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\n" || $0 == "\r" })
            .map { $0.lowercased() }
        if let first = tokens.first, first.first?.isLetter == true, month(first) == nil { tokens.removeFirst() }
        guard tokens.count >= 4, let day = Int(tokens[0]), (1...31).contains(day),
              let month = month(tokens[1]), var year = Int(tokens[2]) else { return nil }
        switch tokens[2].count {
        case 2: year += year < 50 ? 2000 : 1900
        case 4: break
        default: return nil
        }
        let clock = tokens[3].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard clock.count == 2 || clock.count == 3, let hour = clock[0], let minute = clock[1],
              hour < 24, minute < 60 else { return nil }
        var second = 0
        if clock.count == 3 {
            guard let s = clock[2], s < 61 else { return nil }
            second = s
        }
        guard let offset = tokens.count > 4 ? zoneOffset(tokens[4]) : 0 else { return nil }
        let days = W3CDate.daysFromCivil(year: year, month: month, day: day)
        return Double(days * 86400 + hour * 3600 + minute * 60 + second - offset)
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// 1–12 for a month name or its three-letter abbreviation ("sept" too).
    private static func month(_ token: String) -> Int? {
        guard token.count >= 3, let index = months.firstIndex(of: String(token.prefix(3))) else { return nil }
        return index + 1
    }

    /// Seconds east of UTC.
    private static func zoneOffset(_ zone: String) -> Int? {
        switch zone {
        case "gmt", "ut", "utc", "z": return 0
        case "edt": return -4 * 3600
        case "est", "cdt": return -5 * 3600
        case "cst", "mdt": return -6 * 3600
        case "mst", "pdt": return -7 * 3600
        case "pst": return -8 * 3600
        default: break
        }
        guard let sign = zone.first, sign == "+" || sign == "-" else { return nil }
        let digits = zone.dropFirst().filter { $0 != ":" }
        guard digits.count == 4, let value = Int(digits) else { return nil }
        let seconds = (value / 100) * 3600 + (value % 100) * 60
        return sign == "-" ? -seconds : seconds
    }
}
