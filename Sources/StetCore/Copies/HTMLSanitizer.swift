import Foundation

/// Keeps only the HTML that Markdown formatting needs, so a document's text cannot put script,
/// event handlers, forms, frames, outside resources or links to local files into a controlled copy.
///
/// cmark-gfm passes a document's raw HTML and link targets through as written, so this is the one
/// line between them and the copy (the copy's CSP stands behind it). Each tag, the Markdown's own
/// and raw ones alike, is rebuilt from an allowlist of elements and attributes; comments (an
/// author's notes, ISO clause tags) show nothing. A link keeps its target only when it is an absolute http(s) or mailto address
/// (printed in full on paper) or an anchor in the copy itself: a relative link would resolve
/// against wherever the copy happens to be opened or printed (Chromium prints from a temporary
/// `file:` URL, so `%2e%2e/etc/passwd` became `file:///etc/passwd` in the PDF). Images show only
/// inline (a data URI). Anything else that starts with `<` is escaped and shows as text. The
/// copy's CSP is a third line.
///
/// It works on UTF-8 bytes (every character it looks for is ASCII) and reads each byte at most
/// twice: a tag that does not close is given up at the next `<`, so no input makes it quadratic.
public enum HTMLSanitizer {
    /// `html` with every tag outside the allowlist escaped and every allowed tag rebuilt.
    public static func sanitize(_ html: String) -> String {
        var work = 0
        return sanitize(html, work: &work)
    }

