import Foundation
import TrawlCore

/// `trawl-frontier-bench`: benchmark part 5 of issue 8 (see docs/BENCHMARKS.md).
///
///     trawl-frontier-bench [--urls N] [--hosts N] [--drain N] [--batch N] [--per-host-memory N] [--memory-budget N] [--cache-mib N] [--db PATH] [--json]
///
/// Enqueues N URLs over the hosts into a fresh SQLite database, drains some through the
/// scheduler with a no-op fetch, and prints URLs/s in and out, peak RSS and database bytes per URL.

func usage() -> Never {
    FileHandle.standardError.write(Data("""
        usage: trawl-frontier-bench [--urls 1000000] [--hosts 10000] [--drain 100000] [--batch 2000]
                                    [--transfers 64] [--per-host-memory N] [--memory-budget N] [--cache-mib N] [--db PATH] [--keep] [--json]

        """.utf8))
    exit(2)
}

func intValue(_ name: String, _ arguments: inout ArraySlice<String>) -> Int {
    guard let text = arguments.popFirst(), let value = Int(text.replacingOccurrences(of: "_", with: "")), value >= 0 else {
        FileHandle.standardError.write(Data("trawl-frontier-bench: \(name) needs a number\n".utf8))
        usage()
    }
    return value
}
var parameters = FrontierBenchmark.Parameters()
var databasePath: String?
var jsonOutput = false
var keep = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--urls": parameters.urls = intValue(argument, &arguments)
    case "--hosts": parameters.hosts = max(1, intValue(argument, &arguments))
    case "--drain": parameters.drain = intValue(argument, &arguments)
    case "--batch": parameters.batch = max(1, intValue(argument, &arguments))
    case "--transfers": parameters.transfers = max(1, intValue(argument, &arguments))
    case "--per-host-memory": parameters.memoryLimitPerHost = max(1, intValue(argument, &arguments))
    case "--memory-budget": parameters.memoryBudget = max(1, intValue(argument, &arguments))
    case "--cache-mib": parameters.cacheMiB = max(1, intValue(argument, &arguments))
    case "--db":
        guard let value = arguments.popFirst() else { usage() }
        databasePath = value
    case "--json": jsonOutput = true
    case "--keep": keep = true
    default: usage()
    }
}
let json = jsonOutput
let path = databasePath ?? NSTemporaryDirectory() + "trawl-frontier-bench-\(getpid()).sqlite"
defer {
    if !keep { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
}
do {
    let result = try await FrontierBenchmark.run(databasePath: path, parameters: parameters) { message in
        if !json { FileHandle.standardError.write(Data("  \(message)\n".utf8)) }
    }
    if json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var object = try JSONSerialization.jsonObject(with: encoder.encode(result)) as? [String: Any] ?? [:]
        object["enqueuePerSecond"] = result.enqueuePerSecond
        object["drainPerSecond"] = result.drainPerSecond
        object["databaseBytesPerURL"] = result.databaseBytesPerURL
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    } else {
        let mb = { (bytes: Int64?) in bytes.map { String(format: "%.0f MB", Double($0) / 1_048_576) } ?? "?" }
        print(String(format: "enqueued %d URLs over %d hosts in %.1f s: %.0f URLs/s", result.urlsEnqueued,
                     parameters.hosts, result.enqueueSeconds, result.enqueuePerSecond))
        print(String(format: "drained %d in %.1f s: %.0f URLs/s (%d polls, %d refills, %d waits)", result.urlsDrained,
                     result.drainSeconds, result.drainPerSecond, result.polls, result.refills, result.waits))
        print(String(format: "database %.1f MB = %.0f bytes per URL", Double(result.databaseBytes) / 1_048_576,
                     result.databaseBytesPerURL))
        print("peak RSS \(mb(result.peakRSSAfterEnqueue)) after enqueue, \(mb(result.peakRSS)) at the end")
    }
} catch {
    FileHandle.standardError.write(Data("trawl-frontier-bench: \(error)\n".utf8))
    exit(1)
}
