import Foundation
import TrawlDB

extension CrawlStore {
    /// URLs in the frontier (any state) per origin: the per-host page budget's starting counts
    /// when a crawl resumes.
    func urlCountsByOrigin() throws -> [String: Int] {
        let rows = try database.cached("""
            SELECT h.origin, COUNT(*) FROM urls u JOIN hosts h ON h.id = u.host_id GROUP BY u.host_id
            """).rows { (origin: $0.string(0) ?? "", count: $0.int(1)) }
        return Dictionary(rows.map { ($0.origin, $0.count) }, uniquingKeysWith: +)
    }
}
