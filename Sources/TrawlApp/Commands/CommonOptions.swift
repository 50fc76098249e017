import ArgumentParser
import Foundation
import Logging
import TrawlCore

/// Options every subcommand that works on a crawl shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp(
        "The TOML config file (seeds, database, politeness, scope, limits).",
        valueName: "file"))
    var config: String = "/etc/trawl/trawl.toml"

    @Option(name: .long, help: ArgumentHelp(
        "Log level: trace, debug, info, notice, warning, error, critical.", valueName: "level"))
    var logLevel: Logger.Level = .info

    /// Loads the config, turning a problem into a clear message and exit code 2.
    func load() throws -> TrawlConfig {
        do {
            return try TrawlConfig.load(path: config)
        } catch {
            throw UsageFailure(message: error.description)
        }
    }

    /// Opens the config's database, creating it if needed.
    func openStore(_ config: TrawlConfig, mustExist: Bool = false) async throws -> CrawlStore {
        if mustExist, !FileManager.default.fileExists(atPath: config.database) {
            throw UsageFailure(message: StoreError.missingDatabase(config.database).description)
        }
        do {
            return try await CrawlStore.open(path: config.database, logger: Logger(label: "trawl.store"))
        } catch {
            throw UsageFailure(message: "\(config.file): `database`: \(error.description)")
        }
    }

    /// A URL argument normalized the way the frontier stores it, for looking it up.
    static func normalizedURL(_ text: String) throws -> String {
        guard let url = TrawlConfig.seedURL(text) else {
            throw UsageFailure(message: "\"\(text)\" is not an absolute http(s) URL")
        }
        return url.href
    }

    /// Sends log lines to standard error at the chosen level.
    func bootstrapLogging() {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// A usage or config error: printed as one line on standard error, exit code 2.
struct UsageFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

extension UsageFailure {
    /// Prints the message and exits with code 2 (ArgumentParser would use its own codes).
    static func report(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let failure as UsageFailure {
            FileHandle.standardError.write(Data("trawl: error: \(failure.message)\n".utf8))
            throw ExitCode(2)
        }
    }
}
