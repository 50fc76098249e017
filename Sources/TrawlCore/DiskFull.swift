import Foundation
import TrawlDB

/// Recognizes "the disk is full" among the errors that end a crawl, so the daemon can say so
/// plainly: which file could not be written, that nothing archived is lost, and what to do.
///
/// When the database or the WARC folder runs out of space the crawl stops (a batch that could
/// not be written is not marked done: SQLite rolls the transaction back, and a WARC record
/// whose capture row never committed is fetched again). Everything committed before stays;
/// the next start repairs a torn WARC file and re-queues what was in flight, so once space is
/// freed a restart (systemd's `Restart=on-failure` does it by itself) resumes the crawl.
public enum DiskFull {
    /// The file or folder that could not be written when `error` means "no space left"
    /// (SQLITE_FULL from the database, ENOSPC from the WARC writer); nil for anything else.
    public static func location(of error: any Error) -> String? {
        if let sqlite = error as? SQLiteError, sqlite.primaryCode == 13 /* SQLITE_FULL */ {
            return sqlite.path ?? "the database"
        }
        if case .noSpace(let path)? = error as? ArchiveError { return path }
        return nil
    }

    /// The message for a crawl ended by a full disk at `location`.
    public static func message(location: String, error: any Error) -> String {
        """
        disk full: cannot write \(location) (no space left on device). Fetching stopped; everything \
        archived so far is kept. Free space on that file system, then start trawl again: it resumes \
        where it stopped. (\(error))
        """
    }
}
