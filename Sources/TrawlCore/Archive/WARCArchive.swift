import Foundation
import Logging
import TrawlDB
import TrawlFetch
import TrawlHTML
import TrawlWARC

/// The crawl's one owner of the `WARCWriter`: turns fetch outcomes into WARC records and
/// writes them, batched, before their capture rows are committed.
///
/// An actor on its own dispatch queue (like `CrawlStore`), so compression, hashing, `write`
/// and `fsync` never block the cooperative pool. `archive(_:)` queues an outcome; a batch
/// (`batchSize` outcomes, or whatever arrived within `batchDelay`) becomes one `write` and
/// one fsync. Only then are the outcomes handed back, carrying their record locations, for
/// the store's batch: a capture row never points at a record that is not on disk.
///
/// A payload whose digest was archived before (this run, or any earlier one through the
/// store's digest index) is written as a `revisit` record instead of a second copy; a
/// `304 Not Modified` answer to a conditional revisit as a `server-not-modified` revisit
/// referring to the URL's earlier response record.
actor WARCArchive {
    private let executor: DispatchSerialExecutor
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    let settings: WARCSettings
    private let store: CrawlStore
    private let logger: Logger
    private let writerConfiguration: WARCWriterConfiguration
    /// Created in `start()`, after recovery; nil once closed.
    private var writer: WARCWriter?
    /// Originals written by this run, by payload digest: covers the time between a batch's
    /// write and its commit to the digest index, and lets the preparers write a payload
    /// archived before as a revisit at once. Bounded; the store's index covers the rest.
    private let recent = ArchivedPayloads()
    private var pending: [(PageOutcome, CheckedContinuation<PageOutcome, any Error>)] = []
    private var flushScheduled = false
    /// The digest index, read without the store's actor; opened by `start()`, closed by `close()`.
    private var digestReader: WARCDigestReader?
    private let batchSize: Int
    private let batchDelay: Duration

    init(settings: WARCSettings, store: CrawlStore, info: [(String, String)], logger: Logger,
         batchSize: Int = 32, batchDelay: Duration = .milliseconds(10)) {
        self.executor = DispatchSerialExecutor(label: "trawl.warc")
        self.settings = settings
        self.store = store
        self.logger = logger
        self.batchSize = batchSize
        self.batchDelay = batchDelay
        self.writerConfiguration = WARCWriterConfiguration(
            directory: settings.directory, prefix: settings.prefix, maxBytes: settings.maxBytes,
            software: "Trawl/0.1 (TrawlWARC)", info: info, compressionLevel: settings.compressionLevel,
            fsync: settings.fsync)
    }

    /// Builds and compresses an outcome's records off the actor (on the blocking pool, beside
    /// parsing), so the costly part of archiving runs in parallel and the actor only appends.
    struct Preparer: Sendable {
        let compressionLevel: Int32
        /// The payloads this run archived: one of them comes back as a revisit at once.
        let archived: ArchivedPayloads

        /// The outcome with `warc` set from its `exchange` (then dropped); unchanged when
        /// nothing was received.
        /// A 304 is left to the archive: its revisit record names the earlier response, which
        /// the crawler attaches after this step.
        func prepare(_ outcome: PageOutcome) -> PageOutcome {
            guard let exchange = outcome.exchange, outcome.capture?.status != 304 else { return outcome }
            var prepared = outcome
            prepared.warc = WARCArchive.prepare(exchange, outcome, compressionLevel: compressionLevel, archived: archived)
            prepared.exchange = nil
            return prepared
        }
    }

    /// The preparer matching this archive's settings.
    nonisolated var preparer: Preparer { Preparer(compressionLevel: settings.compressionLevel, archived: recent) }

    /// The records of one capture: request, response, metadata with the outlinks, and the
    /// extracted article's conversion record. A 304 to a conditional revisit becomes a
    /// server-not-modified revisit of the earlier response (`outcome.earlierResponse`).
    static func prepare(_ exchange: HTTPExchange, _ outcome: PageOutcome, compressionLevel: Int32,
                        archived: ArchivedPayloads) -> Result<PreparedCapture, WARCError> {
        Result { () throws(WARCError) in
            if outcome.capture?.status == 304 {
                return try PreparedCapture(
                    records: WARCRecord.notModifiedCapture(exchange, since: outcome.earlierResponse), exchange: exchange,
                    payloadDigest: nil, isRevisit: true, compressionLevel: compressionLevel)
            }
            return try PreparedCapture(
                exchange, outlinks: outcome.outlinks, compressionLevel: compressionLevel, knownOriginal: archived.original
            ) { responseID in
                guard let article = outcome.article else { return [] }
                // Not in the CDXJ index (see `CDXJEntry.indexedTypes`): reached from the capture.
                return [.conversion(targetURI: exchange.targetURI, date: exchange.date,
                                    refersTo: responseID, text: conversionText(article.article))]
            }
        }
    }

    /// Creates the folder if needed, recovers `.open` files left by a crash, re-queues captures
    /// whose records did not survive, then opens the writer. Returns how many were re-queued.
    func start() async throws -> Int {
        let directory = settings.directory
        try Self.makeFolder(directory)
        let recovered: [RecoveredWARC]
        let existing: Set<String>
        do {
            recovered = try WARCRecovery.recover(directory: directory)
            existing = Set(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".warc.gz") })
        } catch {
            throw ArchiveError.recovery(directory: directory, reason: "\(error)")
        }
        var survivors: [String: Set<Int64>] = [:]
        for file in recovered {
            logger.notice(
                "recovered \(file.openName): \(file.survivors.count) complete records, \(file.truncatedBytes) bytes of torn tail cut",
                metadata: ["warc": "\(directory)"])
            if let closed = file.closedName {
                survivors[closed] = Set(file.survivors.map { Int64($0.location.offset) })
            }
        }
        let requeued = try await store.dropLostCaptures(survivors: survivors, existing: existing)
        if requeued > 0 { logger.notice("re-queued \(requeued) captures whose WARC records were lost") }
        do {  // before the writer: a failed open leaves no writer behind
            digestReader = try WARCDigestReader(path: store.path)
        } catch {
            throw ArchiveError.cannotOpen(
                directory: directory, reason: "cannot open \(store.path) to read the WARC digest index: \(error)")
        }
        do {
            writer = try WARCWriter(configuration: writerConfiguration)
        } catch {
            throw ArchiveError.cannotOpen(directory: directory, reason: error.description)
        }
        return requeued
    }

    /// The WARC folder, created when missing; its parent must exist (a typo should not
    /// silently create a tree somewhere).
    private static func makeFolder(_ directory: String) throws(ArchiveError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .notAFolder(directory) }
            return
        }
        let parent = (directory as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .missingParent(directory: directory, parent: parent)
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        } catch {
            throw .cannotOpen(directory: directory, reason: error.localizedDescription)
        }
    }

    /// Writes the outcome's records (in the next batch) and returns it with `archived` set and
    /// the raw exchange (or its prepared records) dropped. An outcome with nothing received
    /// passes straight through. Outcomes not prepared by `Preparer` are prepared here.
    func archive(_ outcome: PageOutcome) async throws -> PageOutcome {
        guard outcome.exchange != nil || outcome.warc != nil else { return outcome }
        return try await withCheckedThrowingContinuation { continuation in
            pending.append((outcome, continuation))
            if pending.count >= batchSize {
                Task { await self.flush() }
            } else if !flushScheduled {
                flushScheduled = true
                let delay = batchDelay
                Task { [weak self] in
                    try? await Task.sleep(for: delay)
                    await self?.flush()
                }
            }
        }
    }

    /// Writes every pending outcome's records in one batch (one fsync), then resumes them.
    func flush() async {
        flushScheduled = false
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        let level = settings.compressionLevel
        let outcomes = batch.map { item -> PageOutcome in  // normally prepared on the pool already (not 304s)
            var outcome = item.0
            if let exchange = outcome.exchange {
                outcome.warc = Self.prepare(exchange, outcome, compressionLevel: level, archived: recent)
                outcome.exchange = nil
            }
            return outcome
        }
        // Each payload was hashed once, when prepared; the lookup and the records share that digest.
        let digests = outcomes.compactMap { outcome -> String? in
            guard case .success(let capture)? = outcome.warc else { return nil }
            return capture.payloadDigest
        }
        var stored: [String: RevisitOriginal] = [:]
        do {
            let unknown = Array(Set(digests.filter { recent.original($0) == nil }))
            if !unknown.isEmpty {
                guard let digestReader else { throw ArchiveError.closed(directory: settings.directory) }
                stored = try digestReader.originals(unknown)
            }
        } catch {
            logger.warning("digest index lookup failed, writing full responses: \(error)")
        }
        // From here on no suspension point: the writer and `recent` change atomically.
        do {
            let written = try write(outcomes, stored: stored)
            for (index, item) in batch.enumerated() { item.1.resume(returning: written[index]) }
        } catch {
            logger.error("WARC batch of \(batch.count) failed: \(error)")
            for item in batch { item.1.resume(throwing: error) }
        }
    }

    private func write(_ outcomes: [PageOutcome], stored: [String: RevisitOriginal]) throws -> [PageOutcome] {
        guard let writer else { throw ArchiveError.closed(directory: settings.directory) }
        var records: [PreparedRecord] = []
        var captures: [PreparedCapture?] = []
        var responseIndex: [Int] = []
        var written: [String: RevisitOriginal] = [:]
        do {
            for outcome in outcomes {
                guard var capture = try outcome.warc?.get() else {
                    captures.append(nil)
                    continue
                }
                if let digest = capture.payloadDigest, !capture.isRevisit {  // a revisit already: prepared as one
                    if let original = written[digest] ?? recent.original(digest) ?? stored[digest] {
                        try capture.revisit(of: original)
                    } else {
                        let response = capture.response
                        written[digest] = RevisitOriginal(
                            recordID: response.recordID, targetURI: response.targetURI ?? "", date: response.date)
                    }
                }
                responseIndex.append(records.count + capture.responseIndex)
                records += capture.records
                captures.append(capture)
            }
        } catch {
            throw ArchiveError.write(directory: settings.directory, reason: error.description)
        }
        let locations: [WARCRecordLocation]
        do {
            locations = try writer.write(prepared: records)
        } catch {
            if case .io(let path, _, ENOSPC) = error as WARCError { throw ArchiveError.noSpace(path: path) }
            throw ArchiveError.write(directory: settings.directory, reason: error.description)
        }
        recent.add(written)

        var result: [PageOutcome] = []
        var next = 0
        for (outcome, capture) in zip(outcomes, captures) {
            var outcome = outcome
            if let capture {
                let response = capture.response
                outcome.archived = ArchivedCapture(
                    location: locations[responseIndex[next]], payloadDigest: capture.payloadDigest,
                    isRevisit: capture.isRevisit, targetURI: response.targetURI ?? "", warcDate: response.date)
                next += 1
            }
            outcome.warc = nil
            outcome.exchange = nil
            result.append(outcome)
        }
        return result
    }

    /// Writes a robots.txt exchange (request + response, no metadata) at once: robots.txt is part
    /// of the record of a site (replay tools and later readers need the rules the crawl obeyed),
    /// but it is not a frontier capture, so no capture row points at it and recovery never
    /// re-queues it. Always a full response (robots.txt bodies are small; no digest-index entry).
    ///
    /// robots.txt is fetched with curl decoding the body; a response that came with a
    /// `Content-Encoding` is therefore not archived (the payload on hand is not the one received,
    /// and a WARC must hold bytes as received). A robots.txt cut at its size cap is archived as
    /// received so far, with `WARC-Truncated: length`. Returns whether the records were written.
    @discardableResult
    func archiveRobots(_ response: FetchResponse) -> Bool {
        guard let writer, let exchange = PageProcessor.exchange(response.url, response) else { return false }
        if let encoding = HTTPHead.header("Content-Encoding", in: exchange.responseHead),
           encoding.lowercased() != "identity" {
            logger.debug("robots.txt not archived: body was decoded from \(encoding)", metadata: ["url": "\(response.url)"])
            return false
        }
        var records = WARCRecord.capture(exchange)
        // robots.txt is read up to a cap and cut there: say so (WARC 1.1 §5.14), as replay tools expect.
        if response.truncated { records[1].headers.append("WARC-Truncated", "length") }
        do {
            try writer.write(records)
            return true
        } catch {
            logger.warning("robots.txt not archived: \(error)", metadata: ["url": "\(response.url)"])
            return false
        }
    }

    /// The conversion record's text: the article's title (when known) on the first line, a blank
    /// line, then its text as extracted (paragraphs separated by blank lines).
    static func conversionText(_ article: Article) -> String {
        guard let title = article.title, !title.isEmpty else { return article.text }
        return title + "\n\n" + article.text
    }

    /// Writes what is pending, then closes the current file (CDXJ index written, `.open` dropped).
    func close() async throws {
        await flush()
        digestReader?.close()
        digestReader = nil
        guard let writer else { return }
        self.writer = nil
        do {
            try writer.close()
        } catch {
            throw ArchiveError.write(directory: settings.directory, reason: error.description)
        }
    }
}

