import Foundation
import Testing

/// The `trawl` executable allocates through mimalloc, not glibc's malloc (issue 8: glibc's
/// malloc/free were ~12% of a crawl's CPU).
@Suite("The trawl executable's allocator")
struct AllocatorTests {
    /// mimalloc prints its heap statistics at exit when `MIMALLOC_SHOW_STATS` is set; "touched" is
    /// the memory its malloc handed out. Fails when the library is not linked (no statistics) and
    /// when it is loaded but does not replace malloc (a library loaded after libc: 0 touched).
    @Test("`trawl --version` runs on mimalloc: mimalloc's malloc serves the process's allocations")
    func mimallocServesMalloc() async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["MIMALLOC_SHOW_STATS"] = "1"
        let result = try await TrawlProcess.run(["--version"], environment: environment, killAfter: .seconds(120))
        #expect(result.status == 0)
        let touched = result.stderr.split(separator: "\n").first { $0.contains("touched:") }
        let peak = touched?.split(separator: ":", maxSplits: 1).last?.split(separator: " ").first
        #expect(peak != nil, "no mimalloc statistics on stderr: \(result.stderr.prefix(500))")
        #expect(peak != "0", "mimalloc is loaded but malloc is not its: \(touched ?? "")")
    }
}
