import TrawlDB

/// The archive's schema, as numbered migrations (never edit a shipped one; append).
enum Schema {
    static let migrator = Migrator(migrations: [v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18])

    /// v1: seeds, frontier (hosts, urls), archive (captures, contents).
    static let v1 = """
        CREATE TABLE hosts (
            id INTEGER PRIMARY KEY,
            origin TEXT NOT NULL UNIQUE,          -- scheme://host[:port], the politeness key
            first_seen REAL NOT NULL,
            last_fetch_at REAL                     -- unix seconds of the last completed fetch
        );
        CREATE TABLE urls (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,              -- normalized (fragment dropped)
            host_id INTEGER NOT NULL REFERENCES hosts(id),
            depth INTEGER NOT NULL,                -- link hops from a seed
            redirects INTEGER NOT NULL DEFAULT 0,  -- consecutive redirect hops that led here
            state INTEGER NOT NULL DEFAULT 0,      -- 0 queued, 1 in flight, 2 done, 3 failed
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            discovered_from INTEGER REFERENCES urls(id),
            discovered_at REAL NOT NULL,
            last_error TEXT
        );
        CREATE INDEX urls_host_state ON urls(host_id, state, depth, id);
        CREATE INDEX urls_state ON urls(state);
        CREATE TABLE contents (
            hash BLOB PRIMARY KEY,                 -- SHA-256 of the decoded body
            size INTEGER NOT NULL,                 -- decoded body bytes
            encoding TEXT NOT NULL,                -- 'zlib' or 'identity'
            body BLOB NOT NULL,
            first_seen REAL NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE captures (
            id INTEGER PRIMARY KEY,
            url_id INTEGER NOT NULL REFERENCES urls(id),
            url TEXT NOT NULL,
            fetched_at REAL NOT NULL,              -- unix seconds when the request was started
            status INTEGER,                        -- NULL when the fetch failed
            http_version TEXT,
            final_url TEXT,                        -- redirect target of a 3xx, else the URL itself
            remote_ip TEXT,
            headers TEXT,                          -- response header lines as received
            content_type TEXT,
            length INTEGER,                        -- decoded body bytes
            content_hash BLOB REFERENCES contents(hash),
            duration_ms REAL,
            error_kind TEXT,
            error TEXT
        );
        CREATE INDEX captures_url ON captures(url_id);
        CREATE INDEX captures_fetched_at ON captures(fetched_at);
        CREATE INDEX captures_hash ON captures(content_hash);
        CREATE TABLE seeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,              -- normalized seed URL; its origin is in scope
            origin TEXT NOT NULL,
            source TEXT NOT NULL,                  -- 'config' or 'cli'
            added_at REAL NOT NULL,
            enqueued INTEGER NOT NULL DEFAULT 0    -- 0 until a crawler has put it in the frontier
        );
        """

    /// v2: per-host politeness and robots.txt state (for `trawl status` and the next run);
    /// `urls.state` 4 = blocked by robots.txt.
    static let v2 = """
        ALTER TABLE hosts ADD COLUMN delay_ms REAL;              -- spacing in force (config, crawl-delay, adaptive)
        ALTER TABLE hosts ADD COLUMN delay_reason TEXT;          -- config, crawl-delay, adaptive, backoff, retry-after, parked
        ALTER TABLE hosts ADD COLUMN next_allowed_at REAL;       -- unix seconds before which no request starts
        ALTER TABLE hosts ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;  -- failed requests in a row
        ALTER TABLE hosts ADD COLUMN robots_state TEXT;          -- unknown, fetched, allow-all, disallow-all, last-good-copy, ignored
        ALTER TABLE hosts ADD COLUMN robots_until REAL;          -- cache expiry, or next attempt when unreachable
        ALTER TABLE hosts ADD COLUMN robots_detail TEXT;         -- why unavailable/unreachable ("HTTP 503")
        ALTER TABLE hosts ADD COLUMN robots_body BLOB;           -- last good robots.txt (at most 500 KiB)
        ALTER TABLE hosts ADD COLUMN robots_fetched_at REAL;     -- when the last good copy was fetched
        ALTER TABLE hosts ADD COLUMN robots_unreachable_since REAL;
        """

