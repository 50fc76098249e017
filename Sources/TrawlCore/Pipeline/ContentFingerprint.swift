import Crypto

/// What "the content changed" is judged on between two visits of a URL (continuous archiving).
///
/// A page with an article: its extracted text only, so the chrome (ads, "updated 3 minutes
/// ago", a visitor counter, rotating teasers) does not count as a change. A feed: the set of
/// its entries' links (its build date and item order do not count). A page without an
/// article that links somewhere (a front page, a section page, a sitemap, a redirect): its
/// status and the set of its in-scope links (``PageOutcome/hubLinks``: rotating off-site ad
/// links do not count), so a hub changes when a story appears or goes, not when
/// its clock ticks. Anything else with an answer: the status, the redirect target and the
/// decoded body. Nil when there was no usable answer (a failure, or an error status: a 403
/// challenge page with random tokens, a 429, a 5xx says nothing about the content) and for a
/// `304 Not Modified` (unchanged by definition); the stored fingerprint stays. 16 bytes of
/// SHA-256.
enum ContentFingerprint {
    static func of(_ outcome: PageOutcome) -> [UInt8]? {
        guard let capture = outcome.capture, let status = capture.status, judges(status) else { return nil }
        var hasher = SHA256()
        if let article = outcome.article {
            hasher.update(data: Array("article\u{0}".utf8))
            var text = article.article.text
            text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }  // no copy of the text
        } else if let entries = outcome.feedEntries {
            // A feed changes when its entries do, not when its build date or item order does.
            hasher.update(data: Array("feed\u{0}".utf8))
            for link in entries.sorted() { hasher.update(data: Array((link + "\u{0}").utf8)) }
        } else if !outcome.hubLinks.isEmpty {
            hasher.update(data: Array("links\u{0}\(status)\u{0}".utf8))
            for link in Set(outcome.hubLinks).sorted() { hasher.update(data: Array((link + "\u{0}").utf8)) }
        } else {
            hasher.update(data: Array("answer\u{0}\(status)\u{0}\(capture.finalURL ?? "")\u{0}".utf8))
            hasher.update(data: outcome.content?.hash ?? [])
        }
        return Array(hasher.finalize().prefix(16))
    }

    /// Whether an answer with `status` says what the content is: 2xx, a redirect (its target),
    /// or gone (404, 410). Not a 304 (unchanged by definition) nor any other error.
    static func judges(_ status: Int) -> Bool {
        (200..<300).contains(status) || [301, 302, 303, 307, 308, 404, 410].contains(status)
    }
}
