// zlib for Swift (compress2/uncompress are plain C functions; nothing to wrap yet).
#ifndef TRAWL_CZLIB_SHIM_H
#define TRAWL_CZLIB_SHIM_H
#include <zlib.h>

// deflateInit2/inflateInit2 are function-like macros that Swift cannot import.
// windowBits 31 = 15 (32 KiB window) + 16 (gzip wrapper, CRC-32 checked on inflate).
static inline int trawl_deflate_init_gzip(z_streamp strm, int level) {
    return deflateInit2(strm, level, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
}
static inline int trawl_inflate_init_gzip(z_streamp strm) {
    return inflateInit2(strm, 31);
}
#endif