    /// v3: the article extracted from each archived HTML capture, its full-text index (FTS5,
    /// bm25-ranked search) and SimHash bands for near-duplicate detection.
    static let v3 = """
        CREATE TABLE articles (
            capture_id INTEGER PRIMARY KEY REFERENCES captures(id),
            url TEXT NOT NULL,
            title TEXT, byline TEXT, published TEXT, language TEXT, site_name TEXT, canonical_url TEXT,
            text TEXT NOT NULL,
            word_count INTEGER NOT NULL,
            simhash INTEGER,                       -- 64-bit SimHash of the text (as a signed integer)
            near_duplicate_of INTEGER REFERENCES captures(id)  -- an earlier capture of another URL with nearly the same text
        );
        CREATE INDEX articles_url ON articles(url);
        CREATE TABLE article_bands (               -- SimHash bands (position << 8 | byte) for candidate lookup
            band INTEGER NOT NULL,
            capture_id INTEGER NOT NULL REFERENCES articles(capture_id),
            PRIMARY KEY (band, capture_id)
        ) WITHOUT ROWID;
        CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='capture_id');
        """

    /// v4: WARC output (issue 5). Each capture row points at its response (or revisit) record;
    /// `warc_digests` is the persistent payload-digest index that turns a payload archived
    /// before (in this crawl or an earlier one) into a revisit record instead of a second copy.
    static let v4 = """
        ALTER TABLE captures ADD COLUMN warc_file TEXT;        -- closed WARC file name (in [warc] dir)
        ALTER TABLE captures ADD COLUMN warc_offset INTEGER;   -- offset of the record's gzip member
        ALTER TABLE captures ADD COLUMN warc_length INTEGER;   -- compressed length of the member
        CREATE INDEX captures_warc_file ON captures(warc_file) WHERE warc_file IS NOT NULL;
        CREATE TABLE warc_digests (
            digest TEXT PRIMARY KEY,               -- WARC-Payload-Digest (sha1:BASE32) of an archived payload
            record_id TEXT NOT NULL,               -- WARC-Record-ID of its response record
            target_uri TEXT NOT NULL,              -- that record's WARC-Target-URI
            warc_date TEXT NOT NULL,               -- that record's WARC-Date, as written
            warc_file TEXT NOT NULL,
            warc_offset INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX warc_digests_file ON warc_digests(warc_file);
        """

    /// v5: live control (issue 6). `daemon` is one row: the running `trawl run`/`trawl crawl`'s
    /// heartbeat, and the whole-crawl pause (kept across restarts). `control` is the queue of CLI
    /// commands (`trawl pause`, `resume`, `drop`) the daemon polls and applies; `hosts.paused`
    /// keeps a host's pause across restarts.
    static let v5 = """
        CREATE TABLE daemon (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            pid INTEGER,
            started_at REAL,                       -- unix seconds
            last_heartbeat REAL,                   -- unix seconds; stale means the daemon is gone
            state TEXT,                            -- running, paused, stopping, stopped
            mode TEXT,                             -- crawl or run
            version TEXT,
            paused INTEGER NOT NULL DEFAULT 0      -- whole crawl paused (`trawl pause`), persists
        );
        INSERT INTO daemon(id) VALUES (1);
        CREATE TABLE control (
            id INTEGER PRIMARY KEY,
            command TEXT NOT NULL,                 -- pause, resume, drop
            host TEXT,                             -- as given on the command line; NULL = whole crawl
            issued_at REAL NOT NULL,
            applied_at REAL,                       -- NULL until the daemon applied it
            result TEXT                            -- what applying it did ("paused 1 host", "dropped 40 URLs")
        );
        CREATE INDEX control_pending ON control(id) WHERE applied_at IS NULL;
        ALTER TABLE hosts ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
        """

