extension SURT {
    /// The CDXJ key of a plain http(s) URL, computed in one pass over its bytes; nil for any
    /// other URL (``key(_:)`` then takes the general path).
    ///
    /// Plain: `http(s)://host[:port]/path[?query][#fragment]` where the host is lower-case
    /// `[a-z0-9.-]` (no empty label, not a number), the port digits, the path and query
    /// printable ASCII with no `%` (nothing to unescape or escape), the path without `(`
    /// (ASP.NET session segments), `//` or dot segments (nothing to normalize), and the
    /// query without a session-id name (`sessionid`, `sessid`, `sid=`, `cfid=`). That is every
    /// URL the crawler archives in practice, and for it the canonicalization's many passes
    /// (unescape, escape, normalize, lowercase, each building Strings) reduce to: host reversed
    /// (`www`/`wwwN.` dropped, a dotted quad kept), default port dropped, path and query
    /// lower-cased, a trailing `/` dropped, the query's pairs sorted, the fragment dropped.
    /// The general path was ~1.2% of a crawl's CPU, on the WARC writer's serial queue.
    static func plainKey(_ url: String) -> String? {
        var url = url
        return url.withUTF8(plainKey(bytes:))
    }

    private static func plainKey(bytes b: UnsafeBufferPointer<UInt8>) -> String? {
        let https: Bool
        if b.starts(with: "https://".utf8) { https = true } else if b.starts(with: "http://".utf8) { https = false } else { return nil }
        let hostStart = https ? 8 : 7
        // Authority: host [':' digits], ended by the path's '/'.
        var index = hostStart
        var digitsOnly = true
        while index < b.count {
            let c = b[index]
            if c &- 0x30 < 10 {
            } else if c &- 0x61 < 26 {
                digitsOnly = false
            } else if c == 0x2D {
                // A label starting with '-' is left to the general path: Swift's integer parse
                // takes a sign (`UInt8("-0")` is 0), so its IPv4 test may read "-0.1.2.3" as an address.
                guard index > hostStart, b[index - 1] != 0x2E else { return nil }
                digitsOnly = false
            } else if c == 0x2E {
                digitsOnly = false
                // No empty label: leading, trailing or doubled dots are canonicalized away.
                guard index > hostStart, b[index - 1] != 0x2E else { return nil }
            } else {
                break
            }
            index += 1
        }
        let hostEnd = index
        // A host that is a number (`UInt32(host)` parses) becomes a dotted quad: left to the general path.
        guard hostEnd > hostStart, !digitsOnly, b[hostEnd - 1] != 0x2E else { return nil }
        var portStart = hostEnd, portEnd = hostEnd
        if index < b.count, b[index] == 0x3A {
            index += 1
            portStart = index
            while index < b.count, b[index] &- 0x30 < 10 { index += 1 }
            portEnd = index
            guard portEnd > portStart else { return nil }
        }
        guard index < b.count, b[index] == 0x2F else { return nil }
        // Path: up to '?' or '#'.
        let pathStart = index
        while index < b.count {
            let c = b[index]
            if c == 0x3F || c == 0x23 { break }
            guard c > 0x20, c < 0x7F, c != 0x25, c != 0x28 else { return nil }
            if c == 0x2F, b[index - 1] == 0x2F { return nil }  // "//": an empty segment
            index += 1
        }
        var pathEnd = index
        guard !hasDotSegment(UnsafeBufferPointer(rebasing: b[pathStart..<pathEnd])) else { return nil }
        if pathEnd - pathStart > 1, b[pathEnd - 1] == 0x2F { pathEnd -= 1 }
        // Query: up to '#'.
        var queryStart = -1, queryEnd = -1
        if index < b.count, b[index] == 0x3F {
            index += 1
            queryStart = index
            while index < b.count, b[index] != 0x23 {
                let c = b[index]
                guard c > 0x20, c < 0x7F, c != 0x25 else { return nil }
                index += 1
            }
            queryEnd = index
            if hasSessionName(UnsafeBufferPointer(rebasing: b[queryStart..<queryEnd])) { return nil }
        }
        // Host: "www" plus digits plus "." dropped (when more follows).
        var host = UnsafeBufferPointer(rebasing: b[hostStart..<hostEnd])
        host = UnsafeBufferPointer(rebasing: host[massagedHostStart(host)...])
        let port = UnsafeBufferPointer(rebasing: b[portStart..<portEnd])
        let defaultPort = https ? port.elementsEqual("443".utf8) : port.elementsEqual("80".utf8)
        let queryLength = queryEnd > queryStart ? queryEnd - queryStart + 1 : 0
        let capacity = host.count + 1 + port.count + 1 + (pathEnd - pathStart) + queryLength
        return String(unsafeUninitializedCapacity: capacity) { out in
            var at = 0
            func put(_ byte: UInt8) {
                out[at] = byte
                at += 1
            }
            if isDottedQuad(host) {
                for c in host { put(c) }
            } else {  // labels in reverse order, joined by ','
                var end = host.count
                var i = host.count - 1
                while i >= -1 {
                    if i < 0 || host[i] == 0x2E {
                        if end < host.count { put(0x2C) }
                        for k in (i + 1)..<end { put(host[k]) }
                        end = i
                    }
                    i -= 1
                }
            }
            if !port.isEmpty, !defaultPort {
                put(0x3A)
                for c in port { put(c) }
            }
            put(0x29)
            for k in pathStart..<pathEnd { put(lower(b[k])) }
            if queryLength > 0 {
                put(0x3F)
                at = appendSortedPairs(UnsafeBufferPointer(rebasing: b[queryStart..<queryEnd]), to: out, at: at)
            }
            return at
        }
    }

