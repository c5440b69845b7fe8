/// Text placed in the HTML Stet writes (controlled copies, inspection packs), escaped so that no
/// title, name or reason can add markup or end a string.
public enum HTMLText {
    /// `text` as HTML character data or an attribute value.
    public static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    /// `text` as a quoted CSS string: quotes, backslashes, line breaks and `<` escaped, so a title
    /// can neither end the string nor the style element.
    static func cssString(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\", "<", ">", "&": escaped += "\\\(String(scalar.value, radix: 16)) "
            case _ where scalar.value < 0x20 || scalar.value == 0x7f: escaped += " "
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"" + escaped + "\""
    }
}