    /// v6: continuous archiving (issue 9). A URL that was fetched is due again at
    /// `next_visit_at` (NULL = never); its interval adapts to how often its content changes
    /// (judged on `fingerprint`: the extracted article text, else the status and body). The
    /// validators of its last 200 answer make the next visit a conditional request. Each capture
    /// says whether it was a revisit, whether the content had changed, and the interval set
    /// after it: the URL's change history.
    static let v6 = """
        ALTER TABLE urls ADD COLUMN next_visit_at REAL;         -- unix seconds when it is due again; NULL = never
        ALTER TABLE urls ADD COLUMN revisit_interval REAL;      -- current revisit interval, seconds (adaptive)
        ALTER TABLE urls ADD COLUMN last_visit_at REAL;         -- when the last completed visit started; NULL = never visited
        ALTER TABLE urls ADD COLUMN last_changed_at REAL;       -- when a visit last found the content changed (or new)
        ALTER TABLE urls ADD COLUMN fingerprint BLOB;           -- what "changed" is judged on, from the last answer
        ALTER TABLE urls ADD COLUMN etag TEXT;                  -- ETag of the last 200 answer (If-None-Match)
        ALTER TABLE urls ADD COLUMN last_modified TEXT;         -- Last-Modified of the last 200 answer (If-Modified-Since)
        CREATE INDEX urls_next_visit ON urls(next_visit_at) WHERE next_visit_at IS NOT NULL;
        CREATE INDEX urls_queued_revisits ON urls(host_id, depth, id) WHERE state = 0 AND last_visit_at IS NOT NULL;
        ALTER TABLE captures ADD COLUMN revisit INTEGER NOT NULL DEFAULT 0;  -- 1: a scheduled revisit, 0: the first visit
        ALTER TABLE captures ADD COLUMN changed INTEGER;        -- 1 changed, 0 unchanged (304 included), NULL first visit or no answer
        ALTER TABLE captures ADD COLUMN revisit_interval REAL;  -- the interval set after this visit, seconds; NULL = no next visit
        ALTER TABLE captures ADD COLUMN warc_payload_digest TEXT;  -- WARC-Payload-Digest of a 200 that may be revisited:
                                                                   -- a later 304's revisit record refers to its original
        """

    /// v7: each SimHash band row carries the hash, so the near-duplicate lookup reads only the
    /// band index. It used to read every candidate's `articles` row, whose `simhash` column sits
    /// after `text`, i.e. past the text's overflow pages: with ~N/256 candidates per band that was
    /// the crawl's largest SQLite cost, and it grew with the archive (issue 8).
    static let v7 = """
        CREATE TABLE article_bands_v7 (
            band INTEGER NOT NULL,                 -- position << 8 | byte of the SimHash
            capture_id INTEGER NOT NULL REFERENCES articles(capture_id),
            simhash INTEGER NOT NULL,              -- the article's whole SimHash (signed), as in articles
            PRIMARY KEY (band, capture_id)
        ) WITHOUT ROWID;
        INSERT INTO article_bands_v7(band, capture_id, simhash)
            SELECT b.band, b.capture_id, a.simhash FROM article_bands b JOIN articles a ON a.capture_id = b.capture_id
            WHERE a.simhash IS NOT NULL;
        DROP TABLE article_bands;
        ALTER TABLE article_bands_v7 RENAME TO article_bands;
        """

    /// v8: revisits that stop. A URL whose visits keep finding no usable answer is given up
    /// after `failed_visits` reaches ``RevisitPolicy/giveUpAfter``; a host dropped with
    /// `trawl drop` is never revisited (a fetch in flight at the drop schedules nothing, and a
    /// config reload does not bring its URLs back). Hosts dropped before v8 are marked from
    /// their URLs' drop error.
    static let v8 = """
        ALTER TABLE urls ADD COLUMN failed_visits INTEGER NOT NULL DEFAULT 0;  -- visits in a row without a usable answer
        ALTER TABLE hosts ADD COLUMN dropped_at REAL;          -- unix seconds of `trawl drop`; NULL = not dropped
        UPDATE hosts SET dropped_at = CAST(strftime('%s', 'now') AS REAL)
            WHERE id IN (SELECT host_id FROM urls WHERE state = 3 AND last_error = 'dropped by trawl drop');
        """

    /// v9: the `every` of the rule in force when a URL's interval was set, so a config change
    /// reaches URLs already fetched: at start and on reload a URL whose rule's `every` differs
    /// (or that had none) starts again from the new `every` after its last visit.
    static let v9 = """
        ALTER TABLE urls ADD COLUMN revisit_every REAL;        -- the rule's every when the interval was set; NULL = none
        """

