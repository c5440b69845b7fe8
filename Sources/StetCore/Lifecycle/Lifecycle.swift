/// The rules of document control: turns an action on one state of the store into the event
/// and file changes it records, or refuses it.
///
/// Both recording (`Store.record`) and verification (`Verifier`) run these rules, so a history
/// verifies only if every event in it is one Stet would have recorded.
enum Lifecycle {
    static func apply(_ action: Action, to state: some StateReader, context: EventContext) throws(StetError) -> Outcome
    {
        var rules = Rules(state: state, context: context)
        switch action {
        case .initialize(let controller, let configuration):
            try rules.initialize(controller: controller, configuration: configuration)
        case .addUser(let user):
            try rules.addUser(user)
        case .revokeUser(let id, let reason):
            try rules.revokeUser(id: id, reason: reason)
        case .confirmUser(let id):
            try rules.confirmUser(id: id)
        case .requireEnrolmentConfirmation:
            try rules.requireEnrolmentConfirmation()
        case .setType(let name, let settings):
            try rules.setType(name: name, settings: settings)
        case .create(let type, let title, let content, let reason):
            try rules.create(type: type, title: title, content: content, reason: reason)
        case .edit(let id, let content, let reason):
            try rules.edit(id: id, content: content, reason: reason)
        case .submit(let id, let reviewers, let approvers):
            try rules.submit(id: id, reviewers: reviewers, approvers: approvers)
        case .review(let id, let accept, let comment):
            try rules.review(id: id, accept: accept, comment: comment)
        case .approve(let id, let comment):
            try rules.approve(id: id, comment: comment)
        case .reject(let id, let reason):
            try rules.reject(id: id, reason: reason)
        case .issue(let id, let effective):
            try rules.issue(id: id, effective: effective)
        case .retire(let id, let reason):
            try rules.retire(id: id, reason: reason)
        case .reaffirm(let id, let comment):
            try rules.reaffirm(id: id, comment: comment)
        case .distribute(let id, let users, let roles):
            try rules.distribute(id: id, users: users, roles: roles)
        case .acknowledge(let id):
            try rules.acknowledge(id: id)
        case .importDocument(let document):
            try rules.importDocument(document)
        }
        guard let event = rules.event else { throw .repository("internal error: no event was produced") }
        // Every commit records which commit last touched its parent's document, so the newest
        // event on any document is found in one read (see repository-layout.md, event-index).
        if let parent = context.parent, let document = parent.document {
            rules.writes.append((Layout.latestEvent(document), Array((parent.commit + "\n").utf8)))
        }
        return Outcome(event: event, writes: rules.writes)
    }
}

private struct Rules<State: StateReader> {
    let state: State
    let context: EventContext
    var event: Event?
    var writes: [(path: String, bytes: [UInt8]?)] = []

    init(state: State, context: EventContext) {
        self.state = state
        self.context = context
    }

    var time: Timestamp { context.time }
    var today: Day { context.time.day }

    // MARK: Who may act

    func actor(_ role: Role, to action: String) throws(StetError) -> User {
        guard let user = try state.user(context.actor) else { throw .unknownUser(context.actor) }
        guard !user.isRevoked else { throw .userRevoked(user.id) }
        guard !user.isPending else { throw .enrolmentUnconfirmed(user.id) }
        guard user.has(role) else { throw .missingRole(user: user.id, role: role, action: action) }
        return user
    }

    /// Users named for a duty must exist, hold the role, be distinct, and not be an author.
    func assignees(
        _ ids: [String], role: Role, duty: String, document: Document.Revision, id: String
    )
        throws(StetError) -> [String]
    {
        var seen: [String] = []
        for raw in ids {
            let userID = try Identifier.user(raw)
            guard let user = try state.user(userID) else { throw .unknownUser(userID) }
            guard !user.isRevoked else { throw .userRevoked(userID) }
            guard !user.isPending else { throw .enrolmentUnconfirmed(userID) }
            guard user.has(role) else { throw .missingRole(user: userID, role: role, action: duty + " \(id)") }
            guard !document.authors.contains(userID) else { throw .selfReview(user: userID, document: id, duty: duty) }
            if !seen.contains(userID) { seen.append(userID) }
        }
        return seen
    }

