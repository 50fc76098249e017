import Foundation
import Testing

/// Locates the shared conformance data: `$TRAWL_SHARED` if set, else `<package root>/../shared`.
enum SharedData {
    static var sharedDirectory: URL {
        if let env = ProcessInfo.processInfo.environment["TRAWL_SHARED"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        // #filePath = <root>/Tests/TrawlURLTests/SharedData.swift
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent("../shared", isDirectory: true).standardizedFileURL
    }

    /// Loads `conformance/url/<name>` as JSON; records a test failure (never a silent pass)
    /// and returns nil if the file is missing or malformed.
    static func loadURLData(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> Any? {
        let file = sharedDirectory.appendingPathComponent("conformance/url/\(name)")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            Issue.record(
                "Conformance data not found at \(file.path). Set TRAWL_SHARED to the 'shared' folder.",
                sourceLocation: sourceLocation)
            return nil
        }
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            Issue.record("Cannot parse \(file.path): \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}
