import Foundation
import TrawlDB
import TrawlHTML

extension CrawlStore {
    /// Queues a host's new politeness/robots state for the next batch transaction (a later
    /// snapshot of the same host replaces an earlier one). Waits for neither the commit nor the
    /// actor: ``StoreInbox``.
    nonisolated func noteHost(_ snapshot: HostSnapshot) {
        deposit { $0.note(snapshot) }
    }

    /// Changes the inbox under its lock; the first deposit after a batch asks the actor for a
    /// flush (within `batchDelay`), so what is deposited is committed even when no outcome comes.
    nonisolated func deposit(_ change: (inout StoreInbox) -> Void) {
        let askForFlush = inbox.withLock { inbox in
            change(&inbox)
            guard !inbox.flushRequested, !inbox.isEmpty else { return false }
            inbox.flushRequested = true
            return true
        }
        if askForFlush { Task { await self.scheduleFlush() } }
    }

    /// Queues one fetch outcome for the next batch transaction and waits until it is committed.
    /// Returns the frontier entries its discoveries added (URLs not seen before).
    func record(_ outcome: PageOutcome) async throws -> [FrontierEntry] {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((outcome, continuation))
            if pending.count >= batchSize {
                flush()
            } else {
                scheduleFlush()
            }
        }
    }

    private func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        let delay = batchDelay
        Task { [weak self] in
            try? await Task.sleep(for: delay)
            await self?.flush()
        }
    }

    /// Writes every pending outcome in one transaction (after the queued "in flight" marks:
    /// ``transaction(_:)``), then resumes their waiters.
    func flush() {
        flushScheduled = false
        let (hostStates, hasMarks) = inbox.withLock { ($0.takeHosts(), !$0.marks.isEmpty) }
        guard !pending.isEmpty || !hostStates.isEmpty || hasMarks else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        do {
            let added = try transaction {
                for state in hostStates { try write(state) }
                var effects = BatchEffects()
                let added = try batch.map { try write($0.0, effects: &effects) }
                try write(effects)
                return added
            }
            for (index, item) in batch.enumerated() { item.1.resume(returning: added[index]) }
        } catch {
            logger.error("archive batch of \(batch.count) failed: \(error)")
            for item in batch { item.1.resume(throwing: error) }
        }
    }

    /// Writes one outcome inside the current transaction; what the batch writes once for all
    /// its outcomes (hosts' last fetch, full-text rows) goes into `effects`.
    private func write(_ outcome: PageOutcome, effects: inout BatchEffects) throws -> [FrontierEntry] {
        let entry = outcome.entry
        if let content = outcome.content {
            // A body seen before keeps its row; one whose bytes only a WARC held (written with
            // WARC output on, now off) is stored here when it comes again.
            try database.cached("""
                INSERT INTO contents(hash, size, encoding, body, first_seen) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(hash) DO UPDATE SET encoding = excluded.encoding, body = excluded.body
                    WHERE contents.body IS NULL AND excluded.body IS NOT NULL
                """).run([content.hash, content.size, content.encoding, content.data, Date().timeIntervalSince1970])
        }
        if let capture = outcome.capture {
            try database.cached("""
                INSERT INTO captures(url_id, url, fetched_at, status, http_version, final_url, remote_ip, headers,
                                     content_type, length, content_hash, duration_ms, error_kind, error,
                                     warc_file, warc_offset, warc_length,
                                     revisit, changed, revisit_interval, warc_payload_digest, warc_revisit_of)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).run([
                    entry.id, entry.url, capture.fetchedAt.timeIntervalSince1970, capture.status,
                    capture.httpVersion, capture.finalURL, capture.remoteIP, capture.headers,
                    capture.contentType, capture.length, outcome.content?.hash, capture.durationMilliseconds,
                    capture.errorKind, capture.error, outcome.archived?.location.fileName,
                    outcome.archived.map { Int64($0.location.offset) }, outcome.archived.map { Int64($0.location.length) },
                    entry.isRevisit, outcome.visit?.changedFlag, outcome.visit?.interval, outcome.visit?.payloadDigest,
                    outcome.archived.flatMap { $0.isRevisit ? $0.payloadDigest : nil },
                ])
            let captureID = database.lastInsertRowID
            if let archived = outcome.archived { try writeDigest(archived) }
            effects.fetched(hostID: entry.hostID, at: capture.fetchedAt.timeIntervalSince1970)
            let hash = outcome.content?.hash
            effects.totals.add(
                status: capture.status, warcBytes: outcome.archived.map { Int($0.location.length) } ?? 0,
                decodedBytes: capture.length ?? 0, hasBody: hash != nil,
                newBody: try hash.map { try !isCaptured(hash: $0, besides: captureID) } ?? false)
            if let article = outcome.article {
                try writeArticle(article, captureID: captureID, url: entry.url, contentHash: outcome.content?.hash)
                effects.fullText.append((captureID, article.article))
            }
        }
        let update = URLStateUpdate(outcome)
        if let visit = outcome.visit {
            // One statement, one rewrite of the row; it sets next_visit_at, blocked or not.
            try writeVisit(visit, urlID: entry.id, state: update)
        } else {
            try database.cached("UPDATE urls SET \(URLStateUpdate.assignments) WHERE id = ?").run(update.values + [entry.id])
            if case .blocked = outcome.disposition { try cancelVisits(urlID: entry.id) }
        }
        return try insert(outcome.discoveries, from: entry.id)
    }

    /// Writes what a batch's outcomes left in `effects`, after all of them (same transaction).
    private func write(_ effects: BatchEffects) throws {
        // One update per host and batch (not per capture): the latest fetch is what counts.
        let touch = try database.cached("UPDATE hosts SET last_fetch_at = ? WHERE id = ?")
        for (host, at) in effects.lastFetch.sorted(by: { $0.key < $1.key }) { try touch.run([at, host]) }
        try add(effects.totals)
        try indexFullText(effects.fullText)  // last: see its comment
    }

    /// Whether a capture other than `captureID` has the body `hash` (`captures_hash`).
    private func isCaptured(hash: [UInt8], besides captureID: Int64) throws -> Bool {
        try database.cached("SELECT 1 FROM captures WHERE content_hash = ? AND id != ?")
            .firstRow([hash, captureID]) { _ in true } ?? false
    }

    /// Adds a batch's captures to `capture_totals` and `capture_classes` (one statement each,
    /// not a trigger per capture: see ``Schema/v17``).
    private func add(_ totals: CaptureTotalsDelta) throws {
        let sums = totals.sums
        guard sums.captures > 0 else { return }
        try database.cached("""
            UPDATE capture_totals SET captures = captures + ?, warc_bytes = warc_bytes + ?,
                decoded_bytes = decoded_bytes + ?, with_body = with_body + ?, distinct_bodies = distinct_bodies + ?
            WHERE id = 1
            """).run([sums.captures, sums.warcBytes, sums.decodedBytes, sums.withBody, sums.distinctBodies])
        let classes = try database.cached("""
            INSERT INTO capture_classes(class, captures) VALUES (?, ?)
            ON CONFLICT(class) DO UPDATE SET captures = captures + excluded.captures
            """)
        for (name, count) in totals.classes.sorted(by: { $0.key < $1.key }) { try classes.run([name, count]) }
    }
}
