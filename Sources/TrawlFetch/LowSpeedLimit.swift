/// Aborts a transfer that moves fewer than `bytesPerSecond` bytes per second for `time`
/// (CURLOPT_LOW_SPEED_LIMIT / CURLOPT_LOW_SPEED_TIME): a trickling or silent server frees its
/// slot long before the whole-transfer timeout. Such a fetch fails with ``FetchError/tooSlow(_:)``.
public struct LowSpeedLimit: Sendable, Equatable {
    /// Average speed (bytes per second) below which the transfer counts as too slow; at least 1.
    public var bytesPerSecond: Int
    /// How long the speed may stay below the limit; libcurl counts whole seconds, so this is
    /// rounded up to a whole second (at least 1 s).
    public var time: Duration

    /// Creates a limit.
    public init(bytesPerSecond: Int, time: Duration) {
        self.bytesPerSecond = max(1, bytesPerSecond)
        self.time = time
    }

    /// ``time`` in whole seconds, rounded up, at least 1 (what libcurl is given).
    public var seconds: Int {
        max(1, (EasyTransfer.milliseconds(time) + 999) / 1000)
    }
}