    /// The actor, when they may sign `role`'s duty on this revision: assigned, not an author, not signed yet.
    func signer(
        _ role: Role, of working: Document.Revision, in document: Document, alreadySigned: [Document.Signoff]
    )
        throws(StetError) -> User
    {
        let duty = role.rawValue
        let user = try actor(role, to: role == .reviewer ? "review documents" : "approve documents")
        guard !working.authors.contains(user.id) else {
            throw .selfReview(user: user.id, document: document.id, duty: duty)
        }
        guard (role == .reviewer ? working.reviewers : working.approvers).contains(user.id) else {
            throw .notAssigned(user: user.id, document: document.id, duty: duty)
        }
        guard !alreadySigned.contains(where: { $0.by == user.id }) else {
            throw .alreadySigned(user: user.id, document: document.id, duty: role == .reviewer ? "review" : "approval")
        }
        return user
    }

    // MARK: Documents

    func load(_ raw: String) throws(StetError) -> Document {
        let id = try Identifier.document(raw)
        guard let document = try state.document(id) else { throw .unknownDocument(id) }
        return document
    }

    func label(_ document: Document) -> String {
        if document.retirement != nil { return DocumentState.retired.rawValue }
        if let working = document.working { return working.state.rawValue }
        return document.state(on: today).rawValue
    }

    func working(
        _ document: Document, for action: String, in states: [RevisionState]
    ) throws(StetError)
        -> Document.Revision
    {
        if document.retirement != nil {
            throw .invalidTransition(
                document: document.id, state: "retired", action: action, allowed: "nothing can change it")
        }
        guard let working = document.working, states.contains(working.state) else {
            throw .invalidTransition(
                document: document.id, state: label(document), action: action, allowed: allowed(from: document))
        }
        return working
    }

    func allowed(from document: Document) -> String {
        if document.retirement != nil { return "nothing can change it" }
        switch document.working?.state {
        case .draft: return "its authors can edit it or submit it for review"
        case .inReview: return "its reviewers can review it and its approvers approve or reject it"
        case .approved: return "a controller can issue it, or an approver reject it back to draft"
        case nil: return "an author can start a new revision with 'stet edit', or a controller retire it"
        }
    }

    mutating func record(
        _ document: Document, kind: EventKind, role: Role, meaning: Meaning, actor: User,
        before: String, fill: (inout Event) -> Void = { _ in }
    ) throws(StetError) {
        var document = document
        if context.parent?.document == document.id {
            document.previousEvent = context.parent?.commit
        } else if let link = try state.file(Layout.latestEvent(document.id)) {
            document.previousEvent = String(decoding: link, as: UTF8.self).trimmingNewline
        }
        var event = Event(kind: kind, sequence: context.sequence, actor: actor, role: role, meaning: meaning)
        event.document = document.id
        event.revision = document.working?.number
        event.stateBefore = before
        event.stateAfter = label(document)
        event.contentHash = document.working?.contentHash
        fill(&event)
        self.event = event
        writes.append((Layout.document(document.id), StateCoding.encode(document)))
    }

    mutating func create(
        type rawType: String, title rawTitle: String, content: [UInt8], reason rawReason: String
    )
        throws(StetError)
    {
        let author = try actor(.author, to: "create documents")
        let type = try Identifier.type(rawType)
        let configuration = try state.configuration()
        guard let settings = configuration.types[type] else {
            throw .unknownType(type, known: configuration.types.keys.sorted())
        }
        let title = try Text.singleLine(rawTitle, field: "title")
        let reason = try Text.singleLine(rawReason, field: "reason")
        try DocumentContent.validate(content)
        var number = try state.counter(type) + 1
        while try state.document(settings.documentID(number: number)) != nil { number += 1 }
        let id = settings.documentID(number: number)
        let hash = StateCoding.contentHash(content)
        var document = Document(
            id: id, type: type, title: title, owner: author.id, created: time, previousEvent: nil, lastRevision: 1,
            working: .init(
                number: 1, state: .draft, authors: [author.id], reason: reason, contentHash: hash, reviewers: [],
                approvers: [], reviews: [], approvals: [], rejection: nil),
            versions: [], retirement: nil)
        document.working?.drafted = time
        writes.append((Layout.counter(type), Array("\(number)\n".utf8)))
        writes.append((Layout.draft(id), content))
        try record(document, kind: .create, role: .author, meaning: .authorship, actor: author, before: "none") {
            $0.type = type
            $0.title = title
            $0.reason = reason
        }
    }

