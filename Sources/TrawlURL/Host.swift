// WHATWG host parsing (§3.5) and serialization (§3.6): domains, IPv4, IPv6, opaque hosts.
// Hosts are kept in their serialized byte form (what `hostname` returns).

enum HostParser {
    /// WHATWG "host parser". Returns the serialized host, or nil on failure.
    /// - Parameter isOpaque: true for non-special schemes (opaque host rules).
    static func parse(_ input: [UInt8], isOpaque: Bool) -> [UInt8]? {
        if input.first == 0x5B {  // [
            guard input.count >= 2, input.last == 0x5D else { return nil }
            guard let address = parseIPv6(input[1..<(input.count - 1)]) else { return nil }
            var out: [UInt8] = [0x5B]
            serializeIPv6(address, into: &out)
            out.append(0x5D)
            return out
        }
        if isOpaque { return parseOpaqueHost(input) }

        let decoded = input.contains(0x25) ? percentDecode(input) : input
        guard let ascii = IDNA.domainToASCII(decoded) else { return nil }
        if endsInNumber(ascii) {
            guard let v4 = parseIPv4(ascii) else { return nil }
            return serializeIPv4(v4)
        }
        return ascii
    }

    // MARK: Opaque hosts

    static var forbiddenHost: PercentEncodeSet { .forbiddenHost }
    static var forbiddenDomain: PercentEncodeSet { .forbiddenDomain }

    static func parseOpaqueHost(_ input: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        for b in input {
            if b < 0x80 && forbiddenHost.contains(b) { return nil }
            out.appendEncoded(b, .c0Control)
        }
        return out
    }

    // MARK: IPv4

    /// "ends in a number checker": does the last (non-empty-trailing) label look numeric?
    static func endsInNumber(_ d: [UInt8]) -> Bool {
        var end = d.count
        if end == 0 { return false }
        if d[end - 1] == 0x2E {
            end -= 1
        }
        var start = end
        while start > 0 && d[start - 1] != 0x2E { start -= 1 }
        let last = d[start..<end]
        if !last.isEmpty && last.allSatisfy(isASCIIDigit) { return true }
        return parseIPv4Number(last) != nil
    }

    /// "IPv4 number parser": decimal, 0x-hex or 0-octal. Values saturate above 2^32 (any such
    /// value makes the address invalid anyway).
    static func parseIPv4Number(_ s: ArraySlice<UInt8>) -> UInt64? {
        if s.isEmpty { return nil }
        var i = s.startIndex
        var radix: UInt64 = 10
        if s.count >= 2 && s[i] == 0x30 && (s[i + 1] | 0x20) == 0x78 {
            i += 2
            radix = 16
        } else if s.count >= 2 && s[i] == 0x30 {
            i += 1
            radix = 8
        }
        var value: UInt64 = 0
        while i < s.endIndex {
            let b = s[i]
            let digit: UInt64
            switch radix {
            case 16:
                guard let h = hexValue(b) else { return nil }
                digit = UInt64(h)
            case 8:
                guard b >= 0x30 && b <= 0x37 else { return nil }
                digit = UInt64(b - 0x30)
            default:
                guard isASCIIDigit(b) else { return nil }
                digit = UInt64(b - 0x30)
            }
            value = min(value * radix + digit, 1 << 40)
            i += 1
        }
        return value
    }

    /// "IPv4 parser": 1 to 4 dot-separated numbers; the last one fills the remaining bytes.
    static func parseIPv4(_ d: [UInt8]) -> UInt32? {
        var parts = d.split(separator: 0x2E, omittingEmptySubsequences: false)
        if parts.count > 1 && parts[parts.count - 1].isEmpty { parts.removeLast() }
        if parts.count > 4 || parts.isEmpty { return nil }
        var numbers: [UInt64] = []
        numbers.reserveCapacity(4)
        for part in parts {
            guard let n = parseIPv4Number(part) else { return nil }
            numbers.append(n)
        }
        for n in numbers.dropLast() where n > 255 { return nil }
        guard let last = numbers.last, last < (1 as UInt64) << (8 * UInt64(5 - numbers.count)) else {
            return nil
        }
        var ipv4 = last
        for (counter, n) in numbers.dropLast().enumerated() {
            ipv4 += n << (8 * UInt64(3 - counter))
        }
        return UInt32(truncatingIfNeeded: ipv4)
    }

    /// Whether `host` is an IPv4 address as ``serializeIPv4(_:)`` writes it: four decimal numbers
    /// of 0…255 without leading zeros, dot-separated. The same answer as
    /// `parseIPv4(host).map(serializeIPv4) == host`, without the arrays (every absolute link of a
    /// crawl of hosts named by address was checked that way: 0.2% of its CPU).
    static func isSerializedIPv4(_ host: UnsafeBufferPointer<UInt8>) -> Bool {
        var parts = 0
        var index = 0
        while index < host.count {
            let start = index
            var value = 0
            while index < host.count, host[index] &- 0x30 < 10, index - start < 3 {
                value = value * 10 + Int(host[index] &- 0x30)
                index += 1
            }
            let length = index - start
            guard length > 0, value <= 255, length == 1 || host[start] != 0x30 else { return false }
            parts += 1
            if index == host.count { break }
            guard parts < 4, host[index] == 0x2E else { return false }
            index += 1
            guard index < host.count else { return false }
        }
        return parts == 4
    }

