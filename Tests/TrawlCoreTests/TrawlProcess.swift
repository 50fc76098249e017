import Foundation

/// Runs the built `trawl` executable as a child process (the way users and systemd run it).
struct TrawlProcess {
    /// The `trawl` binary next to the test bundle (SwiftPM builds it: the test target depends on it).
    static var executable: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [beside, beside.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("trawl").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/trawl").path
    }

    /// The result of a finished run.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Starts `trawl arguments…`; the caller waits or kills.
    static func start(_ arguments: [String]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Runs `trawl arguments…` to completion.
    static func run(_ arguments: [String]) async throws -> Result {
        let (process, out, err) = try start(arguments)
        // Drain pipes concurrently so a chatty child can't block on a full pipe.
        async let stdout = Task.detached { out.fileHandleForReading.readDataToEndOfFile() }.value
        async let stderr = Task.detached { err.fileHandleForReading.readDataToEndOfFile() }.value
        let (o, e) = await (stdout, stderr)
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}