    mutating func edit(id: String, content: [UInt8], reason rawReason: String) throws(StetError) {
        var document = try load(id)
        let author = try actor(.author, to: "edit documents")
        let reason = try Text.singleLine(rawReason, field: "reason")
        let before = label(document)
        try DocumentContent.validate(content)
        let hash = StateCoding.contentHash(content)
        if document.working != nil {
            var working = try working(document, for: "edit", in: [.draft])
            guard working.contentHash != hash else { throw .unchangedContent(document: document.id) }
            working.contentHash = hash
            if !working.authors.contains(author.id) { working.authors.append(author.id) }
            document.working = working
        } else {
            if document.retirement != nil {
                throw .invalidTransition(
                    document: document.id, state: "retired", action: "edit", allowed: "nothing can change it")
            }
            guard document.versions.last?.contentHash != hash else { throw .unchangedContent(document: document.id) }
            document.lastRevision += 1
            document.working = .init(
                number: document.lastRevision, state: .draft, authors: [author.id], reason: reason, contentHash: hash,
                reviewers: [], approvers: [], reviews: [], approvals: [], rejection: nil)
        }
        document.working?.drafted = time
        writes.append((Layout.draft(document.id), content))
        try record(document, kind: .edit, role: .author, meaning: .authorship, actor: author, before: before) {
            $0.reason = reason
        }
    }

    mutating func submit(id: String, reviewers: [String], approvers: [String]) throws(StetError) {
        var document = try load(id)
        var working = try working(document, for: "submit", in: [.draft])
        let author = try actor(.author, to: "submit documents")
        guard working.authors.contains(author.id) else {
            throw .notAssigned(user: author.id, document: document.id, duty: "author")
        }
        let configuration = try state.configuration()
        let required = configuration.types[document.type]?.approvalsRequired ?? 1
        working.reviewers = try assignees(
            reviewers, role: .reviewer, duty: "reviewer", document: working, id: document.id)
        working.approvers = try assignees(
            approvers, role: .approver, duty: "approver", document: working, id: document.id)
        guard !working.reviewers.isEmpty else {
            throw .invalidText(field: "reviewers", problem: "name at least one reviewer with --reviewers")
        }
        guard working.approvers.count >= required else {
            throw .tooFewApprovers(document: document.id, required: required, given: working.approvers.count)
        }
        working.state = .inReview
        working.reviews = []
        working.approvals = []
        let before = label(document)
        document.working = working
        try record(document, kind: .submit, role: .author, meaning: .authorship, actor: author, before: before) {
            $0.reviewers = working.reviewers
            $0.approvers = working.approvers
        }
    }

    mutating func review(id: String, accept: Bool, comment rawComment: String?) throws(StetError) {
        var document = try load(id)
        var working = try working(document, for: "review", in: [.inReview])
        let reviewer = try signer(.reviewer, of: working, in: document, alreadySigned: working.reviews)
        let comment = try rawComment.map { text throws(StetError) in try Text.singleLine(text, field: "comment") }
        guard accept || comment != nil else { throw .missingReason(action: "rejecting a revision in review") }
        let signoff = Document.Signoff(by: reviewer.id, at: time, contentHash: working.contentHash, comment: comment)
        let before = label(document)
        if accept {
            working.reviews.append(signoff)
        } else {
            sendBack(&working, signoff)
        }
        document.working = working
        try record(
            document, kind: .review, role: .reviewer, meaning: accept ? .review : .rejection, actor: reviewer,
            before: before
        ) {
            $0.verdict = accept ? "accepted" : "rejected"
            $0.reason = comment
        }
    }

