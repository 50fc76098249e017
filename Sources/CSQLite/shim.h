// SQLite for Swift. SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which
// Swift cannot import: the bind wrappers below pass it on Swift's behalf.
#ifndef TRAWL_CSQLITE_SHIM_H
#define TRAWL_CSQLITE_SHIM_H

#include <sqlite3.h>

static inline int trawl_sqlite3_bind_text_transient(sqlite3_stmt *_Nonnull s, int i, const char *_Nonnull text, int n) {
    return sqlite3_bind_text(s, i, text, n, SQLITE_TRANSIENT);
}
static inline int trawl_sqlite3_bind_blob_transient(sqlite3_stmt *_Nonnull s, int i, const void *_Nullable data, int n) {
    return sqlite3_bind_blob(s, i, data, n, SQLITE_TRANSIENT);
}

#endif