    /// v10: frontier priority (issue 9). Feed entries and Google News sitemap entries are a
    /// site's newest pages: they are queued with priority 1 and a host's new URLs are taken by
    /// (priority desc, depth, id), so they go ahead of every older URL of the same depth. The
    /// partial index serves that refill order without a sort.
    static let v10 = """
        ALTER TABLE urls ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;  -- 1: hub entry (feed, news sitemap), dispatched first
        CREATE INDEX urls_queued_new ON urls(host_id, priority DESC, depth, id) WHERE state = 0 AND last_visit_at IS NULL;
        """

    /// v11: with WARC output on, the WARC files are the body store (issue 5: a body compressed
    /// and written twice, into the WARC and into SQLite, cost a fifth of the crawl's CPU). A
    /// `contents` row then keeps the hash, size and first sighting (the dedup key and the
    /// statistics) with `encoding = 'warc'` and no body: the bytes are in the WARC response
    /// record of a capture with that `content_hash` (a revisit record names its original).
    /// Without WARC output the body is stored here as before. SQLite cannot drop a NOT NULL,
    /// so the table is rebuilt, rows kept. `captures.content_hash` references `contents`
    /// with foreign keys on: the checks are deferred to the commit, by which time every
    /// dropped parent row is back (re-inserting a parent row clears its deferred violations).
    static let v11 = """
        PRAGMA defer_foreign_keys = ON;
        CREATE TABLE contents_v10 AS SELECT hash, size, encoding, body, first_seen FROM contents;
        DROP TABLE contents;
        CREATE TABLE contents (
            hash BLOB PRIMARY KEY,                 -- SHA-256 of the decoded body
            size INTEGER NOT NULL,                 -- decoded body bytes
            encoding TEXT NOT NULL,                -- 'zlib' or 'identity': body holds it;
                                                   -- 'warc': body NULL, the bytes are in the WARC
                                                   -- record of a capture with this content_hash
            body BLOB,
            first_seen REAL NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO contents(hash, size, encoding, body, first_seen)
            SELECT hash, size, encoding, body, first_seen FROM contents_v10;
        DROP TABLE contents_v10;
        """

    /// v12: smaller frontier indexes (issue 8: database bytes per queued URL). An index's entries
    /// are ordered by rowid after their columns, so `id` (the rowid) is dropped from the queued
    /// indexes without changing their order; the refill's `ORDER BY ..., id` still needs no
    /// sort. `urls_host_state` keeps (host_id, state), all its queries use (per-host counts,
    /// queued checks, drops); `urls_state` becomes a partial index of the URLs in flight (crash
    /// recovery), and the global counts by state scan `urls_host_state`, which covers them.
    static let v12 = """
        DROP INDEX urls_state;
        CREATE INDEX urls_in_flight ON urls(state) WHERE state = 1;
        DROP INDEX urls_host_state;
        CREATE INDEX urls_host_state ON urls(host_id, state);
        DROP INDEX urls_queued_new;
        CREATE INDEX urls_queued_new ON urls(host_id, priority DESC, depth) WHERE state = 0 AND last_visit_at IS NULL;
        DROP INDEX urls_queued_revisits;
        CREATE INDEX urls_queued_revisits ON urls(host_id, depth) WHERE state = 0 AND last_visit_at IS NOT NULL;
        """

    /// v13: a capture whose WARC record is an identical-payload revisit names the payload digest
    /// of the original it refers to, so WARC-loss recovery also drops (and refetches) the
    /// revisits of a lost original: with WARC output on (v11) their body was only in that
    /// original. Filled for earlier captures where the row says enough (a 200 kept for revisits
    /// records its payload digest; it is a revisit unless the digest index names its own record).
    static let v13 = """
        ALTER TABLE captures ADD COLUMN warc_revisit_of TEXT;  -- revisit record: the payload digest (warc_digests key)
                                                               -- of the original response it refers to; else NULL
        UPDATE captures SET warc_revisit_of = warc_payload_digest
            WHERE warc_payload_digest IS NOT NULL AND warc_file IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM warc_digests d WHERE d.digest = captures.warc_payload_digest
                                AND d.warc_file = captures.warc_file AND d.warc_offset = captures.warc_offset);
        CREATE INDEX captures_revisit_of ON captures(warc_revisit_of) WHERE warc_revisit_of IS NOT NULL;
        """

