// TrawlWARC: WARC/1.1 output for Trawl (issue 5).
//
// Flow, per fetch, on the crawler's archive actor:
//   1. `exchange.payloadDigest` → look up the digest index (SQLite) for an earlier capture.
//   2. `WARCRecord.capture(exchange, duplicateOf: original, outlinks: links)` → request,
//      response (or revisit), metadata records.
//   3. `writer.write(records)` → appended as one gzip member each, fsync'd; returns
//      `WARCRecordLocation`s (file, offset, length) for the capture row.
//   4. Only then commit the capture row (and, for a response, its digest-index entry).
// On start-up, before the first writer: `WARCRecovery.recover(directory:)` closes any
// `.open` file left by a crash and lists the records that survived; captures whose
// records are not listed are fetched again.
//
// HTTP/2: exchanges are recorded as they happened, with `WARC-Protocol: h2` and the
// status line the client saw (`HTTP/2 200`), rather than being rewritten as HTTP/1.1;
// warcio and pywb read such records (checked by scripts/check-warcs on test output).
//
// Files: WARCRecord (model), WARCHeaders, WARCSerialization (header bytes/parse),
// WARCDigest (sha1 + base32), WARCDate, HTTPHead, WARCRecordBuilders, GzipDeflater /
// GzipInflater (one z_stream owner each), WARCWriter (files + rotation), WARCFileName,
// POSIXFile (durable writes, close = index + rename), WARCReader, WARCRecovery,
// WARCValidation, SURT, CDXJ.
