import Foundation
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Log lines for journald: `<N>label: message key=value` on standard error, where `<N>` is the
/// sd-daemon(3) syslog priority, so `journalctl -p warning` works; no timestamp (the journal
/// records its own). A message with several lines gets the prefix on each, since journald splits
/// the stream at newlines.
struct JournalLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    /// Serializes writes to standard error, so lines from different threads never interleave.
    private static let output = Mutex<Void>(())

    init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var text = event.message.description
        if let error = event.error { text += " (error: \(error))" }
        let line = Self.format(level: event.level, label: label, message: text, metadata: merged)
        Self.write(line)
    }

    /// The journal line(s) for one record, newline-terminated.
    static func format(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        let prefix = "<\(priority(level))>"
        var body = message
        if !metadata.isEmpty {
            body += " " + metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        return body.split(separator: "\n", omittingEmptySubsequences: false)
            .map { "\(prefix)\(label): \($0)\n" }.joined()
    }

    /// swift-log level -> syslog priority (sd-daemon.h's SD_* prefixes).
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    private static func write(_ line: String) {
        output.withLock { _ in
            var bytes = Array(line.utf8)[...]
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }  // stderr closed: nothing sensible left to do
                bytes = bytes.dropFirst(written)
            }
        }
    }
}

/// Picks the log format for this process: journal lines when standard error is the journal
/// stream, the human format (with timestamps) otherwise.
enum ServiceLogging {
    /// Bootstraps swift-log once, at `level`.
    static func bootstrap(level: Logger.Level, environment: [String: String] = ProcessInfo.processInfo.environment) {
        let journal = standardErrorIsJournal(environment)
        LoggingSystem.bootstrap { label in
            if journal {
                var handler = JournalLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// Whether `JOURNAL_STREAM` ("device:inode") names the file standard error is: systemd sets it
    /// for the service, but a child that redirected its stderr inherits it too, so the variable
    /// alone is not proof (sd_journal_stream_fd(3), systemd.exec(5)).
    static func standardErrorIsJournal(_ environment: [String: String]) -> Bool {
        guard let value = environment["JOURNAL_STREAM"] else { return false }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var info = stat()
        guard fstat(STDERR_FILENO, &info) == 0 else { return false }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }
}