    mutating func approve(id: String, comment rawComment: String?) throws(StetError) {
        var document = try load(id)
        var working = try working(document, for: "approve", in: [.inReview])
        let approver = try signer(.approver, of: working, in: document, alreadySigned: working.approvals)
        let pending = working.reviewers.filter { reviewer in !working.reviews.contains { $0.by == reviewer } }
        guard pending.isEmpty else { throw .reviewsOutstanding(document: document.id, pending: pending) }
        let comment = try rawComment.map { text throws(StetError) in try Text.singleLine(text, field: "comment") }
        let required = try state.configuration().types[document.type]?.approvalsRequired ?? 1
        let before = label(document)
        working.approvals.append(
            .init(by: approver.id, at: time, contentHash: working.contentHash, comment: comment))
        if working.approvals.count >= required { working.state = .approved }
        document.working = working
        try record(document, kind: .approve, role: .approver, meaning: .approval, actor: approver, before: before) {
            $0.reason = comment
        }
    }

    mutating func reject(id: String, reason rawReason: String) throws(StetError) {
        var document = try load(id)
        var working = try working(document, for: "reject", in: [.inReview, .approved])
        let approver = try actor(.approver, to: "reject documents")
        guard working.approvers.contains(approver.id) else {
            throw .notAssigned(user: approver.id, document: document.id, duty: "approver")
        }
        let reason = try Text.singleLine(rawReason, field: "reason")
        let before = label(document)
        sendBack(&working, .init(by: approver.id, at: time, contentHash: working.contentHash, comment: reason))
        document.working = working
        try record(document, kind: .reject, role: .approver, meaning: .rejection, actor: approver, before: before) {
            $0.reason = reason
        }
    }

    /// A rejection returns the revision to its authors; every signature on it lapses.
    private func sendBack(_ working: inout Document.Revision, _ rejection: Document.Signoff) {
        working.state = .draft
        working.reviews = []
        working.approvals = []
        working.rejection = rejection
    }

    mutating func issue(id: String, effective: Day?) throws(StetError) {
        var document = try load(id)
        let working = try working(document, for: "issue", in: [.approved])
        let controller = try actor(.controller, to: "issue documents")
        let required = try state.configuration().types[document.type]?.approvalsRequired ?? 1
        let approvers = Set(working.approvals.map(\.by))
        guard approvers.count >= required else {
            throw .tooFewApprovers(document: document.id, required: required, given: approvers.count)
        }
        for signoff in working.reviews + working.approvals where signoff.contentHash != working.contentHash {
            throw .signatureStale(document: document.id, user: signoff.by)
        }
        guard let content = try state.file(Layout.draft(document.id)),
            StateCoding.contentHash(content) == working.contentHash
        else {
            throw .storeCorrupt("the content of \(document.id) revision \(working.number) does not match its hash")
        }
        let earliest = max(today, document.versions.last?.effective ?? today)
        let effectiveDay = effective ?? today
        guard effectiveDay >= earliest else {
            throw .backdatedEffectiveDate(
                document: document.id, date: effectiveDay.description, earliest: earliest.description)
        }
        let before = label(document)
        let version = (document.versions.last?.version ?? 0) + 1
        document.versions.append(
            .init(
                version: version, revision: working.number, effective: effectiveDay, issued: time,
                issuedBy: controller.id, contentHash: working.contentHash, authors: working.authors,
                reviews: working.reviews, approvals: working.approvals, drafted: working.drafted))
        document.working = nil
        writes.append((Layout.version(document.id, version), content))
        writes.append((Layout.draft(document.id), nil))
        if effectiveDay <= today { writes.append((Layout.effective(document.id), content)) }
        try record(document, kind: .issue, role: .controller, meaning: .issue, actor: controller, before: before) {
            $0.revision = working.number
            $0.version = version
            $0.effective = effectiveDay
            $0.contentHash = working.contentHash
        }
    }

