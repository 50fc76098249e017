internal import CBrotli

/// Undoes `Content-Encoding: br` (RFC 7932) with libbrotlidec, within a decoded-size cap.
///
/// Decoding streams into a 64 KiB chunk and stops as soon as the output would pass `limit`:
/// a brotli bomb (128 MiB of zeros fits in about 100 bytes) costs at most `limit` bytes of
/// output plus the decoder's window (16 MiB at most: large windows are not enabled).
enum BrotliDecoder {
    enum Outcome: Equatable {
        case decoded([UInt8])
        case tooLarge
        case corrupt(reason: String)
    }

    /// Decodes one brotli stream; the decoder state is owned here, from create to destroy.
    static func decode(_ input: [UInt8], limit: Int) -> Outcome {
        guard let state = BrotliDecoderCreateInstance(nil, nil, nil) else {
            return .corrupt(reason: "BrotliDecoderCreateInstance failed")
        }
        defer { BrotliDecoderDestroyInstance(state) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        return input.withUnsafeBufferPointer { inp -> Outcome in
            var nextIn = inp.baseAddress
            var availableIn = inp.count
            while true {
                let (result, produced) = chunk.withUnsafeMutableBufferPointer { out -> (BrotliDecoderResult, Int) in
                    var nextOut = out.baseAddress
                    var availableOut = out.count
                    let result = BrotliDecoderDecompressStream(state, &availableIn, &nextIn, &availableOut, &nextOut, nil)
                    return (result, out.count - availableOut)
                }
                guard output.count + produced <= limit else { return .tooLarge }
                output.append(contentsOf: chunk[0..<produced])
                switch result {
                case BROTLI_DECODER_RESULT_SUCCESS:
                    return .decoded(output)
                case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
                    continue
                case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
                    return .corrupt(reason: "truncated stream")
                default:
                    let message = BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state)).map { String(cString: $0) }
                    return .corrupt(reason: message ?? "brotli error")
                }
            }
        }
    }
}
