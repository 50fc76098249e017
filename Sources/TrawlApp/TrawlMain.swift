import ArgumentParser

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
            exit(withError: error)
        }
    }
}
