import ArgumentParser
import Foundation

extension TrawlCommand {
    /// Parses the process arguments and runs the chosen subcommand (async all the way down).
    public static func runFromCommandLine() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // A usage error (unknown option, missing or malformed value) is bad input like a bad
            // config: exit 2, as documented, not ArgumentParser's 64; systemd's unit does not
            // restart on 2 (RestartPreventExitStatus).
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
