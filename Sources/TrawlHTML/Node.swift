internal import CLibXML2

typealias NodePtr = UnsafeMutablePointer<xmlNode>

/// Small accessors over libxml2 nodes. Element and attribute names from the HTML parser
/// are already lowercase.
extension UnsafeMutablePointer where Pointee == xmlNode {
    @inline(__always) var isElement: Bool { pointee.type == XML_ELEMENT_NODE }
    @inline(__always) var isText: Bool {
        pointee.type == XML_TEXT_NODE || pointee.type == XML_CDATA_SECTION_NODE
    }

    /// True when the element name equals `name` (a lowercase ASCII literal).
    @inline(__always) func hasName(_ name: StaticString) -> Bool {
        guard let n = pointee.name else { return false }
        return strcmpBytes(n, name)
    }

    /// The element's name as a Swift string ("" when absent).
    var nameString: String {
        guard let n = pointee.name else { return "" }
        return String(cString: n)
    }

    /// The value of attribute `name` (lowercase), or nil when absent. A valueless attribute
    /// (`<a href>`) yields "".
    func attribute(_ name: StaticString) -> String? {
        var attr = pointee.properties
        while let a = attr {
            if let an = a.pointee.name, strcmpBytes(an, name) {
                return attributeValue(a)
            }
            attr = a.pointee.next
        }
        return nil
    }

    /// Calls `body` with each attribute's name and value.
    func forEachAttribute(_ body: (String, String) -> Void) {
        var attr = pointee.properties
        while let a = attr {
            if let an = a.pointee.name { body(String(cString: an), attributeValue(a)) }
            attr = a.pointee.next
        }
    }

    /// Text content of a text node.
    var textContent: String {
        guard let c = pointee.content else { return "" }
        return String(cString: c)
    }
}

/// Concatenated text children of an attribute.
@inline(__always)
func attributeValue(_ a: UnsafeMutablePointer<xmlAttr>) -> String {
    guard let first = a.pointee.children else { return "" }
    if first.pointee.next == nil {
        guard let c = first.pointee.content else { return "" }
        return String(cString: c)
    }
    var s = ""
    var child: NodePtr? = first
    while let ch = child {
        if let c = ch.pointee.content { s += String(cString: c) }
        child = ch.pointee.next
    }
    return s
}

/// Compares a NUL-terminated libxml2 string with a static ASCII literal.
@inline(__always)
func strcmpBytes(_ p: UnsafePointer<xmlChar>, _ s: StaticString) -> Bool {
    let count = s.utf8CodeUnitCount
    let lit = s.utf8Start
    var i = 0
    while i < count {
        if p[i] != lit[i] { return false }
        i += 1
    }
    return p[count] == 0
}

/// Iterative pre-order traversal successor: the next node after `node` in document order,
/// staying within `root`. With `skipChildren`, the subtree of `node` is skipped.
@inline(__always)
func nextInDocumentOrder(_ node: NodePtr, root: NodePtr, skipChildren: Bool = false) -> NodePtr? {
    if !skipChildren, let c = node.pointee.children, node.pointee.type == XML_ELEMENT_NODE
        || node.pointee.type == XML_DOCUMENT_NODE || node.pointee.type == XML_HTML_DOCUMENT_NODE {
        return c
    }
    var n = node
    while true {
        if n == root { return nil }
        if let s = n.pointee.next { return s }
        guard let p = n.pointee.parent else { return nil }
        n = p
    }
}
