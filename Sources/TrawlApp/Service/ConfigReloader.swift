import Logging
import TrawlCore

/// Re-reads the config file on SIGHUP (`systemctl reload trawl`).
///
/// New seeds go into the store, where the running crawl picks them up within its seed-poll
/// interval; the new politeness applies to the next requests. An invalid file is rejected with a
/// logged error and the running config stays in force. systemd hears `RELOADING=1` first and
/// `READY=1` at the end, either way.
struct ConfigReloader: Sendable {
    let configPath: String
    /// The database the daemon has open; a different one in the new file needs a restart.
    let database: String
    let store: CrawlStore
    let crawler: Crawler
    let notifier: SystemdNotifier?
    let logger: Logger

    func reload() async {
        notifier?.notify([NotifyMessage.reloadingNow(), .status("Reloading \(configPath)")], logger: logger)
        defer { notifier?.notify([.ready], logger: logger) }
        let config: TrawlConfig
        do {
            config = try TrawlConfig.load(path: configPath)
        } catch {
            logger.error("reload rejected, the running config stays in force: \(error.description)")
            notifier?.notify([.status("Reload rejected (see the log); the previous config stays in force")], logger: logger)
            return
        }
        if config.database != database {
            logger.warning("reload: `database` changed to \(config.database); still using \(database) until a restart")
        }
        let added: Int
        do {
            added = try await store.addSeeds(config.seeds.map { ($0.href, $0.origin) }, source: "config")
        } catch {
            logger.error("reload: cannot record the new seeds: \(error); the running config stays in force")
            return
        }
        await crawler.reload(config.settings)
        logger.notice("""
            reloaded \(configPath): \(added) new seed\(added == 1 ? "" : "s"); politeness, scope and limits apply \
            to the next requests (connection pool size, WARC output and database change on restart)
            """)
    }
}
