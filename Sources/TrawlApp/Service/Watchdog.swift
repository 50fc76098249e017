import Foundation
import Logging

/// Pings systemd's watchdog (`WATCHDOG=1`) at half of `WATCHDOG_USEC`, as sd_watchdog_enabled(3)
/// advises, while the database still answers: a wedged store stops the pings and systemd restarts
/// the service (`Restart=on-failure`).
struct Watchdog: Sendable {
    /// Time between pings: half the watchdog timeout.
    let interval: Duration

    /// The watchdog systemd asked for, or nil: `WATCHDOG_USEC` unset or not a positive number, or
    /// `WATCHDOG_PID` set to another process (the variables were inherited, not meant for us).
    static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, pid: Int32 = getpid()
    ) -> Watchdog? {
        guard let raw = environment["WATCHDOG_USEC"], let usec = UInt64(raw), usec > 0 else { return nil }
        if let owner = environment["WATCHDOG_PID"], !owner.isEmpty, Int32(owner) != pid { return nil }
        return Watchdog(interval: .microseconds(Int64(clamping: usec / 2)))
    }

    /// Pings until cancelled. `probe` must answer for a ping to be sent (the runner asks the store).
    func run(notifier: SystemdNotifier, logger: Logger, probe: @Sendable () async -> Bool) async {
        while !Task.isCancelled {
            if await probe() {
                notifier.notify([.watchdog], logger: logger)
            } else {
                logger.warning("watchdog: the database did not answer; skipping this ping")
            }
            try? await Task.sleep(for: interval)
        }
    }
}
