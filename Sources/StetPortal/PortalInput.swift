import StetCore

/// What a request's path and query may hold, checked before anything is read: a document id,
/// a version number, a day, a few words, a choice from a list. Anything else is refused with
/// a 400 naming the parameter, never passed on.
enum PortalInput {
    /// Longest query value accepted: a search of a few words, a title filter.
    static let longestValue = 200

    static func documentID(_ text: String) throws(PortalRefusal) -> DocumentID {
        guard text.utf8.count <= 64 else { throw .badRequest("a document id is at most 64 characters") }
        do { return try DocumentID(text) } catch { throw PortalRefusal(error) }
    }

    /// A version number: 1, 2, 3… written plainly.
    static func version(_ text: String) throws(PortalRefusal) -> Int {
        guard !text.isEmpty, text.utf8.count <= 6, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            text.utf8.first != UInt8(ascii: "0"), let number = Int(text), number >= 1
        else { throw .badRequest("\"\(text.prefix(20))\" is not a version number: use 1, 2, 3…") }
        return number
    }

    /// A day written YYYY-MM-DD.
    static func day(_ text: String, parameter: String) throws(PortalRefusal) -> Day {
        guard text.utf8.count == 10, let day = Day(text) else {
            throw .badRequest("\(parameter) must be a date written YYYY-MM-DD, such as 2026-03-01")
        }
        return day
    }

    /// A free-text value (search words, an owner), bounded and without control characters.
    static func text(_ text: String, parameter: String) throws(PortalRefusal) -> String {
        guard text.utf8.count <= longestValue else {
            throw .badRequest("\(parameter) is at most \(longestValue) characters")
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .badRequest("\(parameter) holds control characters")
        }
        return text
    }

    /// One of `choices`, by its name.
    static func choice<Choice>(
        _ text: String, parameter: String, from choices: [(name: String, value: Choice)]
    ) throws(PortalRefusal) -> Choice {
        guard let found = choices.first(where: { $0.name == text }) else {
            throw .badRequest("\(parameter) must be one of: " + choices.map(\.name).joined(separator: ", "))
        }
        return found.value
    }
}
