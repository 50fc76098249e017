// Typed, non-variadic wrappers around libcurl's variadic functions, which Swift cannot call.
#ifndef TRAWL_CCURL_SHIM_H
#define TRAWL_CCURL_SHIM_H

#include <curl/curl.h>

/// Write/header callback signature (size_t (*)(char *, size_t, size_t, void *)).
typedef size_t (*trawl_curl_data_callback)(char *_Nonnull data, size_t size, size_t count, void *_Nullable userdata);
/// Transfer-info (progress) callback signature.
typedef int (*trawl_curl_xferinfo_callback)(void *_Nullable userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode trawl_easy_setopt_long(CURL *_Nonnull h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode trawl_easy_setopt_off(CURL *_Nonnull h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode trawl_easy_setopt_string(CURL *_Nonnull h, CURLoption o, const char *_Nullable v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode trawl_easy_setopt_pointer(CURL *_Nonnull h, CURLoption o, void *_Nullable v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode trawl_easy_setopt_slist(CURL *_Nonnull h, CURLoption o, struct curl_slist *_Nullable v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode trawl_easy_setopt_data_callback(CURL *_Nonnull h, CURLoption o, trawl_curl_data_callback _Nullable f) { return curl_easy_setopt(h, o, f); }
static inline CURLcode trawl_easy_setopt_xferinfo_callback(CURL *_Nonnull h, trawl_curl_xferinfo_callback _Nullable f) { return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, f); }

/// Debug callback signature (int (*)(CURL *, curl_infotype, char *, size_t, void *)): with
/// CURLOPT_VERBOSE it receives, among others, the request head as sent (CURLINFO_HEADER_OUT).
typedef int (*trawl_curl_debug_callback)(CURL *_Nonnull handle, curl_infotype type, char *_Nonnull data, size_t size, void *_Nullable userdata);
static inline CURLcode trawl_easy_setopt_debug_callback(CURL *_Nonnull h, trawl_curl_debug_callback _Nullable f) { return curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, f); }

static inline CURLcode trawl_easy_getinfo_long(CURL *_Nonnull h, CURLINFO i, long *_Nonnull out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode trawl_easy_getinfo_off(CURL *_Nonnull h, CURLINFO i, curl_off_t *_Nonnull out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode trawl_easy_getinfo_double(CURL *_Nonnull h, CURLINFO i, double *_Nonnull out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode trawl_easy_getinfo_string(CURL *_Nonnull h, CURLINFO i, const char *_Nullable *_Nonnull out) { return curl_easy_getinfo(h, i, out); }
static inline CURLcode trawl_easy_getinfo_pointer(CURL *_Nonnull h, CURLINFO i, void *_Nullable *_Nonnull out) { return curl_easy_getinfo(h, i, out); }

static inline CURLMcode trawl_multi_setopt_long(CURLM *_Nonnull m, CURLMoption o, long v) { return curl_multi_setopt(m, o, v); }

/// curl_global_init(CURL_GLOBAL_ALL): the flag is a macro expression Swift does not import.
static inline CURLcode trawl_global_init_all(void) { return curl_global_init(CURL_GLOBAL_ALL); }
/// The CURLcode of a CURLMSG_DONE message (it sits in an anonymous union).
static inline CURLcode trawl_multi_msg_result(const CURLMsg *_Nonnull m) { return m->data.result; }
/// CURL_ERROR_SIZE as a constant Swift can read.
static const size_t trawl_curl_error_size = CURL_ERROR_SIZE;

/// Open-socket callback signature (curl_opensocket_callback): the SSRF guard sees the resolved
/// address of every connection attempt here and can refuse it with CURL_SOCKET_BAD.
typedef curl_socket_t (*trawl_curl_opensocket_callback)(void *_Nullable clientp, curlsocktype purpose, struct curl_sockaddr *_Nonnull address);
static inline CURLcode trawl_easy_setopt_opensocket_callback(CURL *_Nonnull h, trawl_curl_opensocket_callback _Nullable f) { return curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, f); }
/// The address inside a curl_sockaddr (addrlen bytes; may be longer than struct sockaddr).
static inline const struct sockaddr *_Nonnull trawl_curl_sockaddr_address(const struct curl_sockaddr *_Nonnull a) { return &a->addr; }
/// CURL_SOCKET_BAD as a constant Swift can read.
static const curl_socket_t trawl_curl_socket_bad = CURL_SOCKET_BAD;

#endif
