#ifndef SPYGLASS_CLIBXML2_SHIM_H
#define SPYGLASS_CLIBXML2_SHIM_H
// Debian's libxml2 is built with ICU, whose headers clash with the ICU inside
// Foundation: read the version header first and switch the ICU part off.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlerror.h>

// xmlFree is a global function-pointer variable, which Swift 6 refuses as not
// concurrency-safe; a function wrapping it is fine.
static inline void spyglass_xml_free(void *p) { xmlFree(p); }

// Some libxml2 errors (XPath evaluation, encoding) bypass the parser options
// and print to stderr through per-thread handlers. Swift cannot define a C
// variadic function, so the no-op handlers live here.
static void spyglass_ignore_generic_error(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}
static void spyglass_ignore_structured_error(void *ctx, xmlErrorPtr error) {
    (void)ctx;
    (void)error;
}
static inline void spyglass_silence_errors_on_this_thread(void) {
    xmlSetGenericErrorFunc(NULL, spyglass_ignore_generic_error);
    xmlSetStructuredErrorFunc(NULL, spyglass_ignore_structured_error);
}

#endif
