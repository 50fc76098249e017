/// W3C datetime (the `lastmod` format: YYYY, YYYY-MM, YYYY-MM-DD, and with `Thh:mm[:ss[.s]]TZD`)
/// to Unix time; nil for anything else. Pure arithmetic, no Foundation formatter per entry.
enum W3CDate {
    static func parse(_ text: String) -> Double? {
        let b = Array(text.utf8)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= b.count else { return nil }
            var value = 0
            for k in i..<(i + digits) {
                guard (0x30...0x39).contains(b[k]) else { return nil }
                value = value * 10 + Int(b[k] - 0x30)
            }
            i += digits
            return value
        }
        func take(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0
        var second = 0.0, offset = 0
        if take(0x2d) {  // -
            guard let m = number(2), (1...12).contains(m) else { return nil }
            month = m
            if take(0x2d) {
                guard let d = number(2), (1...31).contains(d) else { return nil }
                day = d
                if take(0x54) || take(0x20) {  // T (or a space, seen in the wild)
                    guard let h = number(2), h < 24, take(0x3a), let mi = number(2), mi < 60 else { return nil }
                    hour = h
                    minute = mi
                    if take(0x3a) {
                        guard let s = number(2), s < 61 else { return nil }
                        second = Double(s)
                        if take(0x2e) {
                            var scale = 0.1
                            while i < b.count, (0x30...0x39).contains(b[i]) {
                                second += Double(b[i] - 0x30) * scale
                                scale /= 10
                                i += 1
                            }
                        }
                    }
                    if take(0x5a) {  // Z
                    } else if i < b.count, b[i] == 0x2b || b[i] == 0x2d {
                        let sign = b[i] == 0x2d ? -1 : 1
                        i += 1
                        guard let oh = number(2) else { return nil }
                        _ = take(0x3a)
                        guard let om = number(2) else { return nil }
                        offset = sign * (oh * 3600 + om * 60)
                    }
                }
            }
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Double(days * 86400 + hour * 3600 + minute * 60 - offset) + second
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
