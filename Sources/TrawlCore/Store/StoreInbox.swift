/// What the crawl hands the store without waiting for its actor: URLs to mark "in flight" and
/// hosts' politeness/robots states.
///
/// A fetch task deposits them under the store's lock and goes on; through the actor, each
/// deposit waited out whatever the store was doing (a batch commit of tens of milliseconds)
/// while its page held a slot. The store's next write transaction takes the marks before
/// anything else (``CrawlStore/transaction(_:)``) and its next batch takes the hosts' states
/// (``CrawlStore/flush()``).
struct StoreInbox: Sendable {
    /// URLs dispatched since the last transaction, in dispatch order.
    var marks: [Int64] = []
    /// The latest state of each host noted since the last batch.
    var hosts: [Int64: HostSnapshot] = [:]
    /// A flush is on its way for what was deposited: the first deposit after a batch asks the
    /// actor for one, the batch's take clears it.
    var flushRequested = false

    var isEmpty: Bool { marks.isEmpty && hosts.isEmpty }

    /// Adds a host's state; a later snapshot of the host replaces an earlier one (robots state
    /// kept when the later one has none).
    mutating func note(_ snapshot: HostSnapshot) {
        if let earlier = hosts[snapshot.hostID] {
            hosts[snapshot.hostID] = earlier.merged(with: snapshot)
        } else {
            hosts[snapshot.hostID] = snapshot
        }
    }

    /// Takes the marks, leaving none.
    mutating func takeMarks() -> [Int64] {
        defer { marks.removeAll(keepingCapacity: true) }
        return marks
    }

    /// Takes the hosts' states in host order and clears the flush request: deposits from now on
    /// ask for the next flush.
    mutating func takeHosts() -> [HostSnapshot] {
        flushRequested = false
        defer { hosts.removeAll() }
        return hosts.values.sorted { $0.hostID < $1.hostID }
    }
}
