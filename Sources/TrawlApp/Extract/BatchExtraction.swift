import Foundation
import Synchronization
import TrawlHTML

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `trawl extract --batch`: extracts every `NAME.html` of a folder to `NAME.json`, with a
/// fixed number of worker threads pulling pages from a shared counter. Prints a progress
/// line when stderr is a terminal, and always a final summary with pages/s (parse included).
struct BatchExtraction: Sendable {
    let inputDirectory: String
    let outputDirectory: String
    let jobs: Int

    struct Summary: Sendable {
        var pages: Int
        var failed: Int
        var seconds: Double
    }

    struct BatchError: Error, CustomStringConvertible {
        var description: String
    }

    func run() throws -> Summary {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: inputDirectory, isDirectory: &isDir), isDir.boolValue,
              let entries = try? fm.contentsOfDirectory(atPath: inputDirectory) else {
            throw BatchError(description: "cannot read folder \(inputDirectory)")
        }
        do {
            try fm.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw BatchError(description: "cannot create \(outputDirectory): \(error)")
        }
        let names = entries.filter { $0.hasSuffix(".html") }.map { String($0.dropLast(5)) }.sorted()
        let urls = loadURLs()
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let failed = Atomic<Int>(0)
        let showProgress = isatty(STDERR_FILENO) != 0
        let start = ContinuousClock.now
        let cpuStart = BatchExtraction.processCPUSeconds()
        let workers = max(1, min(jobs, names.count))

        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if k >= names.count { break }
                let name = names[k]
                if !extractOne(name: name, url: urls[name]) {
                    failed.wrappingAdd(1, ordering: .relaxed)
                }
                let d = done.wrappingAdd(1, ordering: .relaxed).newValue
                if showProgress && (d % 25 == 0 || d == names.count) {
                    let line = "\r\u{1B}[Kextract: \(d)/\(names.count) pages"
                    FileHandle.standardError.write(Data(line.utf8))
                }
            }
        }
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(names.count) / seconds : 0
        if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        let summary = Summary(pages: names.count, failed: failed.load(ordering: .relaxed), seconds: seconds)
        let cpu = BatchExtraction.processCPUSeconds() - cpuStart
        let cpuRate = cpu > 0 ? Double(names.count) / cpu : 0
        let line = String(format: "extracted %d pages in %.3f s (%.1f pages/s, %d jobs; %.3f s CPU, %.1f pages per CPU-second)%@\n",
                          names.count, seconds, rate, workers, cpu, cpuRate,
                          summary.failed > 0 ? ", \(summary.failed) unreadable" : "")
        FileHandle.standardError.write(Data(line.utf8))
        return summary
    }

    /// User + system CPU time of this process so far (with --jobs 1: one core's work).
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func secs(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return secs(usage.ru_utime) + secs(usage.ru_stime)
    }

    /// `urls.json` of the input folder: {"NAME": "url"}; empty when absent or malformed.
    func loadURLs() -> [String: String] {
        let path = (inputDirectory as NSString).appendingPathComponent("urls.json")
        guard let data = FileManager.default.contents(atPath: path),
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return obj.compactMapValues { $0 as? String }
    }

    /// Extracts one page; false when the page could not be read or written.
    func extractOne(name: String, url: String?) -> Bool {
        let inPath = (inputDirectory as NSString).appendingPathComponent(name + ".html")
        let outPath = (outputDirectory as NSString).appendingPathComponent(name + ".json")
        guard let data = FileManager.default.contents(atPath: inPath) else {
            FileHandle.standardError.write(Data("trawl extract: cannot read \(inPath)\n".utf8))
            return false
        }
        let article = ArticleExtractor.extract(bytes: [UInt8](data), url: url)
        do {
            try ArticleJSON.encode(article, pretty: true).write(to: URL(fileURLWithPath: outPath))
            return true
        } catch {
            FileHandle.standardError.write(Data("trawl extract: cannot write \(outPath): \(error)\n".utf8))
            return false
        }
    }
}
