/// The fetcher-wide options every transfer gets, from ``Fetcher/Configuration``.
struct TransferOptions: Sendable {
    /// CURLOPT_CAINFO, if set.
    var caBundlePath: String? = nil
    /// The SSRF guard (checked in the open-socket callback).
    var addressPolicy: AddressPolicy = .allowAll
    /// CURLOPT_LOW_SPEED_LIMIT / _TIME, if set.
    var lowSpeed: LowSpeedLimit? = nil
    /// CURLOPT_DOH_URL, if set: host names are resolved over DNS-over-HTTPS there.
    var dohURL: String? = nil
}
