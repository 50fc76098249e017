// libFuzzer entry for the config parser (TOML -> TrawlConfig with located errors; compiled with
// Sources/TrawlApp/Config by scripts/fuzz). Input: the config file's text. Any input must end in
// a config or a ConfigError, never a crash.

@_cdecl("LLVMFuzzerTestOneInput")
public func trawlFuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        _ = try TrawlConfig.parse(text: text, file: "/nonexistent/fuzz.toml")
    } catch {
        _ = error.description
    }
    return 0
}