    /// `sanitize`, adding to `work` the bytes it read and wrote: the tests check that it grows
    /// linearly with the input, which no clock could show on a loaded machine.
    static func sanitize(_ html: String, work: inout Int) -> String {
        var input = html
        return input.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + bytes.count / 8)
            var index = 0
            // Once a comment is found unclosed, none after it closes either: each is then escaped
            // without searching again, so no input makes the search quadratic.
            var commentsClose = true
            while index < bytes.count {
                let byte = bytes[index]
                work += 1
                guard byte == UInt8(ascii: "<") else {
                    output.append(byte)
                    index += 1
                    continue
                }
                // A comment (an author's note, an ISO clause tag) shows nothing.
                if commentsClose, Self.starts(bytes, at: index, with: Self.commentOpen) {
                    if let end = Self.find(bytes, Self.commentClose, from: index + Self.commentOpen.count) {
                        work += end - index
                        index = end
                        continue
                    }
                    work += bytes.count - index
                    commentsClose = false
                }
                let (tag, end) = Tag.parse(bytes, from: index)
                work += end - index
                if let rebuilt = tag?.rebuilt() {
                    output.append(contentsOf: rebuilt.utf8)
                    index = end
                } else {
                    output.append(contentsOf: "&lt;".utf8)
                    index += 1
                }
            }
            work += output.count
            return String(decoding: output, as: UTF8.self)
        }
    }

    private static let commentOpen = Array("<!--".utf8)
    private static let commentClose = Array("-->".utf8)

    private static func starts(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, with prefix: [UInt8]) -> Bool {
        guard index + prefix.count <= bytes.count else { return false }
        return (0..<prefix.count).allSatisfy { bytes[index + $0] == prefix[$0] }
    }

    /// The index just past the first `needle` at or after `start`.
    private static func find(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if starts(bytes, at: index, with: needle) { return index + needle.count }
            index += 1
        }
        return nil
    }

    static let allowedElements: [String: Set<String>] = [
        "a": ["href", "title"], "img": ["src", "alt", "title"], "code": ["class"], "ol": ["start"],
        "th": ["align"], "td": ["align"],
        "p": [], "br": [], "hr": [], "h1": [], "h2": [], "h3": [], "h4": [], "h5": [], "h6": [],
        "em": [], "strong": [], "del": [], "s": [], "b": [], "i": [], "u": [], "sub": [], "sup": [], "kbd": [],
        "blockquote": [], "ul": [], "li": [], "pre": [], "table": [], "thead": [], "tbody": [], "tr": [],
    ]

    /// One start or end tag as written.
    struct Tag {
        var name: String
        var isEnd: Bool
        var attributes: [(name: String, value: String)]

        /// The tag starting at `start` (a `<`) and the index just past its `>`; when none starts
        /// there, nil and the index where reading stopped. It never reads past the next `<`,
        /// quoted values included.
        static func parse(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> (tag: Tag?, end: Int) {
            var index = start + 1
            func peek() -> UInt8? { index < text.count ? text[index] : nil }
            func string(_ from: Int, _ to: Int) -> String {
                String(decoding: UnsafeBufferPointer(rebasing: text[from..<to]), as: UTF8.self)
            }
            var isEnd = false
            if peek() == UInt8(ascii: "/") {
                isEnd = true
                index += 1
            }
            let nameStart = index
            guard let first = peek(), isASCIILetter(first) else { return (nil, index) }
            while let byte = peek(), isASCIILetter(byte) || isDigit(byte) { index += 1 }
            let name = string(nameStart, index).lowercased()
            var attributes: [(String, String)] = []
            while true {
                while let byte = peek(), isSpace(byte) || byte == UInt8(ascii: "/") { index += 1 }
                guard let byte = peek() else { return (nil, index) }
                if byte == UInt8(ascii: ">") {
                    return (Tag(name: name, isEnd: isEnd, attributes: attributes), index + 1)
                }
                if byte == UInt8(ascii: "<") { return (nil, index) }
                let attributeStart = index
                while let byte = peek(), !isSpace(byte), !"/>=<\"'".utf8.contains(byte) { index += 1 }
                if index == attributeStart { return (nil, index) }
                let attributeName = string(attributeStart, index).lowercased()
                while let byte = peek(), isSpace(byte) { index += 1 }
                var value = ""
                if peek() == UInt8(ascii: "=") {
                    index += 1
                    while let byte = peek(), isSpace(byte) { index += 1 }
                    if let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                        index += 1
                        let valueStart = index
                        while let byte = peek(), byte != quote, byte != UInt8(ascii: "<") { index += 1 }
                        guard peek() == quote else { return (nil, index) }
                        value = string(valueStart, index)
                        index += 1
                    } else {
                        let valueStart = index
                        while let byte = peek(), !isSpace(byte), byte != UInt8(ascii: ">"), byte != UInt8(ascii: "<") {
                            index += 1
                        }
                        value = string(valueStart, index)
                    }
                }
                attributes.append((attributeName, value))
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
            if name == "img",
                let source = attributes.first(where: { $0.name == "src" && !$0.value.hasPrefix("data:") })?.value
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
                // The scheme as the print style and the reader expect it: `HTTPS://x` would link
                // without its address printed beside it.
                let written = attribute == "href" ? HTMLSanitizer.lowercasingScheme(value) : value
                result += " \(attribute)=\"\(HTMLSanitizer.escapeAttribute(written))\""
            }
            return result + ">"
        }
    }

    static func isSafe(_ value: String, attribute: String, element: String) -> Bool {
        switch attribute {
        case "href": isLinkTarget(value)
        case "src": isSafeURL(value, image: element == "img")
        case "class": value.hasPrefix("language-") && value.unicodeScalars.allSatisfy(isClassCharacter)
        case "start": !value.isEmpty && value.count <= 9 && value.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        case "align": ["left", "center", "right"].contains(value.lowercased())
        default: true
        }
    }

    /// Where a link in a copy may point: an absolute http(s) address with a host, a mailto
    /// address, or an anchor in the copy (`#section`). A link to anything else loses its target
    /// and keeps its text.
    static func isLinkTarget(_ value: String) -> Bool {
        guard isSafeURL(value, image: false) else { return false }
        let lowered = value.lowercased()
        if lowered.hasPrefix("#") { return lowered.count > 1 && !lowered.dropFirst().contains("#") }
        if lowered.hasPrefix("mailto:") { return lowered.count > "mailto:".count }
        for scheme in ["http://", "https://"] where lowered.hasPrefix(scheme) {
            guard let host = lowered.dropFirst(scheme.count).first else { return false }
            return host.isLetter || host.isNumber || host == "["
        }
        return false
    }

    /// `value` with the scheme before its first `:` (if any) in lower case.
    static func lowercasingScheme(_ value: String) -> String {
        guard let colon = value.firstIndex(of: ":"), !value[..<colon].contains(where: { "/?#".contains($0) }) else {
            return value
        }
        return value[..<colon].lowercased() + value[colon...]
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

    static func escapeText(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func escapeAttribute(_ value: String) -> String {
        value.replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func isClassCharacter(_ character: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(character) || ("A"..."Z").contains(character) || ("0"..."9").contains(character)
            || character == "-" || character == "_" || character == "+"
    }
}
