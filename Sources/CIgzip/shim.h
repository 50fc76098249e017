// Intel ISA-L's igzip: whole-buffer gzip compression at levels 1-3, about 2.3x libdeflate's
// level 1 on news pages (AVX2/AVX-512 code) for ~3% more bytes at level 1. Trawl's default WARC
// compression (compression_level 1-3); libdeflate (CDeflate) keeps the stored members and the
// higher levels, zlib (CZlib) the decompression.
#ifndef TRAWL_CIGZIP_SHIM_H
#define TRAWL_CIGZIP_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <isa-l/igzip_lib.h>

/// Bytes of work memory `trawl_igzip_gzip` needs at `level` (1-3): ISA-L's default size for it;
/// none at level 1 (the default case), where one-shot compression runs as fast without it
/// (measured on news pages).
static inline uint32_t trawl_igzip_level_buffer_size(int level) {
    switch (level) {
    case 2: return ISAL_DEF_LVL2_DEFAULT;
    case 3: return ISAL_DEF_LVL3_DEFAULT;
    default: return 0;
    }
}

/// The most bytes one gzip member of `length` input bytes can take: igzip falls back to stored
/// blocks (5 bytes of header per 65,535) when compressing does not pay; plus the gzip header and
/// trailer (18) and slack for its word-sized writes.
static inline size_t trawl_igzip_gzip_bound(size_t length) {
    return length + 5 * (length / 65535 + 1) + 18 + 64;
}

/// Compresses `input` into one complete gzip member (RFC 1952) at `out`, in one call
/// (`isal_deflate_stateless`), with `stream` and `level_buffer` as work memory (reused between
/// calls; not shared between threads; `level_buffer` may be NULL when its size is 0). At level 0
/// the member is coded with `tables` (ISA-L's level 0: one pass, no Huffman code built per
/// member); at levels 1-3 `tables` is ignored, NULL (each member gets codes built for it). Returns the
/// member's length, or 0 when the output does not fit `out_capacity` or igzip reports an error.
static inline size_t trawl_igzip_gzip(struct isal_zstream *stream, uint8_t *level_buffer, int level,
                                      struct isal_hufftables *tables,
                                      const uint8_t *input, size_t length, uint8_t *out, size_t out_capacity) {
    if (length > UINT32_MAX || out_capacity > UINT32_MAX) return 0;
    isal_deflate_stateless_init(stream);
    if (level == 0 && isal_deflate_set_hufftables(stream, tables, IGZIP_HUFFTABLE_CUSTOM) != COMP_OK) return 0;
    stream->level = (uint32_t)level;
    stream->level_buf = level_buffer;
    stream->level_buf_size = trawl_igzip_level_buffer_size(level);
    stream->gzip_flag = IGZIP_GZIP;
    stream->end_of_stream = 1;
    stream->flush = NO_FLUSH;
    stream->next_in = (uint8_t *)input;
    stream->avail_in = (uint32_t)length;
    stream->next_out = out;
    stream->avail_out = (uint32_t)out_capacity;
    if (isal_deflate_stateless(stream) != COMP_OK || stream->avail_in != 0) return 0;
    return stream->total_out;
}

/// Adds the literals, lengths and distances of `length` bytes at `input` to `histogram` (ISA-L's
/// level 0 matching), the counts `isal_create_hufftables` builds codes from.
static inline void trawl_igzip_observe(struct isal_huff_histogram *histogram, const uint8_t *input, size_t length) {
    while (length > 0) {
        int piece = length > (1u << 30) ? (1 << 30) : (int)length;
        isal_update_histogram((uint8_t *)input, piece, histogram);
        input += piece;
        length -= (size_t)piece;
    }
}

/// Halves every count of `histogram` (older members weigh less than newer ones).
static inline void trawl_igzip_halve(struct isal_huff_histogram *histogram) {
    for (int i = 0; i < ISAL_DEF_LIT_LEN_SYMBOLS; i++) histogram->lit_len_histogram[i] /= 2;
    for (int i = 0; i < ISAL_DEF_DIST_SYMBOLS; i++) histogram->dist_histogram[i] /= 2;
}
#endif