    /// v14: running totals of `captures` kept exact by triggers in the transaction that inserts
    /// or deletes a capture: count, WARC record bytes, decoded bytes, captures with a body and
    /// distinct bodies (one index probe of `captures_hash` per write), and captures by status
    /// class. The daemon's live status (every 5 s, on the store's actor), the metrics endpoint
    /// and `trawl status` read them instead of scanning `captures` (at 1M captures
    /// `sum(warc_length)` read ~1 GB). Filled once here. Capture rows are written once and only
    /// deleted after that (WARC-loss recovery); an UPDATE of a counted column is refused, since
    /// the totals would drift.
    static let v14 = """
        CREATE TABLE capture_totals (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            captures INTEGER NOT NULL,             -- count(*) FROM captures
            warc_bytes INTEGER NOT NULL,           -- sum(warc_length)
            decoded_bytes INTEGER NOT NULL,        -- sum(length)
            with_body INTEGER NOT NULL,            -- count(content_hash)
            distinct_bodies INTEGER NOT NULL       -- count(DISTINCT content_hash)
        );
        CREATE TABLE capture_classes (
            class TEXT PRIMARY KEY,                -- '2xx', '3xx', '4xx', '5xx' ('1xx' never), 'error': no answer
            captures INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO capture_totals(id, captures, warc_bytes, decoded_bytes, with_body, distinct_bodies)
            SELECT 1, count(*), coalesce(sum(warc_length), 0), coalesce(sum(length), 0), count(content_hash),
                   count(DISTINCT content_hash)
            FROM captures;
        INSERT INTO capture_classes(class, captures)
            SELECT CASE WHEN status IS NULL THEN 'error' ELSE (status / 100) || 'xx' END, count(*) FROM captures GROUP BY 1;
        CREATE TRIGGER capture_totals_insert AFTER INSERT ON captures BEGIN
            UPDATE capture_totals SET
                captures = captures + 1, warc_bytes = warc_bytes + coalesce(NEW.warc_length, 0),
                decoded_bytes = decoded_bytes + coalesce(NEW.length, 0), with_body = with_body + (NEW.content_hash IS NOT NULL),
                distinct_bodies = distinct_bodies + (NEW.content_hash IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM captures WHERE content_hash = NEW.content_hash AND id != NEW.id))
            WHERE id = 1;
            INSERT INTO capture_classes(class, captures)
                VALUES (CASE WHEN NEW.status IS NULL THEN 'error' ELSE (NEW.status / 100) || 'xx' END, 1)
                ON CONFLICT(class) DO UPDATE SET captures = captures + 1;
        END;
        CREATE TRIGGER capture_totals_delete AFTER DELETE ON captures BEGIN
            UPDATE capture_totals SET
                captures = captures - 1, warc_bytes = warc_bytes - coalesce(OLD.warc_length, 0),
                decoded_bytes = decoded_bytes - coalesce(OLD.length, 0), with_body = with_body - (OLD.content_hash IS NOT NULL),
                distinct_bodies = distinct_bodies - (OLD.content_hash IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM captures WHERE content_hash = OLD.content_hash))
            WHERE id = 1;
            UPDATE capture_classes SET captures = captures - 1
            WHERE class = CASE WHEN OLD.status IS NULL THEN 'error' ELSE (OLD.status / 100) || 'xx' END;
        END;
        CREATE TRIGGER capture_totals_frozen BEFORE UPDATE OF status, length, content_hash, warc_length ON captures BEGIN
            SELECT RAISE(ABORT, 'captures.status/length/content_hash/warc_length are counted in capture_totals: delete and insert the row instead');
        END;
        """

