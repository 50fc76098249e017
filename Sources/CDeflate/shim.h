// libdeflate: whole-buffer DEFLATE, gzip and zlib compression, about twice as fast as zlib at
// level 1 with smaller output. Trawl compresses whole buffers (a WARC record, a page body), so it
// needs no streaming; zlib (CZlib) still does the decompression.
#ifndef TRAWL_CDEFLATE_SHIM_H
#define TRAWL_CDEFLATE_SHIM_H
#include <libdeflate.h>
#endif