    mutating func retire(id: String, reason rawReason: String) throws(StetError) {
        var document = try load(id)
        let controller = try actor(.controller, to: "retire documents")
        guard document.retirement == nil else {
            throw .invalidTransition(
                document: document.id, state: "retired", action: "retire", allowed: "nothing can change it")
        }
        let reason = try Text.singleLine(rawReason, field: "reason")
        let before = label(document)
        let revision = document.working?.number
        if document.working != nil { writes.append((Layout.draft(document.id), nil)) }
        document.working = nil
        document.retirement = .init(at: time, by: controller.id, reason: reason)
        if try state.file(Layout.effective(document.id)) != nil { writes.append((Layout.effective(document.id), nil)) }
        try record(document, kind: .retire, role: .controller, meaning: .retirement, actor: controller, before: before)
        {
            $0.revision = revision
            $0.version = document.versions.last?.version
            $0.reason = reason
        }
    }

    // MARK: Periodic review, distribution, acknowledgement

    /// The owner (while an author) or a controller: who answers for a document's upkeep.
    func ownerOrController(of document: Document, to action: String) throws(StetError) -> (User, Role) {
        guard let user = try state.user(context.actor) else { throw .unknownUser(context.actor) }
        guard !user.isRevoked else { throw .userRevoked(user.id) }
        guard !user.isPending else { throw .enrolmentUnconfirmed(user.id) }
        if user.has(.controller) { return (user, .controller) }
        if user.id == document.owner && user.has(.author) { return (user, .author) }
        throw .missingRole(user: user.id, role: .controller, action: action + " (or be the document's owner)")
    }

    func inForce(_ document: Document, for action: String) throws(StetError) -> Document.IssuedVersion {
        guard document.retirement == nil, let version = document.effectiveVersion(on: today) else {
            throw .invalidTransition(
                document: document.id, state: label(document), action: action,
                allowed: "only a version in force can be \(action == "reaffirm" ? "reaffirmed" : "acknowledged")")
        }
        return version
    }

    mutating func reaffirm(id: String, comment rawComment: String) throws(StetError) {
        var document = try load(id)
        let (user, role) = try ownerOrController(of: document, to: "reaffirm documents")
        let version = try inForce(document, for: "reaffirm")
        let comment = try Text.singleLine(rawComment, field: "comment")
        let before = label(document)
        document.reaffirmations =
            (document.reaffirmations ?? []) + [
                .init(version: version.version, at: time, by: user.id, comment: comment)
            ]
        try record(document, kind: .reaffirm, role: role, meaning: .review, actor: user, before: before) {
            $0.version = version.version
            $0.reason = comment
            $0.contentHash = version.contentHash
        }
    }

    mutating func distribute(id: String, users rawUsers: [String], roles: [Role]) throws(StetError) {
        var document = try load(id)
        let (user, role) = try ownerOrController(of: document, to: "set distribution")
        if document.retirement != nil {
            throw .invalidTransition(
                document: document.id, state: "retired", action: "distribute", allowed: "nothing can change it")
        }
        var users: [String] = []
        for raw in rawUsers {
            let id = try Identifier.user(raw)
            guard try state.user(id) != nil else { throw .unknownUser(id) }
            if !users.contains(id) { users.append(id) }
        }
        let roles = Array(Set(roles)).sorted()
        guard !users.isEmpty || !roles.isEmpty else {
            throw .invalidText(field: "distribution", problem: "name at least one --users or --roles")
        }
        let before = label(document)
        document.distribution = .init(users: users, roles: roles)
        try record(document, kind: .distribute, role: role, meaning: .administration, actor: user, before: before) {
            $0.distributionUsers = users
            $0.distributionRoles = roles
        }
    }

