/// The rules of document control: turns an action on one state of the store into the event
/// and file changes it records, or refuses it.
///
/// This file holds the dispatch and what every rule shares; the rules themselves are grouped by
/// concern: `Authority` (who may act), `RevisionWorkflow` (create to retire), `Upkeep` (periodic
/// review, distribution, acknowledgement), `DocumentImport`, and `Administration` (users, types).
///
/// Both recording (`Store.record`) and verification (`Verifier`) run these rules, so a history
/// verifies only if every event in it is one Stet would have recorded.
enum Lifecycle {
    static func apply(_ action: Action, to state: some StateReader, context: EventContext) throws(StetError) -> Outcome
    {
        var rules = Rules(state: state, context: context)
        var event: Event
        switch action {
        case .initialize(let controller, let configuration):
            event = try rules.initialize(controller: controller, configuration: configuration)
        case .addUser(let user):
            event = try rules.addUser(user)
        case .revokeUser(let id, let reason):
            event = try rules.revokeUser(id: id, reason: reason)
        case .confirmUser(let id, let key, let roles):
            event = try rules.confirmUser(id: id, key: key, roles: roles)
        case .requireEnrolmentConfirmation:
            event = try rules.requireEnrolmentConfirmation()
        case .setType(let name, let settings):
            event = try rules.setType(name: name, settings: settings)
        case .changeType(let name, let changes):
            event = try rules.changeType(name: name, changes: changes)
        case .create(let type, let title, let content, let reason, let attachments):
            event = try rules.create(
                type: type, title: title, content: content, reason: reason, attachments: attachments)
        case .edit(let id, let content, let reason, let attachments):
            event = try rules.edit(id: id, content: content, reason: reason, attachments: attachments)
        case .submit(let id, let reviewers, let approvers):
            event = try rules.submit(id: id, reviewers: reviewers, approvers: approvers)
        case .review(let id, let accept, let comment):
            event = try rules.review(id: id, accept: accept, comment: comment)
        case .approve(let id, let comment):
            event = try rules.approve(id: id, comment: comment)
        case .reject(let id, let reason):
            event = try rules.reject(id: id, reason: reason)
        case .issue(let id, let effective):
            event = try rules.issue(id: id, effective: effective)
        case .retire(let id, let reason):
            event = try rules.retire(id: id, reason: reason)
        case .reaffirm(let id, let comment):
            event = try rules.reaffirm(id: id, comment: comment)
        case .distribute(let id, let users, let roles):
            event = try rules.distribute(id: id, users: users, roles: roles)
        case .acknowledge(let id, let version):
            event = try rules.acknowledge(id: id, version: version)
        case .updateDocument(let id, let title, let owner, let department, let partOf, let reason):
            event = try rules.updateDocument(
                id: id, title: title, owner: owner, department: department, partOf: partOf, reason: reason)
        case .reassign(let id, let reviewers, let approvers, let reason):
            event = try rules.reassign(id: id, reviewers: reviewers, approvers: approvers, reason: reason)
        case .withdraw(let id, let reason):
            event = try rules.withdraw(id: id, reason: reason)
        case .rekeyUser(let id, let key, let reason):
            event = try rules.rekeyUser(id: id, key: key, reason: reason)
        case .setRoles(let id, let roles, let reason):
            event = try rules.setRoles(id: id, roles: roles, reason: reason)
        case .importDocument(let document):
            event = try rules.importDocument(document)
        case .issueCopy(let id, let version, let number, let holder, let file):
            event = try rules.issueCopy(id: id, version: version, number: number, holder: holder, file: file)
        case .recallCopy(let id, let number, let reason):
            event = try rules.recallCopy(id: id, number: number, reason: reason)
        case .destroyCopy(let id, let number):
            event = try rules.destroyCopy(id: id, number: number)
        case .configureStore(let organisation, let timeZone):
            event = try rules.configureStore(organisation: organisation, timeZone: timeZone)
        }
        try Self.writeFormatTrailers(of: &event, action: action, state: state, context: context)
        // Every commit records which commit last touched its parent's document, so the newest
        // event on any document is found in one read (see `EventIndex`).
        if let entry = EventIndex.entry(after: context.parent) { rules.writes.append(entry) }
        // Only the events that manage people write their records; an audit of a verified history
        // reads a signer's record again only after one of those (see `Store.auditTrail`).
        if !event.kind.managesUsers, rules.writes.contains(where: { $0.path.hasPrefix(Layout.usersFolder + "/") }) {
            throw .system("a \(event.kind.rawValue) event would change a user's record, which only user events do")
        }
        return Outcome(event: event, writes: rules.writes, documents: rules.documents)
    }

    /// From format 2, each event names the previous event on its document and the key it must be
    /// signed with, so a document's history is one commit read an event, and `git log` names the
    /// key each event claims (its signature proves it). An event is written in the format of the
    /// state before it (for `init`, the one it creates), and a format this Stet does not know is
    /// refused.
    private static func writeFormatTrailers(
        of event: inout Event, action: Action, state: some StateReader, context: EventContext
    ) throws(StetError) {
        let format: Int
        var key: String?
        if case .initialize(let controller, let configuration) = action {
            format = configuration.format
            key = controller.key.openSSH
        } else {
            format = try state.configuration().format
            key = try state.user(context.actor)?.keyPeriod(at: context.time)?.key
        }
        guard StoreConfiguration.supportedFormats.contains(format) else { throw .unsupportedFormat(format) }
        guard format >= 2 else { return }
        // An actor without a key valid now cannot sign (recording authenticates the key first);
        // in a replay such an event goes without the trailer, and its signature check fails.
        event.signingKey = key.flatMap(PublicKey.fingerprint(ofOpenSSH:))
        if let document = event.document {
            let previous = try EventIndex.previousEvent(of: document, in: state, context: context)
            event.payload.changeHeader { $0.previousEvent = previous }
        }
    }
}

