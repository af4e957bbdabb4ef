import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses markup with Foundation's XMLParser and counts elements by name: the charts and fragments must
/// be well-formed XML whatever text they carry.
final class XMLCheck: NSObject, XMLParserDelegate {
    private(set) var counts: [String: Int] = [:]
    private(set) var text = ""
    private(set) var attributes: [String] = []
    private(set) var error: String?

    /// Parses `markup` wrapped in one root element (fragments have several top-level elements).
    static func parse(_ markup: String) -> XMLCheck {
        let check = XMLCheck()
        let parser = XMLParser(data: Data(("<root>" + markup + "</root>").utf8))
        parser.delegate = check
        if !parser.parse() {
            check.error = parser.parserError.map { "\($0)" } ?? "parse failed"
        }
        return check
    }

    var isWellFormed: Bool { error == nil }

    func count(_ name: String) -> Int { counts[name, default: 0] }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        counts[elementName, default: 0] += 1
        attributes.append(contentsOf: attributeDict.values)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if error == nil { error = "\(parseError) at line \(parser.lineNumber) column \(parser.columnNumber)" }
    }
}
