// Shared by the HTML fuzz targets (links, article).

/// Splits an optional "ct:VALUE\n" first line off the input.
func fuzzContentType(_ bytes: [UInt8]) -> (String?, [UInt8]) {
    guard bytes.starts(with: Array("ct:".utf8)), let newline = bytes.firstIndex(of: 10) else { return (nil, bytes) }
    return (String(decoding: bytes[3..<newline], as: UTF8.self), Array(bytes[(newline + 1)...]))
}