    mutating func acknowledge(id: String) throws(StetError) {
        let document = try load(id)
        guard let user = try state.user(context.actor) else { throw .unknownUser(context.actor) }
        guard !user.isRevoked else { throw .userRevoked(user.id) }
        guard !user.isPending else { throw .enrolmentUnconfirmed(user.id) }
        let version = try inForce(document, for: "acknowledge")
        if let distribution = document.distribution, !distribution.includes(user) {
            throw .notAssigned(user: user.id, document: document.id, duty: "reader (not in its distribution)")
        }
        let path = Layout.acknowledgement(document.id, version: version.version, user: user.id)
        guard try state.file(path) == nil else {
            throw .alreadySigned(user: user.id, document: document.id, duty: "acknowledgement of v\(version.version)")
        }
        let acknowledgement = Acknowledgement(
            user: user.id, version: version.version, at: time, contentHash: version.contentHash)
        writes.append((path, StateCoding.encode(acknowledgement)))
        let before = label(document)
        let role: Role = user.has(.reader) ? .reader : user.roles.first ?? .reader
        try record(document, kind: .acknowledge, role: role, meaning: .acknowledgement, actor: user, before: before) {
            $0.version = version.version
            $0.contentHash = version.contentHash
        }
    }

    mutating func importDocument(_ imported: ImportedDocument) throws(StetError) {
        let controller = try actor(.controller, to: "import documents")
        let id = try Identifier.document(imported.id)
        guard try state.document(id) == nil else {
            throw .invalidText(field: "document id", problem: "\(id) already exists in the store")
        }
        let type = try Identifier.type(imported.type)
        let configuration = try state.configuration()
        guard let settings = configuration.types[type] else {
            throw .unknownType(type, known: configuration.types.keys.sorted())
        }
        let title = try Text.singleLine(imported.title, field: "title")
        let source = try Text.singleLine(imported.source, field: "source file name")
        try DocumentContent.validate(imported.content)
        if let version = imported.version, !(1...9999).contains(version) {
            throw .invalidText(field: "version", problem: "\(version) is not between 1 and 9999")
        }
        var attachmentHashes: [String: String] = [:]
        for (path, bytes) in imported.attachments.sorted(by: { $0.key < $1.key }) {
            try Identifier.attachmentPath(path)
            guard bytes.count <= ImportedDocument.maximumAttachmentSize else {
                throw .invalidContent(
                    "attachment \(path) is larger than \(ImportedDocument.maximumAttachmentSize) bytes")
            }
            attachmentHashes[path] = StateCoding.contentHash(bytes)
            writes.append((Layout.attachment(id, path), bytes))
        }
        // Keep numbering ahead of imported ids, so new documents never collide with them.
        if id.hasPrefix(settings.prefix), let number = Int(id.dropFirst(settings.prefix.count)),
            id.count == settings.prefix.count + settings.digits, number > (try state.counter(type))
        {
            writes.append((Layout.counter(type), Array("\(number)\n".utf8)))
        }
        let hash = StateCoding.contentHash(imported.content)
        var document = Document(
            id: id, type: type, title: title, owner: controller.id, created: time, previousEvent: nil, lastRevision: 1,
            working: nil, versions: [], retirement: nil)
        document.attachments = attachmentHashes.isEmpty ? nil : attachmentHashes
        if let version = imported.version {
            let effective = imported.effective ?? today
            document.versions = [
                .init(
                    version: version, revision: 1, effective: effective, issued: time, issuedBy: controller.id,
                    contentHash: hash, authors: [], reviews: [], approvals: [])
            ]
            writes.append((Layout.version(id, version), imported.content))
            if effective <= today { writes.append((Layout.effective(id), imported.content)) }
        } else {
            document.working = .init(
                number: 1, state: .draft, authors: [controller.id], reason: "Imported from \(source)",
                contentHash: hash,
                reviewers: [], approvers: [], reviews: [], approvals: [], rejection: nil, drafted: time)
            writes.append((Layout.draft(id), imported.content))
        }
        let effectiveDay = imported.version == nil ? nil : (imported.effective ?? today)
        try record(
            document, kind: .importDocument, role: .controller, meaning: imported.asDraft ? .authorship : .issue,
            actor: controller, before: "none"
        ) {
            $0.type = type
            $0.title = title
            $0.version = imported.version
            $0.effective = effectiveDay
            $0.source = source
            $0.attachments = attachmentHashes.isEmpty ? nil : attachmentHashes.keys.sorted()
            $0.contentHash = hash
        }
    }

