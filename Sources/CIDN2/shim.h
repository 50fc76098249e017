// libidn2 (IDNA2008 + UTS #46) for Swift: host names to their ASCII (punycode) form.
#ifndef TRAWL_CIDN2_SHIM_H
#define TRAWL_CIDN2_SHIM_H
#include <idn2.h>
#endif
