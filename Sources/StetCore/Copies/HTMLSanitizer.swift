import Foundation

/// Keeps only the HTML that Markdown formatting needs, so a document's text cannot put script,
/// event handlers, forms, frames or outside resources into a controlled copy.
///
/// cmark-gfm already leaves raw HTML out and drops unsafe link targets; the sanitizer runs over
/// its output all the same, as a second line. Each tag is rebuilt from an allowlist of elements and attributes, with
/// URLs limited to relative, http(s) and mailto (and inline raster images for `img`). Anything
/// else that starts with `<` is escaped and shows as text. The copy's CSP is a second line.
public enum HTMLSanitizer {
    /// `html` with every tag outside the allowlist escaped and every allowed tag rebuilt.
    public static func sanitize(_ html: String) -> String {
        let characters = Array(html.unicodeScalars)
        var output = String.UnicodeScalarView()
        output.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard character == "<" else {
                output.append(character)
                index += 1
                continue
            }
            if let (tag, end) = Tag.parse(characters, from: index), let rebuilt = tag.rebuilt() {
                output.append(contentsOf: rebuilt.unicodeScalars)
                index = end
            } else {
                output.append(contentsOf: "&lt;".unicodeScalars)
                index += 1
            }
        }
        return String(output)
    }

    static let allowedElements: [String: Set<String>] = [
        "a": ["href", "title"], "img": ["src", "alt", "title"], "code": ["class"], "ol": ["start"],
        "th": ["align"], "td": ["align"],
        "p": [], "br": [], "hr": [], "h1": [], "h2": [], "h3": [], "h4": [], "h5": [], "h6": [],
        "em": [], "strong": [], "del": [], "s": [], "b": [], "i": [], "u": [], "sub": [], "sup": [],
        "blockquote": [], "ul": [], "li": [], "pre": [], "table": [], "thead": [], "tbody": [], "tr": [],
    ]

    /// One start or end tag as written.
    struct Tag {
        var name: String
        var isEnd: Bool
        var attributes: [(name: String, value: String)]

        /// The tag starting at `start` (a `<`), and the index just past its `>`; nil if none starts there.
        static func parse(_ text: [Unicode.Scalar], from start: Int) -> (Tag, Int)? {
            var index = start + 1
            func peek() -> Unicode.Scalar? { index < text.count ? text[index] : nil }
            var isEnd = false
            if peek() == "/" {
                isEnd = true
                index += 1
            }
            var name = ""
            while let character = peek(), isASCIILetterOrDigit(character) {
                if name.isEmpty && !isASCIILetter(character) { return nil }
                name.unicodeScalars.append(character)
                index += 1
            }
            guard !name.isEmpty else { return nil }
            var attributes: [(String, String)] = []
            while true {
                while let character = peek(), isSpace(character) || character == "/" { index += 1 }
                guard let character = peek() else { return nil }
                if character == ">" {
                    return (Tag(name: name.lowercased(), isEnd: isEnd, attributes: attributes), index + 1)
                }
                if character == "<" { return nil }
                var attributeName = ""
                while let character = peek(), !isSpace(character), !"/>=<\"'".unicodeScalars.contains(character) {
                    attributeName.unicodeScalars.append(character)
                    index += 1
                }
                if attributeName.isEmpty { return nil }
                while let character = peek(), isSpace(character) { index += 1 }
                var value = ""
                if peek() == "=" {
                    index += 1
                    while let character = peek(), isSpace(character) { index += 1 }
                    if let quote = peek(), quote == "\"" || quote == "'" {
                        index += 1
                        while let character = peek(), character != quote {
                            value.unicodeScalars.append(character)
                            index += 1
                        }
                        guard peek() == quote else { return nil }
                        index += 1
                    } else {
                        while let character = peek(), !isSpace(character), character != ">", character != "<" {
                            value.unicodeScalars.append(character)
                            index += 1
                        }
                    }
                }
                attributes.append((attributeName.lowercased(), value))
            }
        }

        /// The tag rebuilt from allowed parts, or nil when the element is not allowed.
        func rebuilt() -> String? {
            guard let allowed = HTMLSanitizer.allowedElements[name] else { return nil }
            if isEnd { return "</\(name)>" }
            // Only an image inside the copy (a data URI) is shown. One from outside is never loaded,
            // whatever the reader's browser makes of the CSP: it would tell a server who opened the
            // copy, and could change after issue; one by a path the store does not hold (or one too
            // large to embed) could not load anyway. Either is shown as what it is, not dropped.
            if name == "img", let source = attributes.first(where: { $0.name == "src" })?.value,
                !source.hasPrefix("data:")
            {
                let description = attributes.first(where: { $0.name == "alt" })?.value ?? ""
                return "<span class=\"outside-image\">[image not loaded: \(HTMLSanitizer.escapeText(description))"
                    + (description.isEmpty ? "" : " ") + "&lt;\(HTMLSanitizer.escapeText(source))&gt;]</span>"
            }
            var result = "<\(name)"
            var seen: Set<String> = []
            for (attribute, value) in attributes where allowed.contains(attribute) && !seen.contains(attribute) {
                guard HTMLSanitizer.isSafe(value, attribute: attribute, element: name) else { continue }
                seen.insert(attribute)
                result += " \(attribute)=\"\(HTMLSanitizer.escapeAttribute(value))\""
            }
            return result + ">"
        }
    }

    static func isSafe(_ value: String, attribute: String, element: String) -> Bool {
        switch attribute {
        case "href", "src": isSafeURL(value, image: element == "img")
        case "class": value.hasPrefix("language-") && value.unicodeScalars.allSatisfy(isClassCharacter)
        case "start": !value.isEmpty && value.count <= 9 && value.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        case "align": ["left", "center", "right"].contains(value.lowercased())
        default: true
        }
    }

    /// Relative URLs, http(s) and mailto; for images also inline PNG, JPEG and GIF.
    ///
    /// A browser decodes character references before it reads the scheme, so `javascript&#58;`
    /// would pass as relative: numeric references and named ones ending in `;` are refused
    /// (`&amp;` aside), while a bare `&` as in `?a=1&b=2` stays.
    static func isSafeURL(_ value: String, image: Bool) -> Bool {
        guard value.unicodeScalars.allSatisfy(urlCharacters.contains) else { return false }
        var rest = value[...]
        while let ampersand = rest.firstIndex(of: "&") {
            let after = rest[rest.index(after: ampersand)...]
            if after.hasPrefix("#") { return false }
            let name = after.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
            if !name.isEmpty, after.dropFirst(name.count).hasPrefix(";"), name != "amp" { return false }
            rest = after
        }
        let lowered = value.lowercased()
        guard let colon = lowered.firstIndex(of: ":") else { return true }
        let scheme = lowered[..<colon]
        if scheme.contains(where: { "/?#".contains($0) }) { return true }
        if ["http", "https", "mailto"].contains(scheme) { return true }
        return image
            && ["data:image/png;", "data:image/jpeg;", "data:image/gif;"].contains(where: lowered.hasPrefix)
    }

    private static let urlCharacters = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%".unicodeScalars)

    /// Whether a URL points outside the copy: any scheme but an inline image, or a `//host` address.
    static func isOutside(_ value: String) -> Bool {
        let lowered = value.lowercased().trimmingCharacters(in: .whitespaces)
        if lowered.hasPrefix("//") || lowered.hasPrefix("\\\\") { return true }
        guard let colon = lowered.firstIndex(of: ":") else { return false }
        if lowered[..<colon].contains(where: { "/?#".contains($0) }) { return false }
        return !lowered.hasPrefix("data:")
    }

    static func escapeText(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func escapeAttribute(_ value: String) -> String {
        value.replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    private static func isASCIILetter(_ character: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(character) || ("A"..."Z").contains(character)
    }

    private static func isASCIILetterOrDigit(_ character: Unicode.Scalar) -> Bool {
        isASCIILetter(character) || ("0"..."9").contains(character)
    }

    private static func isSpace(_ character: Unicode.Scalar) -> Bool {
        character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\u{0C}"
    }

    private static func isClassCharacter(_ character: Unicode.Scalar) -> Bool {
        isASCIILetterOrDigit(character) || character == "-" || character == "_" || character == "+"
    }
}
