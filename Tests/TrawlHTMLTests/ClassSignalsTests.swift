import Testing
@testable import TrawlHTML

/// `ClassSignals.evaluate` scans a class or id value once over a flattened keyword table; its
/// answer must be the definition's: each keyword list whose words occur in the value (as
/// substrings) sets its signal, negative and positive words weigh ∓25.
@Suite("Class signals")
struct ClassSignalsTests {
    private func contains(_ value: [UInt8], _ word: [UInt8]) -> Bool {
        guard word.count <= value.count else { return false }
        return (0...(value.count - word.count)).contains { Array(value[$0..<($0 + word.count)]) == word }
    }

    private func reference(_ value: [UInt8]) -> (ClassSignals, Int16) {
        if value.isEmpty { return ([], 0) }
        func has(_ words: [[UInt8]]) -> Bool { words.contains { contains(value, $0) } }
        var signals: ClassSignals = []
        if has(ClassSignals.unlikelyWords) { signals.insert(.unlikely) }
        if has(ClassSignals.maybeWords) { signals.insert(.maybe) }
        if has(ClassSignals.shareWords) { signals.insert(.share) }
        if has(ClassSignals.commentWords) { signals.insert(.comments) }
        if has(ClassSignals.bylineWords) { signals.insert(.byline) }
        if has(ClassSignals.boilerplateWords) || ClassSignals.hasAdToken(value) { signals.insert(.boilerplate) }
        if has(ClassSignals.captionWords) { signals.insert(.caption) }
        var weight: Int16 = 0
        if has(ClassSignals.negativeWords) || ClassSignals.hasToken(value, "hid") { weight -= 25 }
        if has(ClassSignals.positiveWords) { weight += 25 }
        return (signals, weight)
    }

    @Test("random values built from keywords, their fragments and separators get the definition's signals and weight")
    func randomValues() {
        let pieces = [
            "article", "artic", "comment", "-ad-", "share", "sharing", "main", "sidebar", "byline", "caption",
            "com-", "promo", "related", "post-tags", "page", "x", "q", "-", "_", " ", "body", "h-entry", "hid",
            "disqus", "pagination", "credit", "author", "tags", "ad", "ads",
        ]
        var state: UInt64 = 7
        for _ in 0..<2_000 {
            var value: [UInt8] = []
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<Int(state >> 61) + 1 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                value += Array(pieces[Int(state >> 33) % pieces.count].utf8)
            }
            let got = ClassSignals.evaluate(value)
            let expected = reference(value)
            #expect(got.0 == expected.0 && got.1 == expected.1, "\(String(decoding: value, as: UTF8.self))")
        }
    }

    @Test("a keyword at the very end and one cut short by the end of the value")
    func valueEnds() {
        #expect(ClassSignals.evaluate(Array("x-sidebar".utf8)).0.contains(.unlikely))
        #expect(!ClassSignals.evaluate(Array("x-sideba".utf8)).0.contains(.unlikely))
        #expect(ClassSignals.evaluate(Array("story".utf8)).1 == 25)
    }

    @Test("the memo answers what evaluate does, for values repeated and values sharing a slot")
    func memo() {
        let pieces = ["article", "comment", "-ad-", "share", "main", "sidebar", "byline", "caption", "promo",
                      "related", "page", "x", "-", " ", "hid", "ad", "story", "footer"]
        var state: UInt64 = 3
        var pool: [[UInt8]] = [[]]
        for _ in 0..<2_000 {
            var value: [UInt8] = []
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for k in 0..<Int(state >> 62) + 1 { value += Array(pieces[(Int(state >> 20) >> (k * 5)) % pieces.count].utf8) }
            pool.append(value)
        }
        // Values sharing a slot, one after the other: each must get its own answer.
        let bySlot = Dictionary(grouping: pool, by: ClassSignalsMemo.slot)
        #expect(bySlot.values.contains { Set($0).count > 1 })
        var memo = ClassSignalsMemo()
        for round in 0..<3 {
            for values in bySlot.values {
                for value in round == 1 ? values.reversed() : values {
                    let got = memo.evaluate(value)
                    let expected = ClassSignals.evaluate(value)
                    #expect(got.0 == expected.0 && got.1 == expected.1, "\(String(decoding: value, as: UTF8.self))")
                }
            }
        }
    }
}