/// Reads a capture's WARC record back (for `trawl show --raw`).
public enum ArchivedRecord {
    /// A record read back from `file` at `offset`, serialized as in the file (uncompressed):
    /// what `trawl show --raw` prints.
    public static func read(directory: String, file: String, offset: UInt64) throws(ArchiveError) -> [UInt8] {
        let path = directory + "/" + file
        do {
            let record = try WARCReader(path: path).record(at: offset).record
            var head = "WARC/1.1\r\n"
            for (name, value) in record.headers { head += "\(name): \(value)\r\n" }
            head += "Content-Length: \(record.block.count)\r\n\r\n"
            return Array(head.utf8) + record.block + [13, 10, 13, 10]
        } catch {
            throw .read(path: path, offset: offset, reason: error.description)
        }
    }
}

/// Why WARC output failed, naming the folder or file.
public enum ArchiveError: Error, Sendable, CustomStringConvertible {
    case missingParent(directory: String, parent: String)
    case notAFolder(String)
    case cannotOpen(directory: String, reason: String)
    case recovery(directory: String, reason: String)
    case write(directory: String, reason: String)
    /// A write failed with ENOSPC: the file system holding `path` is full.
    case noSpace(path: String)
    case closed(directory: String)
    case read(path: String, offset: UInt64, reason: String)

    public var description: String {
        switch self {
        case .missingParent(let directory, let parent):
            "cannot create the WARC folder \(directory): its parent \(parent) does not exist (create it, or change [warc] dir)"
        case .notAFolder(let path): "[warc] dir \(path) exists but is not a folder"
        case .cannotOpen(let directory, let reason): "cannot write WARC files in \(directory): \(reason)"
        case .recovery(let directory, let reason): "cannot recover the WARC files in \(directory): \(reason)"
        case .write(let directory, let reason): "writing WARC records in \(directory) failed: \(reason)"
        case .noSpace(let path): "writing WARC records failed: no space left on the device holding \(path)"
        case .closed(let directory): "the WARC writer for \(directory) is closed"
        case .read(let path, let offset, let reason): "cannot read the WARC record at offset \(offset) of \(path): \(reason)"
        }
    }
}
