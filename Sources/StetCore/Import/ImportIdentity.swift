import Foundation
import StetGit

/// Which document a file is: its id, its parents, its title, by the rule the README states.
extension FolderImport {
    /// The document's own id, the documents its front matter names as its parents (by key), and
    /// notes on how the id was chosen. The rule, which the README states:
    /// - a file-name pattern the controller gives decides over everything;
    /// - an id the file name and the front matter agree on is the id;
    /// - else the front matter's own id (a template's or form's id, else `id`, `document_id`, …)
    ///   decides over the file name's, and the import says they differ;
    /// - else the file name's id;
    /// - else a parent key (`sop_id`) names the document itself, else a document-control table.
    /// A parent key that does not name the document is a link to its parent.
    /// With `numbering`, a document with no id of its own gets the empty id (the plan numbers
    /// it), and a parent key names the document itself only where `parentNamesItself`.
    static func identity(
        fields: [String: String], fromName: String?, patternGiven: Bool, body: String,
        parentNamesItself: Bool = true, numbering: Bool = false
    ) throws(ImportFailure) -> (id: String, parents: [String: String], notes: [String]) {
        func spelled(_ raw: String) -> String {
            NumberingScheme.match(raw).flatMap { $0.rest.isEmpty ? $0.id : nil } ?? raw
        }
        func values(_ keys: [String]) -> [(key: String, id: String)] {
            keys.compactMap { key in
                guard let value = fields[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
                return (key, spelled(value))
            }
        }
        let own = values(NumberingScheme.identifierKeys)
        let parentFields = values(NumberingScheme.parentKeys)
        let name = fromName.map(spelled)
        var notes: [String] = []
        let chosen: String
        if patternGiven, let name {
            chosen = name
        } else if let name, (own + parentFields).contains(where: { $0.id.uppercased() == name.uppercased() }) {
            chosen = name
        } else if let first = own.first {
            chosen = first.id
            if let name {
                notes.append(
                    "its file name says \(name), its front matter's \(first.key) \(first.id): \(first.id) is used "
                        + "(a file-name pattern given to the import reads the file name instead)")
            }
        } else if let name {
            chosen = name
        } else if let first = parentFields.first, parentNamesItself {
            chosen = first.id
        } else if let table = NumberingScheme.tableIdentifier(in: body).flatMap({ NumberingScheme.match($0)?.id }) {
            chosen = table
        } else if numbering {
            var parents: [String: String] = [:]
            for field in parentFields where (try? Identifier.document(field.id)) != nil {
                parents[field.key] = field.id
            }
            return ("", parents, notes)
        } else {
            throw .noIdentifier
        }
        let id: String
        do { id = try Identifier.document(chosen) } catch { throw .refused(error) }
        var parents: [String: String] = [:]
        for field in parentFields where field.id.uppercased() != id.uppercased() {
            guard (try? Identifier.document(field.id)) != nil else { continue }
            parents[field.key] = field.id
        }
        return (id, parents, notes)
    }

    /// The type whose prefix numbers `id`: the one whose prefix is all of it but the number,
    /// else the longest prefix it starts with.
    static func type(numbering id: String, in configuration: StoreConfiguration) -> String? {
        let upper = id.uppercased()
        let exact = configuration.types.first {
            upper.dropFirst($0.value.prefix.count).allSatisfy(\.isNumber)
                && upper.hasPrefix($0.value.prefix.uppercased()) && !$0.value.prefix.isEmpty
        }
        if let exact { return exact.key }
        return configuration.types.filter { !$0.value.prefix.isEmpty && upper.hasPrefix($0.value.prefix.uppercased()) }
            .max { $0.value.prefix.count < $1.value.prefix.count }?.key
    }

    /// A file name's words: `Document-and-Record_Control` → `Document and Record Control`.
    static func words(_ name: String) -> String {
        let words = name.split(whereSeparator: { "-_ ".contains($0) }).map(String.init)
        // A name all in small letters (`sop-document-record-control`) reads as a title once
        // its words are capitalised, and `sop` is written as people write it.
        guard words.allSatisfy({ $0 == $0.lowercased() }) else { return words.joined(separator: " ") }
        return words.enumerated().map { index, word in
            if ["sop", "capa", "qms", "it", "mdr", "ivdr"].contains(word) { return word.uppercased() }
            if index > 0, ["a", "an", "and", "of", "on", "or", "the", "to", "for", "in", "with"].contains(word) {
                return word
            }
            return word.prefix(1).uppercased() + word.dropFirst()
        }.joined(separator: " ")
    }

    /// The text of the first top-level heading, unless it numbers a section (`# 1. General`),
    /// with Markdown's backslash escapes read as the characters they stand for
    /// (`\\<Software Title\\>` is `<Software Title>`).
    static func firstHeading(_ text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("# ") }.flatMap { line in
            line.dropFirst(2).trimmingCharacters(in: .whitespaces).firstMatch(of: /^[0-9]+(\.[0-9]+)*\.?\s/) == nil
                ? line : nil
        }.map {
            $0.dropFirst(2).trimmingCharacters(in: .whitespaces).replacingOccurrences(
                of: #"\\([!-/:-@\[-`{-~])"#, with: "$1", options: .regularExpression)
        }
    }
}
