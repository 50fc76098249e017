// swift-tools-version:6.0
import PackageDescription

/// Trawl: a polite, concurrent web-archiving crawler.
///
/// Layering (lower never imports higher):
///   C modules (CCurl, CLibXML2, CSQLite, CZlib, CBrotli, CDeflate, CIgzip, CIDN2; CMimalloc, the executable's allocator)
///   -> TrawlDB (SQLite), TrawlFetch (libcurl), TrawlHTML (libxml2), TrawlURL, TrawlRobots
///   -> TrawlCore (frontier, scheduler, crawl pipeline)
///   -> TrawlApp (config, CLI) -> trawl (executable)
let package = Package(
    name: "Trawl",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "trawl", targets: ["trawl"]),
        .executable(name: "trawl-frontier-bench", targets: ["trawl-frontier-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // MARK: C system libraries (module map + shim header each)
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CIDN2", pkgConfig: "libidn2",
            providers: [.apt(["libidn2-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CBrotli", pkgConfig: "libbrotlidec",
            providers: [.apt(["libbrotli-dev"])]),
        .systemLibrary(
            name: "CDeflate", pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(
            name: "CIgzip", pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]),
        .systemLibrary(  // the executable's allocator (no pkg-config file in Debian's package)
            name: "CMimalloc",
            providers: [.apt(["libmimalloc-dev"])]),

        // MARK: One module per concern
        .target(name: "TrawlDB", dependencies: ["CSQLite"]),
        .target(
            name: "TrawlFetch",
            dependencies: ["CCurl", .product(name: "Logging", package: "swift-log")]),
        .target(name: "TrawlHTML", dependencies: ["CLibXML2"]),
        .target(name: "TrawlURL", dependencies: ["CIDN2"]),
        .target(name: "TrawlRobots"),
        .target(name: "TrawlWARC", dependencies: ["CZlib", "CDeflate", "CIgzip", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "TrawlSitemap", dependencies: ["CLibXML2", "CZlib"]),
        .target(
            name: "TrawlCore",
            dependencies: [
                "TrawlDB", "TrawlFetch", "TrawlHTML", "TrawlURL", "TrawlRobots", "TrawlWARC", "TrawlSitemap", "CZlib", "CBrotli", "CDeflate",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]),
        .target(
            name: "TrawlApp",
            dependencies: [
                "TrawlCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                // [metrics]: swift-metrics with the Prometheus backend, served by a tiny NIO listener.
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .executableTarget(name: "trawl", dependencies: ["TrawlApp", "CMimalloc"]),
        /// Benchmark part 5 (issue 8): the frontier at 1,000,000 URLs, no network (scripts/bench).
        .executableTarget(name: "trawl-frontier-bench", dependencies: ["TrawlCore"], path: "Sources/TrawlFrontierBench"),

        // MARK: Tests
        .target(
            name: "TrawlTestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                "CZlib",
            ],
            path: "Tests/TrawlTestSupport"),
        .testTarget(name: "TrawlURLTests", dependencies: ["TrawlURL", "TrawlTestSupport"]),
        .testTarget(name: "TrawlRobotsTests", dependencies: ["TrawlRobots"]),
        .testTarget(name: "TrawlWARCTests", dependencies: ["TrawlWARC", "TrawlTestSupport"]),
        .testTarget(name: "TrawlHTMLTests", dependencies: ["TrawlHTML", "TrawlTestSupport"]),
        .testTarget(name: "TrawlDBTests", dependencies: ["TrawlDB"]),
        .testTarget(name: "TrawlSitemapTests", dependencies: ["TrawlSitemap", "TrawlTestSupport"]),
        .testTarget(name: "TrawlFetchTests", dependencies: ["TrawlFetch", "TrawlTestSupport"]),
        .testTarget(
            name: "TrawlCoreTests",
            dependencies: ["TrawlCore", "TrawlDB", "TrawlApp", "TrawlTestSupport", "trawl"]),
    ],
    swiftLanguageModes: [.v6]
)
