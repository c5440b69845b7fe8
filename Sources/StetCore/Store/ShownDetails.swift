/// What a document's details say about it: who and what it is, what it belongs to and
/// what belongs to it, and the clauses of standards the text shown is tagged with.
public struct ShownDetails: Encodable, Sendable {
    public var id, title, type, typeTitle, owner: String
    public var department: String?
    /// The version shown (nil for the working revision), and the revision.
    public var version, revision: Int?
    public var effective: Day?
    /// "Form of" or "Part of", for the documents it is part of.
    public var partOfLabel: String
    public var partOf: [Linked]
    /// The documents recorded as part of this one (its forms).
    public var parts: [Linked]
    /// The clause tags of the text shown (`13485:7.5.9`).
    public var clauses: [String]

    public struct Linked: Encodable, Sendable, Equatable {
        public var id, title: String
    }
}

extension Snapshot {
    /// The details of `id`, with the clause tags of the text `selection` names; asked for the
    /// version in force of a document with none, those of its latest version, else its draft.
    public func details(of id: DocumentID, _ selection: Selection) throws(StetError) -> ShownDetails {
        let document = try document(id)
        var selection = selection
        if case .inForce(nil) = selection, document.effectiveVersion(on: today) == nil {
            selection = document.versions.last.map { .version($0.version) } ?? .draft
        }
        let shown = try content(of: id, selection)
        let configuration = try configuration()
        let typeTitle = configuration.settings(for: document.type).title
        let parts = try registerDocuments().filter { $0.partOf?.contains(document.id) == true }
            .map { ShownDetails.Linked(id: $0.id, title: $0.title) }.sorted { $0.id < $1.id }
        return ShownDetails(
            id: document.id, title: document.title, type: document.type, typeTitle: typeTitle, owner: document.owner,
            department: document.department, version: shown.version, revision: shown.revision,
            effective: shown.effective, partOfLabel: Document.partOfLabel(type: document.type, typeTitle: typeTitle),
            partOf: try titles(of: document.partOf ?? []).map { ShownDetails.Linked(id: $0.id, title: $0.title) },
            parts: parts, clauses: ClauseTags.read(shown.bytes))
    }

    /// The documents whose text in force on `day` (as the register reads it: a past day until a
    /// retirement that day; with none in force, their latest version or draft) is tagged with a
    /// clause under `query` (`13485:7.5`), by id.
    public func documents(taggedWith query: String, on day: Day) throws(StetError) -> Set<String> {
        var tagged: Set<String> = []
        for document in try registerDocuments() {
            let bytes: [UInt8]
            let inForce = day < today ? document.versionInForce(during: day) : document.effectiveVersion(on: day)
            if let version = inForce ?? document.versions.last {
                bytes = try versionContent(of: document.documentID, version: version.version)
            } else if document.working != nil {
                bytes = try draftContent(of: document.documentID)
            } else {
                continue
            }
            if ClauseTags.read(bytes).contains(where: { ClauseTags.tag($0, fallsUnder: query) }) {
                tagged.insert(document.id)
            }
        }
        return tagged
    }
}
