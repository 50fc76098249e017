// libbrotlidec (the decoder libcurl itself links) for `Content-Encoding: br`; plain C functions,
// nothing to wrap.
#ifndef TRAWL_CBROTLI_SHIM_H
#define TRAWL_CBROTLI_SHIM_H
#include <brotli/decode.h>
#endif
