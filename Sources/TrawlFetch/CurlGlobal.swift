internal import CCurl

/// Process-wide libcurl initialisation, done exactly once.
enum CurlGlobal {
    /// `curl_global_init` runs the first time this is read; Swift guarantees a `static let`
    /// initialiser runs once, thread-safely. Never cleaned up: libcurl lives as long as the process.
    private static let initResult: Int = Int(trawl_global_init_all().rawValue)

    /// Initialises libcurl if that has not happened yet; returns false if it failed.
    @discardableResult
    static func ensureInitialized() -> Bool {
        initResult == Int(CURLE_OK.rawValue)
    }
}
