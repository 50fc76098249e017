import Foundation
import TrawlWARC

/// `trawl export`: a WARC subset of a crawl — the records of the captures fetched in a time range
/// (of one host, optionally) copied byte for byte into one new WARC file with a fresh warcinfo and
/// a CDXJ index, for handing a slice of the archive to another tool or institution.
public enum WARCExport {
    /// What to export.
    public struct Selection: Sendable {
        /// Captures fetched at or after this instant…
        public var since: Date
        /// …and before this one (nil: up to now).
        public var until: Date?
        /// Only captures of this host name (any scheme or port); nil: every host.
        public var host: String?

        public init(since: Date, until: Date? = nil, host: String? = nil) {
            self.since = since
            self.until = until
            self.host = host
        }
    }

    /// Writes the subset into `outputDirectory` (created if missing; its parent must exist).
    /// Runs the file work on a plain thread, off the cooperative pool.
    public static func run(store: CrawlStore, warcDirectory: String, selection: Selection,
                           outputDirectory: String, prefix: String = "trawl-export") async throws -> WARCSubsetResult {
        let chosen = try await store.warcSelection(
            since: selection.since.timeIntervalSince1970, until: selection.until?.timeIntervalSince1970, host: selection.host)
        var info: [(String, String)] = [
            ("description", "Trawl export: a subset of the crawl's WARC files, records copied byte for byte"),
            ("export-since", WARCDate.string(selection.since)),
        ]
        if let until = selection.until { info.append(("export-until", WARCDate.string(until))) }
        if let host = selection.host { info.append(("export-host", host)) }
        info.append(("export-source", warcDirectory))
        let software = "Trawl/0.1 (TrawlWARC)", fields = info
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    var isDirectory: ObjCBool = false
                    if !FileManager.default.fileExists(atPath: outputDirectory, isDirectory: &isDirectory) {
                        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: false)
                    } else if !isDirectory.boolValue {
                        throw WARCError.fileSystem(path: outputDirectory, message: "exists but is not a folder")
                    }
                    let result = try WARCSubset.write(
                        sourceDirectory: warcDirectory, selection: chosen, outputDirectory: outputDirectory,
                        prefix: prefix, software: software, info: fields)
                    continuation.resume(returning: result)
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}
