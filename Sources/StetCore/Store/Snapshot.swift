import StetGit

/// One state of the store: the head resolved once, and every read made from its tree.
///
/// A command takes one snapshot (`Store.snapshot`) and reads everything from it, so what it
/// prints or renders is one state, even while another writer moves the branch.
public struct Snapshot {
    let repository: Repository
    /// The commit this state is the tree of.
    public let head: ObjectID
    let state: TreeState
    /// Today by the store's clock when the snapshot was taken: what "in force" is judged on.
    public let today: Day
    /// The register's rows by shard tree id, in the user's key folder; nil keeps none.
    var registerCache: RegisterCache? = nil

    public func configuration() throws(StetError) -> StoreConfiguration { try state.configuration() }

    public func users() throws(StetError) -> [User] { try state.users() }

    public func user(_ id: UserID) throws(StetError) -> User? { try state.user(id.text) }

    /// One document's metadata, or an error naming the unknown id.
    public func document(_ id: DocumentID) throws(StetError) -> Document {
        let id = id.text
        guard let document = try state.document(id) else { throw state.noSuchDocument(id) }
        return document
    }

    /// Every document's metadata, in id order.
    public func documents() throws(StetError) -> [Document] {
        var documents: [Document] = []
        for id in try state.documentIDs() {
            if let document = try state.document(id) { documents.append(document) }
        }
        return documents
    }

    /// The version of `id` in force on `day` and its exact bytes; an error when none is.
    ///
    /// This is what staff are served: never a draft, a version not yet effective, or a retired one.
    public func effectiveContent(
        of id: DocumentID, on day: Day? = nil
    ) throws(StetError) -> (Document.IssuedVersion, [UInt8]) {
        let id = id.text
        guard let document = try state.document(id) else { throw state.noSuchDocument(id) }
        // A past day asks what was in force during it, until a retirement that day.
        let day = day ?? today
        let version = day < today ? document.versionInForce(during: day) : document.effectiveVersion(on: day)
        guard let version else { throw .noEffectiveVersion(id) }
        return (version, try versionBytes(id, version.version, in: state))
    }

    /// The exact bytes of an issued version.
    public func versionContent(of id: DocumentID, version: Int) throws(StetError) -> [UInt8] {
        let id = id.text
        guard let document = try state.document(id) else { throw state.noSuchDocument(id) }
        guard document.versions.contains(where: { $0.version == version }) else {
            throw .noSuchVersion(document: id, version: version)
        }
        return try versionBytes(id, version, in: state)
    }

    /// The working revision's Markdown.
    public func draftContent(of id: DocumentID) throws(StetError) -> [UInt8] {
        let id = id.text
        guard try state.document(id) != nil else { throw state.noSuchDocument(id) }
        guard let bytes = try state.file(Layout.draft(id)) else { throw .noDraft(id) }
        return bytes
    }

    private func versionBytes(_ id: String, _ version: Int, in state: TreeState) throws(StetError) -> [UInt8] {
        guard let bytes = try state.file(Layout.version(id, version)) else {
            throw .storeCorrupt("\(Layout.version(id, version)) is missing")
        }
        return bytes
    }

    /// One document's events, newest first, found through its back-links (never a scan): an
    /// event of format 2 names the one before it; before that, its tree's event index does.
    public func history(of documentID: DocumentID) throws(StetError) -> [RecordedEvent] {
        let id = documentID.text
        do {
            let headCommit = try repository.commit(head)
            var next: ObjectID?
            if Event(message: headCommit.message)?.document == id {
                next = head
            } else {
                next = try EventIndex.latest(id, in: TreeState(tree: try repository.tree(headCommit.treeID)))
            }
            if next == nil, try repository.tree(headCommit.treeID).entryID(at: Layout.document(id)) == nil {
                throw state.noSuchDocument(id)
            }
            var events: [RecordedEvent] = []
            while let commitID = next {
                let commit = try repository.commit(commitID)
                guard let event = Event(message: commit.message), event.document == id else {
                    throw StetError.storeCorrupt(
                        "the history link to \(commitID.short) for \(id) does not lead to one of its events")
                }
                events.append(
                    RecordedEvent(commit: commitID, event: event, time: Timestamp(seconds: commit.committer.time)))
                if event.namesPreviousEvent {
                    // `Event(message:)` has checked that it is a commit id.
                    next = event.previousEvent.flatMap(ObjectID.init(hex:))
                } else {
                    next = try EventIndex.latest(id, in: TreeState(tree: try repository.tree(commit.treeID)))
                }
            }
            return events
        } catch {
            throw StetError(from: error)
        }
    }

    /// The commit that issued `version` of `id`, found through the document's back-links.
    public func issueCommit(of id: DocumentID, version: Int) throws(StetError) -> ObjectID {
        guard
            let event = try history(of: id).first(where: {
                ($0.event.kind == .issue || $0.event.kind == .importDocument) && $0.event.version == version
            })
        else { throw .noSuchVersion(document: id.text, version: version) }
        return event.commit
    }

    /// The state at `commit`, which this history's own events name (an issue event found by
    /// walking back from the head): no walk to check that it is in the history.
    func atEvent(_ commit: ObjectID, today: Day? = nil) throws(StetError) -> Snapshot {
        do {
            return Snapshot(
                repository: repository, head: commit,
                state: TreeState(tree: try repository.tree(try repository.commit(commit).treeID)),
                today: today ?? self.today)
        } catch {
            throw StetError(from: error)
        }
    }

    /// The state at `commit`, an earlier head of this history (or this one), as it stood on
    /// `today`; nil when `commit` is not in the history.
    func earlier(_ commit: ObjectID, today: Day) throws(StetError) -> Snapshot? {
        do {
            guard try commit == head || repository.isAncestor(commit, of: head) else { return nil }
        } catch {
            throw StetError(from: error)
        }
        return try atEvent(commit, today: today)
    }