    // MARK: Users and configuration

    func newUserRecord(_ user: NewUser, roles extra: [Role] = []) throws(StetError) -> User {
        let id = try Identifier.user(user.id)
        let name = try Text.singleLine(user.name, field: "name")
        let roles = Array(Set(user.roles + extra)).sorted()
        guard !roles.isEmpty else { throw .invalidText(field: "roles", problem: "give at least one --role") }
        var record = User(
            id: id, name: name, roles: roles, keys: [.init(key: user.key.openSSH, validFrom: time, validUntil: nil)],
            added: time, addedBy: context.actor, revocation: nil)
        if context.parent != nil, try state.configuration().requiresEnrolmentConfirmation {
            record.awaitsConfirmation = true
        }
        return record
    }

    mutating func administration(_ kind: EventKind, actor: User, fill: (inout Event) -> Void) {
        var event = Event(
            kind: kind, sequence: context.sequence, actor: actor, role: .controller, meaning: .administration)
        fill(&event)
        self.event = event
    }

    mutating func initialize(controller: NewUser, configuration: StoreConfiguration) throws(StetError) {
        guard context.parent == nil else { throw .storeCorrupt("a store can only be created once") }
        guard controller.id == context.actor else { throw .keyMismatch(user: context.actor) }
        let user = try newUserRecord(controller, roles: [.controller])
        let configurationBytes = StateCoding.encode(configuration)
        writes.append((Layout.configuration, configurationBytes))
        writes.append((Layout.user(user.id), StateCoding.encode(user)))
        administration(.initialize, actor: user) {
            $0.subjectUser = user.id
            $0.subjectName = user.name
            $0.subjectRoles = user.roles
            $0.subjectKey = controller.key.openSSH
            $0.contentHash = StateCoding.contentHash(configurationBytes)
        }
    }

    mutating func addUser(_ newUser: NewUser) throws(StetError) {
        let controller = try actor(.controller, to: "add users")
        let user = try newUserRecord(newUser)
        guard try state.user(user.id) == nil else { throw .userExists(user.id) }
        // Two accounts must never pass as one person on a signature.
        let key = Text.nameKey(user.name)
        for other in try state.users() where Text.nameKey(other.name) == key {
            throw .invalidText(
                field: "name",
                problem: "'\(user.name)' is already the printed name of \(other.id); add what tells them apart "
                    + "(a middle initial, a department)")
        }
        for other in try state.users() where other.keys.contains(where: { $0.key == newUser.key.openSSH }) {
            throw .keyInUse(owner: other.id)
        }
        writes.append((Layout.user(user.id), StateCoding.encode(user)))
        administration(.addUser, actor: controller) {
            $0.subjectUser = user.id
            $0.subjectName = user.name
            $0.subjectRoles = user.roles
            $0.subjectKey = newUser.key.openSSH
        }
    }

    mutating func revokeUser(id rawID: String, reason rawReason: String) throws(StetError) {
        let controller = try actor(.controller, to: "revoke users")
        let id = try Identifier.user(rawID)
        guard var user = try state.user(id) else { throw .unknownUser(id) }
        guard !user.isRevoked else { throw .userRevoked(id) }
        let reason = try Text.singleLine(rawReason, field: "reason")
        if user.has(.controller) && !user.isPending {
            let others = try state.users().filter {
                $0.id != id && $0.has(.controller) && !$0.isRevoked && !$0.isPending
            }
            guard !others.isEmpty else {
                throw .invalidText(
                    field: "revocation", problem: "\(id) is the last controller; add another controller first")
            }
        }
        user.revocation = .init(at: time, by: controller.id, reason: reason)
        // Valid up to the end of this second: anything the user signed before this event, in
        // the same second, stays valid; the chain order already shuts them out after it.
        for index in user.keys.indices where user.keys[index].validUntil == nil {
            user.keys[index].validUntil = Timestamp(seconds: time.seconds + 1)
        }
        writes.append((Layout.user(id), StateCoding.encode(user)))
        administration(.revokeUser, actor: controller) {
            $0.subjectUser = id
            $0.reason = reason
        }
    }

