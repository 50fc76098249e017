internal import CIgzip
import Synchronization

/// Huffman codes learned from the records of one kind (responses, conversion texts, outlink
/// lists, requests) this process compressed, so that later records of that kind are coded with
/// them in one pass (ISA-L's level 0 with custom tables) instead of igzip level 1 building codes
/// for every member.
///
/// Why: igzip builds a Huffman code for each member (`create_hufftables_icf`, `build_huff_tree`),
/// a fixed ~12 µs that a page paid three times (response, conversion, metadata): ~1.6% of a
/// crawl's CPU. Records of one kind share their statistics (HTML, text, `outlink:` lines), so a
/// code built from earlier ones codes the next nearly as tightly. On a bench crawl's records (C
/// micro-benchmark, thread CPU time): response 94 → 82 µs for +1% bytes, conversion 62 → 50 µs
/// for +1%, metadata 20 → 7 µs for +4%; a request (stored before, since a per-member code cost
/// more CPU than the bytes it saved) takes ~3 µs and shrinks to ~70%, which more than pays for
/// the rest: the bench crawl's WARC files came out 0.3% smaller, and libisal's share of the
/// crawl's CPU samples fell from 8.9% to 7.1%. On a mixed real corpus (Readability's test pages)
/// fixed codes cost more, +3% on HTML and +7% on text, when learned from other sites' pages.
///
/// How: the first `warmup` members of a kind are compressed as before and counted
/// (`isal_update_histogram`); then codes are built from the counts (`isal_create_hufftables`,
/// which gives every symbol a code, so any input can be coded) and used. Every `sampleEvery`-th
/// member is counted too, and every `refresh` counted members the codes are rebuilt from the
/// counts, halved each time so that the codes follow the crawl as it moves between sites.
/// The members are ordinary gzip (one fixed-code dynamic block); any reader inflates them.
///
/// Thread-safe: the counts are behind a mutex; a `Tables` is never changed once built and is
/// kept alive by whoever compresses with it.
final class LearnedHuffman: Sendable {
    /// Codes built once, read by any number of compressors at the same time.
    final class Tables: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<isal_hufftables>

        fileprivate init?(_ histogram: UnsafeMutablePointer<isal_huff_histogram>) {
            pointer = .allocate(capacity: 1)
            guard isal_create_hufftables(pointer, histogram) == 0 else {
                pointer.deallocate()
                return nil
            }
        }

        deinit { pointer.deallocate() }
    }

    /// `@unchecked Sendable`: the histogram pointer is only touched under the mutex.
    private struct State: ~Copyable, @unchecked Sendable {
        let histogram: UnsafeMutablePointer<isal_huff_histogram>
        /// Members seen (counted or not).
        var members = 0
        /// Members counted since the codes were last built.
        var counted = 0
        var tables: Tables?
    }

    private let state: Mutex<State>
    let warmup: Int
    let sampleEvery: Int
    let refresh: Int

    init(warmup: Int = 64, sampleEvery: Int = 16, refresh: Int = 256) {
        let histogram = UnsafeMutablePointer<isal_huff_histogram>.allocate(capacity: 1)
        histogram.initialize(to: isal_huff_histogram())
        state = Mutex(State(histogram: histogram))
        self.warmup = warmup
        self.sampleEvery = sampleEvery
        self.refresh = refresh
    }

    deinit {
        state.withLock { $0.histogram.deallocate() }
    }

    /// Counts `member` when it is one of the members sampled, and returns the codes to compress
    /// it with: nil while the kind is still warming up (compress it as before).
    func tables(observing member: UnsafeRawBufferPointer) -> Tables? {
        state.withLock { state in
            state.members += 1
            guard state.tables == nil || state.members % sampleEvery == 0 else { return state.tables }
            if let base = member.baseAddress {
                trawl_igzip_observe(state.histogram, base.assumingMemoryBound(to: UInt8.self), member.count)
            }
            state.counted += 1
            if state.counted >= (state.tables == nil ? warmup : refresh) {
                if let built = Tables(state.histogram) { state.tables = built }
                trawl_igzip_halve(state.histogram)
                state.counted = 0
            }
            return state.tables
        }
    }

    /// The process's codes by record type, for the types whose members are alike enough (one
    /// set each); nil for the others (warcinfo, revisit, resource: few, or small).
    static func forRecordType(_ type: String?) -> LearnedHuffman? {
        switch type {
        case "response": response
        case "conversion": conversion
        case "metadata": metadata
        case "request": request
        default: nil
        }
    }

    static let response = LearnedHuffman()
    static let conversion = LearnedHuffman()
    static let metadata = LearnedHuffman()
    static let request = LearnedHuffman()
}