/// The facts about an event that come from outside the action: who, when, and where in the chain.
struct EventContext {
    var actor: String
    var time: Timestamp
    var sequence: Int
    /// The commit the event is recorded on top of, and the document its event concerned.
    var parent: Parent?

    struct Parent {
        var commit: String
        var document: String?
    }
}

/// What an action does to the store: the event to record and the files to write (nil: remove).
struct Outcome {
    var event: Event
    var writes: [(path: String, bytes: [UInt8]?)]
    /// The documents among `writes`, by path, as values: a verifier replaying the next event
    /// need not decode what this one encoded.
    var documents: [String: Document] = [:]
}

/// One rule application: the state it reads, the facts of the event, and the files it writes.
struct Rules<State: StateReader> {
    let state: State
    let context: EventContext
    var writes: [(path: String, bytes: [UInt8]?)] = []
    var documents: [String: Document] = [:]

    init(state: State, context: EventContext) {
        self.state = state
        self.context = context
    }

    var time: Timestamp { context.time }
    var today: Day { context.time.day }

    func load(_ id: DocumentID) throws(StetError) -> Document {
        let id = id.text
        guard let document = try state.document(id) else { throw state.noSuchDocument(id) }
        return document
    }

    /// Writes the files a document's text links to; returns their hashes by path. Each path is a
    /// plain relative path, each file within the attachment limit. A file already stored under
    /// a path is never replaced by other bytes: issued versions show it, and a new revision must
    /// not change what they show.
    mutating func storeAttachments(
        _ files: [String: [UInt8]], of id: String, stored: [String: String] = [:]
    ) throws(StetError) -> [String: String] {
        var hashes: [String: String] = [:]
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            try Identifier.attachmentPath(path)
            guard bytes.count <= Limits.attachmentSize else {
                throw .invalidContent("attachment \(path) is larger than \(Limits.attachmentSize) bytes")
            }
            let hash = StateCoding.contentHash(bytes)
            if let earlier = stored[path] {
                guard earlier == hash else {
                    throw .invalidContent(
                        "a different \(path) is already stored for an earlier revision, and versions issued with it "
                            + "must keep showing it: give the new file another name")
                }
                continue
            }
            hashes[path] = hash
            writes.append((Layout.attachment(id, path), bytes))
        }
        return hashes
    }

    /// The clauses `content` is tagged with, for an event's `Stet-Clauses` (format 3 on): nil
    /// when it has none, or before format 3.
    func clauseTrailer(_ content: [UInt8]) throws(StetError) -> [String]? {
        guard try state.configuration().format >= 3 else { return nil }
        let clauses = ClauseTags.read(content)
        return clauses.isEmpty ? nil : clauses
    }

    /// Checks the documents `ids` name for a document to be part of (format 3 on): each in the
    /// store, not the document itself, and not already part of it (no loops); sorted, once each.
    func partOf(_ ids: [String], for document: String) throws(StetError) -> [String]? {
        guard !ids.isEmpty else { return nil }
        guard try state.configuration().format >= 3 else {
            throw .invalidText(
                field: "part of",
                problem: "links between documents need a store of format 3; this one keeps its format")
        }
        var checked: [String] = []
        for raw in ids {
            let id = try Identifier.document(raw)
            guard id != document else {
                throw .invalidText(field: "part of", problem: "\(document) cannot be part of itself")
            }
            guard let parent = try state.document(id) else { throw state.noSuchDocument(id) }
            // Up the parent's own links: reaching the document would make a loop.
            var seen: Set<String> = [id]
            var next = parent.partOf ?? []
            while let link = next.popLast() {
                guard link != document else {
                    throw .invalidText(
                        field: "part of",
                        problem: "\(id) is already part of \(document); a document cannot be part of its part")
                }
                if seen.insert(link).inserted { next += (try state.document(link))?.partOf ?? [] }
            }
            if !checked.contains(id) { checked.append(id) }
        }
        return checked.sorted()
    }

    /// The event of a rule that changes `document`, with its metadata written back: `payload`
    /// is given the header (the document, its revision, its state before and after and its
    /// working content), which it may change.
    mutating func record(
        _ document: Document, role: Role, meaning: Meaning, actor: User, before: EventState,
        _ payload: (Event.DocumentHeader) -> Event.Payload
    ) throws(StetError) -> Event {
        var document = document
        document.previousEvent = try EventIndex.previousEvent(of: document.id, in: state, context: context)
        let header = Event.DocumentHeader(
            document: document.id, revision: document.working?.number, stateBefore: before,
            stateAfter: EventState(document.workflowState(on: today)), contentHash: document.working?.contentHash)
        let event = Event(payload(header), sequence: context.sequence, actor: actor, role: role, meaning: meaning)
        writes.append((Layout.document(document.id), StateCoding.encode(document)))
        documents[Layout.document(document.id)] = document
        return event
    }

    /// The event of a rule that changes users or configuration.
    func administration(_ payload: Event.Payload, actor: User, role: Role = .controller) -> Event {
        Event(payload, sequence: context.sequence, actor: actor, role: role, meaning: .administration)
    }
}