    /// v15: the frontier's URL lookup by a 64-bit hash (issue 8: enqueue speed and bytes per
    /// URL). `url` was UNIQUE, an index holding every URL's text a second time (~100 of the ~250
    /// bytes a queued URL cost), inserted in random order, so each new URL dirtied a page of a
    /// large index. Now `url_hash` (``URLHash``, FNV-1a 64 of the text) has a plain index (~17
    /// bytes an entry) and the store finds a URL by `url_hash = ? AND url = ?`: two URLs with
    /// the same hash are two rows, and the store inserts a URL only when no row has its text
    /// (``CrawlStore/insert(_:from:)``). `urls_host_state` and `urls_queued_new` become one index
    /// `urls_host_queue` (host, state, new or revisit, priority desc, depth; entries in id order
    /// after those), so a queued URL costs one host-keyed index entry instead of two: per-host and
    /// global state counts use its prefix, the new-URL refill its whole key (no sort).
    /// SQLite cannot drop a column's UNIQUE, so the table is rebuilt with every row and id kept
    /// (copied twice in the transaction, like v11; foreign-key checks deferred to the commit, by
    /// which time every parent row is back). The hash is computed by the SQL function the store
    /// defines on its connection before upgrading (``URLHash/sqlFunctionName``).
    static let v15 = """
        PRAGMA defer_foreign_keys = ON;
        CREATE TABLE urls_v14 AS SELECT * FROM urls;
        DROP TABLE urls;
        CREATE TABLE urls (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,                     -- normalized (fragment dropped); one row per URL, kept so by the store
            url_hash INTEGER NOT NULL,             -- trawl_url_hash(url): FNV-1a 64 of the text, the lookup key (not unique)
            host_id INTEGER NOT NULL REFERENCES hosts(id),
            depth INTEGER NOT NULL,                -- link hops from a seed
            redirects INTEGER NOT NULL DEFAULT 0,  -- consecutive redirect hops that led here
            state INTEGER NOT NULL DEFAULT 0,      -- 0 queued, 1 in flight, 2 done, 3 failed, 4 blocked by robots.txt
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at REAL NOT NULL DEFAULT 0,
            discovered_from INTEGER REFERENCES urls(id),
            discovered_at REAL NOT NULL,
            last_error TEXT,
            next_visit_at REAL,                    -- unix seconds when it is due again; NULL = never
            revisit_interval REAL,                 -- current revisit interval, seconds (adaptive)
            last_visit_at REAL,                    -- when the last completed visit started; NULL = never visited
            last_changed_at REAL,                  -- when a visit last found the content changed (or new)
            fingerprint BLOB,                      -- what "changed" is judged on, from the last answer
            etag TEXT,                             -- ETag of the last 200 answer (If-None-Match)
            last_modified TEXT,                    -- Last-Modified of the last 200 answer (If-Modified-Since)
            failed_visits INTEGER NOT NULL DEFAULT 0,  -- visits in a row without a usable answer
            revisit_every REAL,                    -- the rule's every when the interval was set; NULL = none
            priority INTEGER NOT NULL DEFAULT 0    -- 1: hub entry (feed, news sitemap), dispatched first
        );
        INSERT INTO urls(id, url, url_hash, host_id, depth, redirects, state, attempts, next_attempt_at, discovered_from,
                         discovered_at, last_error, next_visit_at, revisit_interval, last_visit_at, last_changed_at,
                         fingerprint, etag, last_modified, failed_visits, revisit_every, priority)
            SELECT id, url, trawl_url_hash(url), host_id, depth, redirects, state, attempts, next_attempt_at, discovered_from,
                   discovered_at, last_error, next_visit_at, revisit_interval, last_visit_at, last_changed_at,
                   fingerprint, etag, last_modified, failed_visits, revisit_every, priority
            FROM urls_v14 ORDER BY id;
        DROP TABLE urls_v14;
        CREATE INDEX urls_url_hash ON urls(url_hash);
        CREATE INDEX urls_host_queue ON urls(host_id, state, last_visit_at IS NULL, priority DESC, depth);
        CREATE INDEX urls_queued_revisits ON urls(host_id, depth) WHERE state = 0 AND last_visit_at IS NOT NULL;
        CREATE INDEX urls_in_flight ON urls(state) WHERE state = 1;
        CREATE INDEX urls_next_visit ON urls(next_visit_at) WHERE next_visit_at IS NOT NULL;
        """

    /// v16: the URL lookup index is keyed by host first, `urls_host_url (host_id, url_hash)`,
    /// instead of `urls_url_hash (url_hash)` (issue 8: enqueue speed). A hash alone scatters
    /// each batch's new URLs over the whole index, so a 2,000-URL commit dirtied about as many
    /// pages of it as it had URLs (every page written to the WAL, then checkpointed); keyed by
    /// host, a batch's URLs land in its hosts' stretches of the index, like `urls_host_queue`'s
    /// entries, and a page's links (mostly one host) share a few pages. Same size (the host id is
    /// a 1–3 byte integer), same exactness: the store finds a URL by `host_id = ? AND url_hash =
    /// ? AND url = ?`, the host being its origin's row (an origin is a function of the URL, see
    /// ``Discovery/origin``). Rows are untouched; the index is rebuilt from them.
    static let v16 = """
        DROP INDEX urls_url_hash;
        CREATE INDEX urls_host_url ON urls(host_id, url_hash);
        """

