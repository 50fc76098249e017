// libxml2 headers for Swift. LIBXML_ICU_ENABLED is undefined first: with it, libxml2's
// headers include ICU, whose types clash with Foundation's own ICU module
// ("'UErrorCode' has different definitions in different modules").
#ifndef TRAWL_CLIBXML2_SHIM_H
#define TRAWL_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/uri.h>
#include <libxml/encoding.h>

/// Silences libxml2's generic and structured error output for this thread
/// (HTML5 tags make the 2.9 HTML parser warn on every page).
static void trawl_xml_ignore_generic(void *_Nullable ctx, const char *_Nonnull msg, ...) { (void)ctx; (void)msg; }
static void trawl_xml_ignore_structured(void *_Nullable ctx, xmlErrorPtr _Nullable err) { (void)ctx; (void)err; }
static inline void trawl_xml_silence_errors(void) {
    xmlSetGenericErrorFunc(NULL, trawl_xml_ignore_generic);
    xmlSetStructuredErrorFunc(NULL, trawl_xml_ignore_structured);
}

/// xmlFree is a global function pointer in libxml2; Swift can't call it directly everywhere.
static inline void trawl_xml_free(void *_Nullable p) { if (p) xmlFree(p); }

#endif
