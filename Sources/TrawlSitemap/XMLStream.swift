import CLibXML2

/// Opens libxml2's streaming `xmlTextReader` on a byte buffer with the settings every reader
/// here shares: no network access, no entity expansion, no error output; the reader is owned
/// from open to free inside `run`.
enum XMLStream {
    /// Runs `body` on a reader over `bytes` (`url` is the document's base URL); `openFailure`
    /// is thrown when libxml2 cannot open one.
    static func run<T, E: Error>(
        _ bytes: [UInt8], url: String, openFailure: E, _ body: (xmlTextReaderPtr) throws(E) -> T
    ) throws(E) -> T {
        initialize
        trawl_xml_silence_errors()  // per thread: broken documents must not spam stderr
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                            | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_NOCDATA.rawValue)
        let opened = bytes.withUnsafeBufferPointer { buffer -> xmlTextReaderPtr? in
            guard let base = buffer.baseAddress else { return nil }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReaderForMemory($0, Int32(clamping: buffer.count), url, nil, options)
            }
        }
        guard let reader = opened else { throw openFailure }
        defer { xmlFreeTextReader(reader) }
        // xmlReaderForMemory does not copy: `bytes` must outlive the reader, which it does (the
        // walk runs inside this function, before `bytes` is released).
        return try withExtendedLifetime(bytes) { () throws(E) -> T in try body(reader) }
    }

    /// What a walk's visitor tells the loop after a node.
    enum Visit { case next, stop }

    /// Reads `reader` node by node, calling `visit` with each node's type (1 element, 3 text,
    /// 4 CDATA, 15 end of element…) and depth, until the end of the document or `.stop`.
    /// Returns whether the walk ended early: the visitor stopped it (a cap), or the XML broke
    /// off once `started()` (what came before is kept); a break before that throws `beforeStart`.
    static func walk<E: Error>(
        _ reader: xmlTextReaderPtr, beforeStart: E, started: () -> Bool,
        _ visit: (_ type: Int32, _ depth: Int32) throws(E) -> Visit
    ) throws(E) -> Bool {
        while true {
            let rc = xmlTextReaderRead(reader)
            if rc == 0 { return false }
            if rc < 0 {
                guard started() else { throw beforeStart }
                return true
            }
            if try visit(xmlTextReaderNodeType(reader), xmlTextReaderDepth(reader)) == .stop { return true }
        }
    }

    /// A libxml2 string as a Swift one ("" for NULL); the pointer is not freed (a Const accessor's).
    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    /// An attribute of the reader's current element (namespace nil: an unprefixed attribute).
    static func attribute(_ reader: xmlTextReaderPtr, _ name: String, namespace: String? = nil) -> String? {
        let value = namespace.map { xmlTextReaderGetAttributeNs(reader, name, $0) } ?? xmlTextReaderGetAttribute(reader, name)
        guard let value else { return nil }
        defer { trawl_xml_free(value) }  // the Get accessors return a copy the caller frees
        return String(cString: value)
    }

    /// libxml2's global init, once per process.
    private static let initialize: Void = {
        xmlInitParser()
    }()
}
