// zlib for Swift (compress2/uncompress are plain C functions; nothing to wrap yet).
#ifndef TRAWL_CZLIB_SHIM_H
#define TRAWL_CZLIB_SHIM_H
#include <zlib.h>
#endif
