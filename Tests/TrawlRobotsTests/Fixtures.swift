import Foundation

/// Locates and decodes the shared robots.txt conformance data
/// (`<shared>/conformance/robots/`, see its README.md).
///
/// `<shared>` is `$TRAWL_SHARED` if set, else `../shared` next to the package root
/// (found from this file's `#filePath`). A missing or unreadable file throws, which
/// fails the tests that need it with the message below.
enum Fixtures {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        let underlying: String
        var description: String {
            "robots conformance fixture not readable at \(path) (\(underlying)). "
                + "Set TRAWL_SHARED to the directory holding conformance/robots/."
        }
    }

    static var directory: URL {
        if let shared = ProcessInfo.processInfo.environment["TRAWL_SHARED"], !shared.isEmpty {
            return URL(fileURLWithPath: shared).appendingPathComponent("conformance/robots")
        }
        // #filePath = <package root>/Tests/TrawlRobotsTests/Fixtures.swift
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent("../shared/conformance/robots").standardized
    }

    static func load<T: Decodable>(_ file: String, as type: T.Type) throws -> T {
        let url = directory.appendingPathComponent(file)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw Missing(path: url.path, underlying: "\(error.localizedDescription)")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: data)
    }

    static func cases() throws -> [ConformanceCase] {
        try load("cases.json", as: [ConformanceCase].self)
    }

    static func extras() throws -> Extras {
        try load("extras.json", as: Extras.self)
    }
}

/// One `OneAgentAllowedByRobots` assertion from Google's robots_test.cc.
struct ConformanceCase: Decodable, Sendable, CustomStringConvertible {
    let name: String
    let robotsTxt: String
    let userAgent: String
    let url: String
    let allowed: Bool
    var description: String { name }
}

/// The non-matching assertions of robots_test.cc (see README.md beside extras.json).
struct Extras: Decodable, Sendable {
    struct ValidUserAgent: Decodable, Sendable { let userAgent: String; let valid: Bool }
    struct PathCase: Decodable, Sendable { let url: String; let expectedPath: String }
    struct EscapeCase: Decodable, Sendable { let pattern: String; let expected: String }
    struct ReportCase: Decodable, Sendable {
        struct Expected: Decodable, Sendable {
            let validDirectives: Int?
            let unknownDirectives: Int?
            let lastLineSeen: Int?
            let sitemap: String?
        }
        let test: String
        let robotsTxt: String
        let robotsTxtEncoding: String
        let expected: Expected

        /// The body as bytes (`hex` bodies carry invalid UTF-8).
        var body: [UInt8] {
            guard robotsTxtEncoding == "hex" else { return Array(robotsTxt.utf8) }
            var bytes: [UInt8] = []
            var index = robotsTxt.startIndex
            while index < robotsTxt.endIndex {
                let next = robotsTxt.index(index, offsetBy: 2)
                bytes.append(UInt8(robotsTxt[index..<next], radix: 16)!)
                index = next
            }
            return bytes
        }
    }

    let isValidUserAgentToObey: [ValidUserAgent]
    let getPathParamsQuery: [PathCase]
    let maybeEscapePattern: [EscapeCase]
    let parseReport: [ReportCase]
}
