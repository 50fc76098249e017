import Foundation

extension Scheduler {
    /// Changes the limits for the next decisions (a reloaded config); a changed robots policy
    /// applies to each host from its current robots state.
    func update(_ politeness: Politeness) {
        let robotsChanged = politeness.robots != self.politeness.robots
        self.politeness = politeness
        let unixNow = Date().timeIntervalSince1970
        for id in Array(hosts.keys) {
            guard var host = hosts.removeValue(forKey: id) else { continue }
            host.politeness.settings = politeness
            if robotsChanged, !host.robots.isFetching {
                let saved = host.robots.state == .ignored ? nil : host.robots.saved
                host.robots = HostRobots(policy: politeness.robots, retry: retry, saved: saved, unixNow: unixNow)
                host.politeness.crawlDelay = host.robots.crawlDelay(userAgent: userAgent)
            }
            hosts[id] = host
            settle(id)
        }
        signal()
    }

    /// Replaces the pauses in force (`trawl pause`/`resume`, and the persisted ones at start-up).
    /// Every host is put back on the timeline (a resumed one is due again).
    func setPaused(_ state: PausedState) {
        if state != paused {
            paused = state
            for id in Array(hosts.keys) { settle(id) }
        }
        signal()
    }

    /// Waits until no transfer is in flight and every fetched page is recorded.
    func waitUntilIdle() async {
        while transfersInFlight > 0 || processing > 0 {
            changedSincePoll = false  // the condition was just checked on this actor
            await waitForChange(until: nil)
        }
    }
}
