/// Just enough XML for S3's responses: elements by name (no attributes, no namespaces
/// needed) and the five entities plus numeric character references.
struct XMLText {
    let text: Substring

    init(_ text: String) { self.text = Substring(text) }
    init(_ text: Substring) { self.text = text }

    /// The decoded text of the first element `name`, or nil.
    func value(of name: String) -> String? {
        elements(named: name).first.map { Self.decodeEntities(String($0.text)) }
    }

    /// The contents of every element `name` (attributes such as `xmlns` allowed), in order.
    func elements(named name: String) -> [XMLText] {
        var found: [XMLText] = []
        var rest = text[...]
        let close = "</\(name)>"
        while let start = rest.firstRange(of: "<\(name)") {
            guard let end = rest[start.upperBound...].firstIndex(of: ">") else { break }
            let between = rest[start.upperBound..<end]
            guard between.isEmpty || between.first == " " || between == "/" || between.last == "/" || between.first == "\t" || between.first == "\n" else {
                rest = rest[end...]
                continue  // a longer name with the same prefix
            }
            if between.last == "/" {
                found.append(XMLText(""))
                rest = rest[rest.index(after: end)...]
                continue
            }
            guard let closing = rest[rest.index(after: end)...].firstRange(of: close) else { break }
            found.append(XMLText(rest[rest.index(after: end)..<closing.lowerBound]))
            rest = rest[closing.upperBound...]
        }
        return found
    }

    /// `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` `&#NN;` `&#xNN;` decoded.
    static func decodeEntities(_ string: String) -> String {
        guard string.contains("&") else { return string }
        var result = ""
        var index = string.startIndex
        while index < string.endIndex {
            let character = string[index]
            guard character == "&", let semicolon = string[index...].firstIndex(of: ";"), string.distance(from: index, to: semicolon) <= 10 else {
                result.append(character)
                index = string.index(after: index)
                continue
            }
            let entity = string[string.index(after: index)..<semicolon]
            var replacement: String?
            switch entity {
            case "amp": replacement = "&"
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let code = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(code) {
                    replacement = String(Character(scalar))
                } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
                    replacement = String(Character(scalar))
                }
            }
            if let replacement {
                result += replacement
                index = string.index(after: semicolon)
            } else {
                result.append(character)
                index = string.index(after: index)
            }
        }
        return result
    }

    /// `string` with `& < > " '` escaped, for request bodies.
    static func escape(_ string: String) -> String {
        var result = ""
        for character in string {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}

/// The fields of an S3 error document (`<Error><Code>NoSuchKey</Code>...`).
struct S3ErrorDocument: Sendable {
    var code: String
    var message: String
    var requestID: String?

    /// Parses `body`; nil when it holds no `<Error>` element.
    init?(body: String) {
        guard let error = XMLText(body).elements(named: "Error").first else { return nil }
        code = error.value(of: "Code") ?? ""
        message = error.value(of: "Message") ?? ""
        requestID = error.value(of: "RequestId")
    }

    init(code: String, message: String, requestID: String?) {
        self.code = code
        self.message = message
        self.requestID = requestID
    }
}
