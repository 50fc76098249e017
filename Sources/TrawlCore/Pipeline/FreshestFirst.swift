extension Array {
    /// The elements newest first by `date` (Unix time); undated ones last; stable for equal or
    /// missing dates, so document order breaks ties. Sitemaps and feeds offer their URLs in this
    /// order: when the page budget runs out, the newest pages are the ones queued.
    func freshestFirst(by date: (Element) -> Double?) -> [Element] {
        enumerated().sorted { a, b in
            switch (date(a.element), date(b.element)) {
            case let (x?, y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }
}
