/// Independent checks of records read back from a file (used by tests and,
/// later, by a `trawl check` command).
public enum WARCValidation {
    /// Problems with `record`'s digests: empty when `WARC-Block-Digest`
    /// recomputes over the block and `WARC-Payload-Digest` over the payload.
    /// A revisit's payload digest names the original's payload, so it is not recomputed.
    public static func digestProblems(_ record: WARCRecord) -> [String] {
        var problems: [String] = []
        let id = record.recordID
        if let block = record.headers["WARC-Block-Digest"] {
            let actual = WARCDigest.sha1(record.block)
            if block != actual { problems.append("\(id): WARC-Block-Digest \(block) but block hashes to \(actual)") }
        } else if record.type != .warcinfo || !record.block.isEmpty {
            problems.append("\(id): no WARC-Block-Digest")
        }
        if let payload = record.headers["WARC-Payload-Digest"], record.type != .revisit {
            guard record.payloadOffset != nil else {
                problems.append("\(id): HTTP block has no end of head")
                return problems
            }
            let actual = WARCDigest.sha1(record.payload)
            if payload != actual { problems.append("\(id): WARC-Payload-Digest \(payload) but payload hashes to \(actual)") }
        }
        return problems
    }
}
