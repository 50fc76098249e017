// WHATWG "domain to ASCII" (§3.5) using libidn2 for the UTS #46 mapping and punycode.
internal import CIDN2

enum IDNA {
    /// WHATWG "domain to ASCII" with beStrict = false, on the percent-decoded host bytes.
    /// Returns the lowercase ASCII (punycode) domain, or nil on failure (including a result
    /// that is empty or contains a forbidden domain code point).
    static func domainToASCII(_ domain: [UInt8]) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(domain.count)
        var isASCII = true, hasForbidden = false
        for b in domain {
            if b >= 0x80 {
                isASCII = false
                break
            }
            // Not a failure yet if non-ASCII follows: mapping may absorb it ("<" + U+0338 -> "≮").
            hasForbidden = hasForbidden || HostParser.forbiddenDomain.contains(b)
            result.append(asciiLower(b))
        }
        if isASCII {
            if hasForbidden { return nil }
            // The standard's fast path (beStrict = false, ASCII input): UTS #46 then amounts to
            // ASCII lowercasing; "xn--" labels are not validated (WPT toascii.json expects
            // e.g. "xn--a" to pass through).
            return result.isEmpty ? nil : result
        } else {
            // Label by label, so that libidn2's IDNA2008 checks that UTS #46 with the URL
            // Standard's options does not make (hyphen placement, DNS length limits) are only
            // applied to labels that need mapping. ASCII labels are lowercased, except "xn--"
            // ones, which full processing validates.
            result.removeAll(keepingCapacity: true)
            var first = true
            for label in domain.split(separator: 0x2E, omittingEmptySubsequences: false) {
                if !first { result.append(0x2E) }
                first = false
                if label.allSatisfy({ $0 < 0x80 }) && !startsWithPunycodePrefix(label) {
                    result.append(contentsOf: label.lazy.map(asciiLower))
                } else {
                    guard let mapped = libidn2ToASCII(label) else { return nil }
                    result.append(contentsOf: mapped)
                }
            }
        }
        if result.isEmpty { return nil }
        for b in result where b >= 0x80 || HostParser.forbiddenDomain.contains(b) { return nil }
        return result
    }

    /// Whether a label starts with "xn--" (ASCII case-insensitive).
    static func startsWithPunycodePrefix(_ label: ArraySlice<UInt8>) -> Bool {
        guard label.count >= 4 else { return false }
        let i = label.startIndex
        return (label[i] | 0x20) == 0x78 && (label[i + 1] | 0x20) == 0x6E && label[i + 2] == 0x2D
            && label[i + 3] == 0x2D
    }

    /// UTS #46 ToASCII of one label through libidn2: non-transitional processing (what the
    /// standard asks for), then transitional as a fallback like curl does. libidn2's
    /// non-transitional mode also applies IDNA2008's code point table, stricter than UTS #46
    /// (it rejects symbols such as "†" or emoji that browsers accept); its transitional mode
    /// does not. The fallback is skipped for Bidi and CONTEXTJ errors, which the URL Standard
    /// enforces (CheckBidi, CheckJoiners), since transitional processing would skip or erase them.
    /// nil when both fail or the bytes are not UTF-8 (the standard would decode them to U+FFFD,
    /// which UTS #46 rejects).
    static func libidn2ToASCII(_ label: ArraySlice<UInt8>) -> [UInt8]? {
        guard !label.isEmpty, !label.contains(0), isValidUTF8(label) else { return nil }
        let cString = nulTerminated(mappingCapitalSharpS(label))
        let nonTransitional = Int32(IDN2_NONTRANSITIONAL.rawValue | IDN2_NFC_INPUT.rawValue)
        let transitional = Int32(IDN2_TRANSITIONAL.rawValue | IDN2_NFC_INPUT.rawValue)
        switch callLibidn2(cString, flags: nonTransitional) {
        case .success(let bytes):
            return bytes
        case .failure(let error)
        where error.code == IDN2_BIDI.rawValue || error.code == IDN2_CONTEXTJ.rawValue
            || error.code == IDN2_CONTEXTJ_NO_RULE.rawValue:
            return nil
        case .failure:
            if case .success(let bytes) = callLibidn2(cString, flags: transitional) { return bytes }
            return nil
        }
    }

    struct Libidn2Error: Error { let code: Int32 }

    private static func callLibidn2(_ cString: [CChar], flags: Int32) -> Result<[UInt8], Libidn2Error> {
        var output: UnsafeMutablePointer<CChar>? = nil
        let rc = cString.withUnsafeBufferPointer { buf in
            idn2_to_ascii_8z(buf.baseAddress, &output, flags)
        }
        guard let output else { return .failure(Libidn2Error(code: rc == 0 ? -1 : rc)) }
        defer { idn2_free(output) }
        guard rc == Int32(IDN2_OK.rawValue) else { return .failure(Libidn2Error(code: rc)) }
        var bytes: [UInt8] = []
        var i = 0
        while output[i] != 0 {
            bytes.append(asciiLower(UInt8(bitPattern: output[i])))
            i += 1
        }
        return .success(bytes)
    }

    private static func nulTerminated(_ bytes: [UInt8]) -> [CChar] {
        var c = bytes.map { CChar(bitPattern: $0) }
        c.append(0)
        return c
    }

    /// Current UTS #46 maps U+1E9E (capital sharp s) to U+00DF; libidn2's older tables map it
    /// to "ss". Apply the current mapping first (UTF-8 E1 BA 9E -> C3 9F).
    private static func mappingCapitalSharpS(_ label: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(label.count)
        var i = label.startIndex
        while i < label.endIndex {
            if i + 2 < label.endIndex && label[i] == 0xE1 && label[i + 1] == 0xBA && label[i + 2] == 0x9E {
                out.append(0xC3)
                out.append(0x9F)
                i += 3
            } else {
                out.append(label[i])
                i += 1
            }
        }
        return out
    }
}

/// Whether `bytes` is well-formed UTF-8.
func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
    var it = bytes.makeIterator()
    var decoder = UTF8()
    while true {
        switch decoder.decode(&it) {
        case .scalarValue: continue
        case .emptyInput: return true
        case .error: return false
        }
    }
}