    static func serializeIPv4(_ address: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(15)
        for shift in stride(from: 24, through: 0, by: -8) {
            appendDecimal(Int((address >> UInt32(shift)) & 0xFF), to: &out)
            if shift != 0 { out.append(0x2E) }
        }
        return out
    }

    // MARK: IPv6

    /// "IPv6 parser" over the text between the brackets. Returns the 8 pieces, or nil.
    static func parseIPv6(_ input: ArraySlice<UInt8>) -> [UInt16]? {
        var address = [UInt16](repeating: 0, count: 8)
        var pieceIndex = 0
        var compress: Int? = nil
        var p = input.startIndex
        let end = input.endIndex
        @inline(__always) func at(_ i: Int) -> UInt8? { i < end ? input[i] : nil }

        if at(p) == 0x3A {
            guard at(p + 1) == 0x3A else { return nil }
            p += 2
            pieceIndex += 1
            compress = pieceIndex
        }
        while let c = at(p) {
            if pieceIndex == 8 { return nil }
            if c == 0x3A {
                if compress != nil { return nil }
                p += 1
                pieceIndex += 1
                compress = pieceIndex
                continue
            }
            var value = 0, length = 0
            while length < 4, let b = at(p), let h = hexValue(b) {
                value = value * 16 + Int(h)
                p += 1
                length += 1
            }
            if at(p) == 0x2E {
                if length == 0 { return nil }
                p -= length
                if pieceIndex > 6 { return nil }
                var numbersSeen = 0
                while at(p) != nil {
                    var ipv4Piece: Int? = nil
                    if numbersSeen > 0 {
                        if at(p) == 0x2E && numbersSeen < 4 { p += 1 } else { return nil }
                    }
                    guard let d = at(p), isASCIIDigit(d) else { return nil }
                    while let d = at(p), isASCIIDigit(d) {
                        let number = Int(d - 0x30)
                        if let piece = ipv4Piece {
                            if piece == 0 { return nil }
                            ipv4Piece = piece * 10 + number
                        } else {
                            ipv4Piece = number
                        }
                        if let piece = ipv4Piece, piece > 255 { return nil }
                        p += 1
                    }
                    address[pieceIndex] = address[pieceIndex] &* 0x100 &+ UInt16(ipv4Piece ?? 0)
                    numbersSeen += 1
                    if numbersSeen == 2 || numbersSeen == 4 { pieceIndex += 1 }
                }
                if numbersSeen != 4 { return nil }
                break
            } else if at(p) == 0x3A {
                p += 1
                if at(p) == nil { return nil }
            } else if at(p) != nil {
                return nil
            }
            address[pieceIndex] = UInt16(value)
            pieceIndex += 1
        }
        if let compress {
            var swaps = pieceIndex - compress
            pieceIndex = 7
            while pieceIndex != 0 && swaps > 0 {
                address.swapAt(pieceIndex, compress + swaps - 1)
                pieceIndex -= 1
                swaps -= 1
            }
        } else if pieceIndex != 8 {
            return nil
        }
        return address
    }

    /// "IPv6 serializer": lowercase hex, longest run (>1) of zero pieces compressed to "::".
    static func serializeIPv6(_ address: [UInt16], into out: inout [UInt8]) {
        var compress = -1, bestLen = 1
        var i = 0
        while i < 8 {
            if address[i] == 0 {
                var j = i
                while j < 8 && address[j] == 0 { j += 1 }
                if j - i > bestLen { compress = i; bestLen = j - i }
                i = j
            } else {
                i += 1
            }
        }
        let lowerHex: [UInt8] = Array("0123456789abcdef".utf8)
        var ignore0 = false
        for pieceIndex in 0..<8 {
            if ignore0 && address[pieceIndex] == 0 { continue }
            ignore0 = false
            if compress == pieceIndex {
                out.append(0x3A)
                if pieceIndex == 0 { out.append(0x3A) }
                ignore0 = true
                continue
            }
            let v = address[pieceIndex]
            var started = false
            for shift in stride(from: 12, through: 0, by: -4) {
                let nibble = Int((v >> UInt16(shift)) & 0xF)
                if nibble != 0 || started || shift == 0 {
                    out.append(lowerHex[nibble])
                    started = true
                }
            }
            if pieceIndex != 7 { out.append(0x3A) }
        }
    }
}

/// Appends the decimal digits of a non-negative integer.
func appendDecimal(_ value: Int, to out: inout [UInt8]) {
    if value < 10 {
        out.append(0x30 + UInt8(value))
        return
    }
    var digits: [UInt8] = []
    var v = value
    while v > 0 {
        digits.append(0x30 + UInt8(v % 10))
        v /= 10
    }
    out.append(contentsOf: digits.reversed())
}
