/// The per-host and global limits the scheduler enforces.
public struct Politeness: Sendable, Equatable {
    /// Minimum time between two request starts to one host; the next start also waits this long
    /// after the previous request to that host completed.
    public var delay: Duration
    /// Concurrent transfers to one host.
    public var perHost: Int
    /// Concurrent transfers in total.
    public var transfers: Int

    public init(delay: Duration = .seconds(1), perHost: Int = 1, transfers: Int = 64) {
        self.delay = delay
        self.perHost = max(1, perHost)
        self.transfers = max(1, transfers)
    }
}
