// mimalloc: the general-purpose allocator the `trawl` executable runs on. Linked into the
// executable ahead of libc, it replaces malloc/free for the whole process (Swift runtime, libxml2,
// SQLite, libcurl, libdeflate included). Why: a crawl allocates and frees a few hundred objects
// per page on several threads at once, and glibc's malloc (arena locks, bin consolidation) was
// ~12% of the crawl's CPU (issue 8's profile).
#ifndef TRAWL_CMIMALLOC_SHIM_H
#define TRAWL_CMIMALLOC_SHIM_H
#include <mimalloc.h>
#endif