    @inline(__always)
    private static func lower(_ c: UInt8) -> UInt8 { c &- 0x41 < 26 ? c | 0x20 : c }

    /// Whether a path has a `.` or `..` segment (which normalization would resolve).
    private static func hasDotSegment(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 1
        for index in 1...path.count where index == path.count || path[index] == 0x2F {
            let length = index - start
            if length == 1, path[start] == 0x2E { return true }
            if length == 2, path[start] == 0x2E, path[start + 1] == 0x2E { return true }
            start = index + 1
        }
        return false
    }

    /// Whether the lower-cased query holds one of ``querySessionMarkers``.
    private static func hasSessionName(_ query: UnsafeBufferPointer<UInt8>) -> Bool {
        querySessionMarkerBytes.contains { marker in
            let n = marker.count
            guard query.count >= n else { return false }
            return (0...(query.count - n)).contains { start in
                (0..<n).allSatisfy { lower(query[start + $0]) == marker[$0] }
            }
        }
    }

    private static let querySessionMarkerBytes = querySessionMarkers.map { Array($0.utf8) }

    /// Four dot-separated runs of 1–3 digits, each at most 255: ``isIPv4(_:)`` for the hosts a
    /// plain URL can have (that one parses each part with `UInt8(_:)`, which also takes a sign).
    private static func isDottedQuad(_ host: UnsafeBufferPointer<UInt8>) -> Bool {
        var parts = 0, length = 0, value = 0
        for index in 0...host.count {
            if index == host.count || host[index] == 0x2E {
                guard length > 0, length <= 3, value <= 255 else { return false }
                parts += 1
                length = 0
                value = 0
            } else {
                guard host[index] &- 0x30 < 10 else { return false }
                value = value * 10 + Int(host[index] &- 0x30)
                length += 1
            }
        }
        return parts == 4
    }

    /// Writes the query's `&`-separated pairs lower-cased and sorted as ``alphaReorderQuery(_:)``
    /// sorts them (by name, then a pair without `=` first, then by value) at `out[at...]`;
    /// returns the end. Pairs that sort equal are the same text, so any sort gives the same bytes.
    private static func appendSortedPairs(_ query: UnsafeBufferPointer<UInt8>, to out: UnsafeMutableBufferPointer<UInt8>,
                                          at start: Int) -> Int {
        var at = start
        for c in query {
            out[at] = lower(c)
            at += 1
        }
        let lowered = UnsafeBufferPointer(rebasing: out[start..<at])
        guard lowered.contains(0x26) else { return at }  // one pair: as it is
        var pairs: [Range<Int>] = []
        var pieceStart = 0
        for index in 0...lowered.count where index == lowered.count || lowered[index] == 0x26 {
            pairs.append(pieceStart..<index)
            pieceStart = index + 1
        }
        func split(_ r: Range<Int>) -> (name: Slice<UnsafeBufferPointer<UInt8>>, value: Slice<UnsafeBufferPointer<UInt8>>?) {
            let piece = lowered[r]
            guard let eq = piece.firstIndex(of: 0x3D) else { return (piece, nil) }
            return (lowered[r.lowerBound..<eq], lowered[(eq + 1)..<r.upperBound])
        }
        pairs.sort { x, y in
            let a = split(x), b = split(y)
            if !a.name.elementsEqual(b.name) { return a.name.lexicographicallyPrecedes(b.name) }
            switch (a.value, b.value) {
            case (nil, nil), (_, nil): return false
            case (nil, _): return true
            case let (v?, w?): return v.lexicographicallyPrecedes(w)
            }
        }
        var sorted: [UInt8] = []
        sorted.reserveCapacity(lowered.count)
        for (k, pair) in pairs.enumerated() {
            if k > 0 { sorted.append(0x26) }
            sorted.append(contentsOf: lowered[pair])
        }
        at = start
        for c in sorted {
            out[at] = c
            at += 1
        }
        return at
    }
}
