internal import CLibXML2

/// A parsed HTML document; owns its `xmlDoc*` and frees it exactly once (in `deinit`).
///
/// Parsing goes through libxml2's HTML parser in recovery mode, so any tag soup yields a
/// tree. The bytes are first converted to UTF-8 by `Charset` (BOM, then the Content-Type
/// charset, then `<meta charset>`, else UTF-8 with a windows-1252 fallback for pages that
/// are plainly not UTF-8); invalid bytes become U+FFFD and never abort the parse.
/// The text of `<script>` and `<style>` elements is dropped before parsing (JSON-LD scripts
/// are kept), which roughly halves parse time on real pages.
///
/// Not `Sendable`: libxml2 trees are not thread-safe; use a document from one task at a time.
public final class HTMLDocument {
    /// The libxml2 document. Never nil; freed in deinit.
    let doc: xmlDocPtr
    /// Size of the parsed (UTF-8, filtered) input; used to pre-size per-node storage.
    let parsedByteCount: Int

    /// Parses `bytes` as HTML. `contentType` is the HTTP Content-Type header, if any.
    /// Throws `HTMLParseError.noDocument` only when libxml2 returns no document at all
    /// (for example, empty input).
    public init(bytes: [UInt8], contentType: String? = nil) throws {
        LibXML.ensureInitialized()
        trawl_xml_silence_errors()
        let utf8 = RawTextFilter.strip(Charset.decodeToUTF8(bytes, contentType: contentType))
        // XML_PARSE_HUGE lifts the 256-level depth limit, past which libxml2 would silently
        // stop parsing (losing the rest of the page); all our walks are iterative.
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue
            | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
            | XML_PARSE_HUGE.rawValue)
        let parsed: xmlDocPtr? = utf8.withUnsafeBufferPointer { buf -> xmlDocPtr? in
            guard let base = buf.baseAddress, buf.count > 0 else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                htmlReadMemory(p, Int32(clamping: buf.count), nil, "UTF-8", options)
            }
        }
        guard let parsed else { throw HTMLParseError.noDocument }
        doc = parsed
        parsedByteCount = utf8.count
    }

    deinit {
        xmlFreeDoc(doc)
    }

    /// The root element (`<html>`), if any.
    var root: NodePtr? { xmlDocGetRootElement(doc) }
}

@available(*, unavailable)
extension HTMLDocument: Sendable {}

/// Why an `HTMLDocument` could not be created.
public enum HTMLParseError: Error, Sendable, Equatable {
    /// libxml2 produced no document (empty or unusable input).
    case noDocument
}

/// One-time libxml2 initialization (required before parsing from several threads).
enum LibXML {
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    static func ensureInitialized() { _ = initialized }
}
