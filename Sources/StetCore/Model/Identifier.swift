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

/// A document id (`SOP-0001`), checked once where it enters Stet; after that it is safe to
/// build a store path from.
public struct DocumentID: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let text: String

    public init(_ text: String) throws(StetError) {
        self.text = try Identifier.document(text)
    }

    /// For ids written in code: one that is not valid is a programming error.
    public init(stringLiteral text: String) {
        guard let valid = try? Identifier.document(text) else { preconditionFailure("invalid document id \(text)") }
        self.text = valid
    }

    /// An id read from a store whose events all passed the rules, which checked it then.
    init(recorded text: String) { self.text = text }

    public var description: String { text }

    public static func < (lhs: DocumentID, rhs: DocumentID) -> Bool { lhs.text < rhs.text }
}

extension Event {
    /// The document the event concerns, as checked when it was recorded.
    public var documentID: DocumentID? { document.map(DocumentID.init(recorded:)) }
}

extension Document {
    /// The document's id, as checked when it was created.
    public var documentID: DocumentID { DocumentID(recorded: id) }
}

/// A user id (`alice`), checked once where it enters Stet.
public struct UserID: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let text: String

    public init(_ text: String) throws(StetError) {
        self.text = try Identifier.user(text)
    }

    /// For ids written in code: one that is not valid is a programming error.
    public init(stringLiteral text: String) {
        guard let valid = try? Identifier.user(text) else { preconditionFailure("invalid user id \(text)") }
        self.text = valid
    }

    /// An id read from a store whose events all passed the rules, which checked it then.
    init(recorded text: String) { self.text = text }

    /// Each of `texts` as a user id; the first that is not one is refused.
    public static func list(_ texts: [String]) throws(StetError) -> [UserID] {
        var ids: [UserID] = []
        for text in texts { ids.append(try UserID(text)) }
        return ids
    }

    public var description: String { text }

    public static func < (lhs: UserID, rhs: UserID) -> Bool { lhs.text < rhs.text }
}
