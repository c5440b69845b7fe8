/// Why an import left a file out. Each says what to do about it; the command line adds the
/// option that does it.
public enum ImportSkip: Sendable, Equatable {
    /// Symbolic links are never followed: one could bring a file from anywhere into the store.
    case symbolicLink(outside: Bool)
    /// Neither a document Stet reads nor a file a document links to.
    case notDocument
    /// In a folder of records (filled-in forms, logs), which are not controlled documents.
    case record(folder: String)
    /// No id in its front matter, file name or document-control table.
    case noIdentifier
    /// To be numbered, but neither its name nor its front matter says what kind of document it is.
    case noKind
    /// Its id is taken by another file of the same import.
    case duplicate(id: String, takenBy: String)
    /// A document with its id is in the store already (a second run of the same import).
    case alreadyInStore(id: String)
    /// No type has its id's prefix; `proposed` is the type the import would create.
    case unknownPrefix(id: String, prefix: String, proposed: String)
    /// A file to number whose name says a kind of document no type is for; `proposed` is the
    /// type the import would create.
    case noTypeForKind(kind: String, proposed: String)
    /// A Word or OpenDocument file, and no converter is installed.
    case needsConverter(kind: String)
    /// The file could not be read or converted, or the rules refused the document.
    case refused(StetError)

    /// The reason in words, without the command-line advice.
    public var description: String {
        switch self {
        case .symbolicLink(let outside):
            return "a symbolic link" + (outside ? " to a place outside the imported folder" : "")
                + ": Stet does not follow links in an imported folder; copy the real file in"
        case .notDocument: return "not a Markdown document, and no document links to it"
        case .record(let folder):
            return "a record (in \(folder)/), not a controlled document"
        case .noIdentifier:
            return
                "no document id in its front matter (id:), file name (such as SOP-0042 Title.md) or document-control table; give it one"
        case .noKind:
            return
                "no document id, and its name says no kind of document (sop, form, plan, report, …) to number it as; "
                + "give it a 'type:' in its front matter"
        case .duplicate(let id, let takenBy): return "duplicate id \(id) (already taken by \(takenBy))"
        case .alreadyInStore(let id): return "\(id) is already in the store"
        case .unknownPrefix(let id, let prefix, let proposed):
            return "no document type numbers \(id) (prefix \(prefix)); the proposed type is \(proposed)"
        case .noTypeForKind(let kind, let proposed):
            return "no document type numbers a \(kind), which its name says it is; the proposed type is \(proposed)"
        case .needsConverter(let kind):
            return "a \(kind) file, and pandoc (which converts it to Markdown) is not installed"
        case .refused(let error): return error.errorDescription ?? "\(error)"
        }
    }

    /// The group the import summary counts it in.
    public var category: String {
        switch self {
        case .symbolicLink: return "symbolic link"
        case .notDocument: return "not a document"
        case .record: return "record"
        case .noIdentifier: return "no document id"
        case .noKind: return "no id or kind"
        case .duplicate: return "duplicate id"
        case .alreadyInStore: return "already in the store"
        case .unknownPrefix: return "no type for its prefix"
        case .noTypeForKind: return "no type for its kind"
        case .needsConverter: return "needs pandoc"
        case .refused: return "unreadable or refused"
        }
    }
}
