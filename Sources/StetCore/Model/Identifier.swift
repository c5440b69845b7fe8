/// Validation of the names that become paths in the store: document ids, user ids, type names.
///
/// Each is checked before it is used to build a tree path, so no input can reach outside its folder.
public enum Identifier {
    /// A document id: 1-64 ASCII letters, digits, `.`, `_`, `-`, starting with a letter or digit.
    public static func document(_ text: String) throws(StetError) -> String {
        guard isSafe(text, maximumLength: 64, allowed: { $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw .invalidDocumentID(text)
        }
        return text
    }

    /// A user id: 1-32 lowercase ASCII letters, digits, `.`, `_`, `-`, starting with a letter or digit.
    public static func user(_ text: String) throws(StetError) -> String {
        guard
            isSafe(
                text, maximumLength: 32,
                allowed: { ($0.isLowercase && $0.isLetter) || $0.isNumber || "._-".contains($0) })
        else {
            throw .invalidUserID(text)
        }
        return text
    }

    /// A document type name: 1-32 lowercase ASCII letters, digits and `-`.
    public static func type(_ text: String) throws(StetError) -> String {
        guard isSafe(text, maximumLength: 32, allowed: { ($0.isLowercase && $0.isLetter) || $0.isNumber || $0 == "-" })
        else {
            throw .invalidTypeName(text)
        }
        return text
    }

    /// A relative path for a file stored beside a document: safe segments joined by `/`, at most 8 deep.
    @discardableResult
    public static func attachmentPath(_ text: String) throws(StetError) -> String {
        let segments = text.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.isEmpty, segments.count <= 8, text.utf8.count <= 255,
            segments.allSatisfy({ segment in
                !segment.isEmpty && segment != "." && segment != ".." && segment.first != " " && segment.last != " "
                    && segment.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._- ".contains($0)) }
            })
        else {
            throw .invalidText(
                field: "attachment path", problem: "'\(Text.printable(text))' is not a plain relative path")
        }
        return text
    }

    private static func isSafe(_ text: String, maximumLength: Int, allowed: (Character) -> Bool) -> Bool {
        guard let first = text.first, text.count <= maximumLength, first.isLetter || first.isNumber,
            text.allSatisfy({ $0.isASCII && allowed($0) }), !text.contains("..")
        else { return false }
        return true
    }
}