    /// Controllers who may act: enrolled, not revoked, confirmed.
    func activeControllers() throws(StetError) -> [User] {
        try state.users().filter { $0.has(.controller) && !$0.isRevoked && !$0.isPending }
    }

    mutating func confirmUser(id rawID: String) throws(StetError) {
        let controller = try actor(.controller, to: "confirm enrolments")
        let id = try Identifier.user(rawID)
        guard var user = try state.user(id) else { throw .unknownUser(id) }
        guard user.isPending else {
            throw .invalidText(field: "confirmation", problem: "\(id) does not wait for a confirmation")
        }
        guard !user.isRevoked else { throw .userRevoked(id) }
        // The enroller confirms only as the one controller left, so a store that lost its other
        // controllers (or one who will not confirm, and was revoked) can still go on; the
        // confirmation says so, and verify shows it.
        var alone = false
        if user.addedBy == controller.id {
            guard try activeControllers().map(\.id) == [controller.id] else {
                throw .selfConfirmation(user: id, controller: controller.id)
            }
            alone = true
        }
        user.awaitsConfirmation = nil
        user.confirmation = .init(at: time, by: controller.id, alone: alone ? true : nil)
        writes.append((Layout.user(id), StateCoding.encode(user)))
        administration(.confirmUser, actor: controller) {
            $0.subjectUser = id
            $0.subjectName = user.name
        }
    }

    mutating func requireEnrolmentConfirmation() throws(StetError) {
        let controller = try actor(.controller, to: "change enrolment rules")
        var configuration = try state.configuration()
        guard !configuration.requiresEnrolmentConfirmation else {
            throw .invalidText(field: "enrolment confirmation", problem: "it is already required")
        }
        guard try activeControllers().count >= 2 else {
            throw .invalidText(
                field: "enrolment confirmation",
                problem: "it needs a second controller to confirm; enrol another controller first")
        }
        configuration.enrolmentConfirmation = true
        writes.append((Layout.configuration, StateCoding.encode(configuration)))
        administration(.requireEnrolmentConfirmation, actor: controller) { _ in }
    }

    mutating func setType(name rawName: String, settings: StoreConfiguration.DocumentType) throws(StetError) {
        let controller = try actor(.controller, to: "configure document types")
        let name = try Identifier.type(rawName)
        var configuration = try state.configuration()
        var settings = settings
        settings.title = try Text.singleLine(settings.title, field: "type title")
        guard !settings.prefix.isEmpty, settings.prefix.count <= 16,
            settings.prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }),
            settings.prefix.first?.isLetter == true
        else {
            throw .invalidText(
                field: "prefix", problem: "use 1-16 ASCII letters, digits, '.', '_' or '-', starting with a letter")
        }
        if let other = configuration.types.first(where: { $0.key != name && $0.value.prefix == settings.prefix }) {
            throw .invalidText(field: "prefix", problem: "'\(settings.prefix)' is already used by type \(other.key)")
        }
        guard (1...9).contains(settings.digits) else { throw .invalidText(field: "digits", problem: "use 1 to 9") }
        guard (1...120).contains(settings.reviewIntervalMonths) else {
            throw .invalidText(field: "review interval", problem: "use 1 to 120 months")
        }
        guard (1...9).contains(settings.approvalsRequired) else {
            throw .invalidText(field: "approvals", problem: "use 1 to 9")
        }
        configuration.types[name] = settings
        writes.append((Layout.configuration, StateCoding.encode(configuration)))
        administration(.setType, actor: controller) {
            $0.type = name
            $0.title = settings.title
            $0.typePrefix = settings.prefix
            $0.typeDigits = settings.digits
            $0.typeReviewMonths = settings.reviewIntervalMonths
            $0.typeApprovals = settings.approvalsRequired
        }
    }
}