    /// The files stored with a document (images, forms it links to), by their path in its text.
    public func attachments(of id: DocumentID) throws(StetError) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for path in (try document(id).attachments ?? [:]).keys.sorted() {
            guard let bytes = try state.file(Layout.attachment(id.text, path)) else {
                throw .storeCorrupt("\(Layout.attachment(id.text, path)) is missing")
            }
            files[path] = bytes
        }
        return files
    }

    /// The files stored with a document when `version` was issued: what its copies show. A path
    /// stored later (for a later draft) is not part of the version, even where its text links it.
    public func attachments(of id: DocumentID, version: Int) throws(StetError) -> [String: [UInt8]] {
        try atEvent(try issueCommit(of: id, version: version)).attachments(of: id)
    }

    /// The register of numbered copies: of one document, or of every document; by document and number.
    public func copies(of id: DocumentID? = nil) throws(StetError) -> [CopyRecord] {
        let ids: [String]
        if let id { ids = [id.text] } else { ids = try state.documentIDs() }
        var records: [CopyRecord] = []
        for document in ids {
            let numbers = try state.names(in: Layout.copies(document)).compactMap { name in
                name.hasSuffix(".json") ? Int(name.dropLast(5)) : nil
            }
            for number in numbers.sorted() {
                if let record = try state.decoded(CopyRecord.self, at: Layout.copy(document, number: number)) {
                    records.append(record)
                }
            }
        }
        return records
    }

    /// Copies still out of versions other than `version` of `id`: the ones to recall once it is in force.
    public func copiesToRecall(of id: DocumentID, keeping version: Int) throws(StetError) -> [CopyRecord] {
        try copies(of: id).filter { $0.isOutstanding && $0.version != version }
    }

    /// When the head of this state was committed, in seconds since 1970.
    func commitTime() throws(StetError) -> Int64 {
        do { return try repository.commit(head).committer.time } catch { throw StetError(from: error) }
    }

    /// Issued version `version` of `id`, or without one, the version in force on `day` (default: today).
    public func issuedVersion(
        of id: DocumentID, _ version: Int?, on day: Day? = nil
    ) throws(StetError)
        -> Document.IssuedVersion
    {
        let document = try document(id)
        if let version {
            guard let found = document.versions.first(where: { $0.version == version }) else {
                throw .noSuchVersion(document: document.id, version: version)
            }
            return found
        }
        guard let found = document.effectiveVersion(on: day ?? today) else { throw .noEffectiveVersion(document.id) }
        return found
    }

    /// Which text of a document to show.
    public enum Selection: Sendable {
        /// The version in force on a day (nil: today).
        case inForce(on: Day?)
        case version(Int)
        /// The working revision.
        case draft
    }

    /// A document's text with what it is: which version or revision, in force since when.
    public struct ShownContent: Encodable, Sendable {
        public var id, title, type: String
        public var version, revision: Int?
        public var effective: Day?
        public var contentHash: String
        /// For the version in force on a past day: the retirement that ended it that day.
        public var inForceUntil: Timestamp?
        public var content: String { String(decoding: bytes, as: UTF8.self) }
        public var bytes: [UInt8]

        enum CodingKeys: String, CodingKey {
            case id, title, type, version, revision, effective, inForceUntil, contentHash, content
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(type, forKey: .type)
            try container.encodeIfPresent(version, forKey: .version)
            try container.encodeIfPresent(revision, forKey: .revision)
            try container.encodeIfPresent(effective, forKey: .effective)
            try container.encodeIfPresent(inForceUntil, forKey: .inForceUntil)
            try container.encode(contentHash, forKey: .contentHash)
            try container.encode(content, forKey: .content)
        }
    }

    /// The text of `id` that `selection` names, with what it is; asked for the version in force
    /// on a past day when none was, an error saying so.
    public func content(of id: DocumentID, _ selection: Selection) throws(StetError) -> ShownContent {
        let document = try document(id)
        let bytes: [UInt8]
        var shown: Document.IssuedVersion?
        switch selection {
        case .draft:
            bytes = try draftContent(of: document.documentID)
        case .version(let version):
            bytes = try versionContent(of: document.documentID, version: version)
            shown = document.versions.first { $0.version == version }
        case .inForce(let day):
            do { (shown, bytes) = try effectiveContent(of: document.documentID, on: day) } catch .noEffectiveVersion(
                let id)
            {
                guard let day else { throw .noEffectiveVersion(id) }
                throw .nothingInForce(document: id, day: day.description)
            }
        }
        var content = ShownContent(
            id: document.id, title: document.title, type: document.type, version: shown?.version,
            revision: shown?.revision ?? document.working?.number, effective: shown?.effective,
            contentHash: shown?.contentHash ?? document.working?.contentHash ?? "", bytes: bytes)
        if case .inForce(let day?) = selection, let retirement = document.retirement, retirement.at.day == day {
            content.inForceUntil = retirement.at
        }
        return content
    }

    /// Documents by id with their titles, for showing what a document is part of.
    public func titles(of ids: [String]) throws(StetError) -> [(id: String, title: String)] {
        try ids.map { id throws(StetError) in (id, try state.document(id)?.title ?? "") }
    }

    /// Printed names by user id, for showing who signed.
    public func printedNames() throws(StetError) -> [String: String] {
        Dictionary(try users().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// The store's signers as an OpenSSH allowed-signers file, for `git verify-commit` and `ssh-keygen -Y verify`.
    public func allowedSigners() throws(StetError) -> String {
        AllowedSigners.text(for: try users())
    }
}
