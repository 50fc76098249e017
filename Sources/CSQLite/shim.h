// SQLite for Swift. SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which
// Swift cannot import: the bind wrappers below pass it on Swift's behalf.
#ifndef TRAWL_CSQLITE_SHIM_H
#define TRAWL_CSQLITE_SHIM_H

#include <sqlite3.h>
#include <stdint.h>
#include <time.h>

static inline int trawl_sqlite3_bind_text_transient(sqlite3_stmt *_Nonnull s, int i, const char *_Nonnull text, int n) {
    return sqlite3_bind_text(s, i, text, n, SQLITE_TRANSIENT);
}
static inline int trawl_sqlite3_bind_blob_transient(sqlite3_stmt *_Nonnull s, int i, const void *_Nullable data, int n) {
    return sqlite3_bind_blob(s, i, data, n, SQLITE_TRANSIENT);
}

/// When a connection checkpoints its WAL, after a commit: once the WAL holds `max_frames` frames
/// (what `PRAGMA wal_autocheckpoint` does), or once it holds `min_frames` and the last checkpoint
/// is `min_interval_ns` old. Read and written only by the connection's commits (one thread).
struct trawl_wal_checkpoint_policy {
    int max_frames;
    int min_frames;
    int64_t min_interval_ns;
    int64_t last_ns;  /* CLOCK_MONOTONIC of the last checkpoint, or of when the policy was set */
};

static inline int64_t trawl_monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

/// The WAL hook (sqlite3_wal_hook) applying a policy: a PASSIVE checkpoint, as SQLite's own
/// auto-checkpoint hook runs (it never waits for readers or writers).
static int trawl_wal_checkpoint_hook(void *context, sqlite3 *db, const char *name, int frames) {
    struct trawl_wal_checkpoint_policy *policy = (struct trawl_wal_checkpoint_policy *)context;
    int64_t now = trawl_monotonic_ns();
    if (frames >= policy->max_frames
        || (frames >= policy->min_frames && now - policy->last_ns >= policy->min_interval_ns)) {
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        policy->last_ns = now;
    }
    return SQLITE_OK;
}

/// Installs `policy` as the connection's checkpoint rule, in place of `wal_autocheckpoint` (one
/// WAL hook per connection). `policy` must outlive the connection.
static inline void trawl_sqlite3_wal_checkpoint_policy(sqlite3 *_Nonnull db, struct trawl_wal_checkpoint_policy *_Nonnull policy) {
    policy->last_ns = trawl_monotonic_ns();
    sqlite3_wal_hook(db, trawl_wal_checkpoint_hook, policy);
}

#endif