    /// v17: fewer and cheaper writes per page (issue 8). Every row is kept.
    /// - `capture_totals_insert` goes: the store adds each batch's captures to `capture_totals`
    ///   and `capture_classes` itself, in the inserting transaction (``CaptureTotalsDelta``), so
    ///   the figures stay exact at every commit. A trigger made each INSERT into `captures` run in
    ///   a statement journal, and at each such statement FTS5 wrote out the articles it held in
    ///   memory (a segment per article, then merged). Deletes keep their trigger (WARC-loss
    ///   recovery), and UPDATEs of counted columns stay refused.
    /// - `article_bands` holds 4 keys per article (16-bit blocks of the SimHash, looked up with
    ///   their one-bit neighbours: ``NearDuplicateKeys``) instead of 8 (8-bit bands looked up
    ///   exactly): the same near-duplicates are found, by reading ~1/65,536 of the archive per
    ///   lookup instead of ~1/32 (~1,000 rows per new article at 20,000 articles, growing with
    ///   the archive), and half the index rows are written. Rebuilt from `articles.simhash`.
    /// - `warc_digests_file` is on (warc_file, warc_offset), what WARC-loss recovery looks rows
    ///   up by: its entries are appended in write order, where (warc_file, digest) put each in
    ///   a random place of its file's range.
    /// - `articles_url` goes: no query looks articles up by URL (a capture's article is found
    ///   by `capture_id`), and its random-order inserts dirtied a page per article.
    static let v17 = """
        DROP TRIGGER capture_totals_insert;
        DROP INDEX articles_url;
        DROP INDEX warc_digests_file;
        CREATE INDEX warc_digests_file ON warc_digests(warc_file, warc_offset);
        CREATE TABLE article_bands_v17 (
            band INTEGER NOT NULL,                 -- block << 16 | the block's 16 bits (block 0: the low bits)
            capture_id INTEGER NOT NULL REFERENCES articles(capture_id),
            simhash INTEGER NOT NULL,              -- the article's whole SimHash (signed), as in articles
            PRIMARY KEY (band, capture_id)
        ) WITHOUT ROWID;
        INSERT INTO article_bands_v17(band, capture_id, simhash)
            SELECT b.block << 16 | ((a.simhash >> (16 * b.block)) & 65535), a.capture_id, a.simhash
            FROM articles a, (SELECT 0 AS block UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) b
            WHERE a.simhash IS NOT NULL;
        DROP TABLE article_bands;
        ALTER TABLE article_bands_v17 RENAME TO article_bands;
        """

    /// v18: the full-text index merges its segments 16 at a time instead of FTS5's default 4
    /// (`automerge`, kept in `articles_fts_config`, so it holds for every connection that writes).
    /// Each batch's commit writes its articles as one new segment (``CrawlStore/indexFullText(_:)``);
    /// FTS5 merges segments of a level into one of the next level once `automerge` of them are
    /// there, so every entry is rewritten once per level. With 4 that is log₄ of the segments
    /// written (~5 rewrites over a 20,000-page crawl's ~600 batches), with 16 log₁₆ (~2-3): less
    /// merging at the commits, paid by a query reading ~15 segments per level instead of ~3
    /// (more while a merge is under way: 28 at the end of a bench crawl's articles, 14 with 4).
    /// `crisismerge` (FTS5's default 16: a level that many segments reach is merged whole in the
    /// commit that adds the last one, cascading upward) goes to 64, so the merges stay
    /// incremental, a share of the work per commit: with 16 and 16 every merge was such a crisis
    /// merge, and at 16^k batches one commit rewrote the whole index (max commit 0.52 s over a
    /// bench crawl's articles in isolation, 0.04 s with 64; in a large archive, one commit would
    /// hold the store for as long as rewriting its whole full-text index takes). No row changes;
    /// the index's entries and what a search finds are the same.
    static let v18 = """
        INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 16);
        INSERT INTO articles_fts(articles_fts, rank) VALUES ('crisismerge', 64);
        """
}
