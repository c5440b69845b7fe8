/// A revision's way from draft to issue, and a document's retirement.
extension Rules {
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
                document: document.id, state: document.workflowState(on: today).rawValue, action: action,
                allowed: allowed(from: document))
        }
        return working
    }

    func allowed(from document: Document) -> String {
        if document.retirement != nil { return "nothing can change it" }
        switch document.working?.state {
        case .draft: return "its authors can edit it or submit it for review"
        case .inReview: return "its reviewers can review it and its approvers approve or reject it"
        case .approved: return "a controller can issue it, or an approver reject it back to draft"
        case nil: return "an author can start a new revision, or a controller retire it"
        }
    }

    mutating func create(
        type rawType: String, title rawTitle: String, content: [UInt8], reason rawReason: String,
        attachments: [String: [UInt8]]
    )
        throws(StetError) -> Event
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
        // Past any id taken, in any case (an import may have brought `sop-0013`).
        while try !state.documentIDs(matchingIgnoringCase: settings.documentID(number: number)).isEmpty { number += 1 }
        let id = settings.documentID(number: number)
        let hash = StateCoding.contentHash(content)
        var document = Document(
            id: id, type: type, title: title, owner: author.id, created: time, previousEvent: nil, lastRevision: 1,
            working: .init(
                number: 1, state: .draft, authors: [author.id], reason: reason, contentHash: hash, reviewers: [],
                approvers: [], reviews: [], approvals: [], rejection: nil),
            versions: [], retirement: nil)
        document.working?.drafted = time
        let files = try storeAttachments(attachments, of: id)
        document.attachments = files.isEmpty ? nil : files
        writes.append((Layout.counter(type), Array("\(number)\n".utf8)))
        writes.append((Layout.draft(id), content))
        let clauses = try clauseTrailer(content)
        let stored = Event.Content(attachments: files.isEmpty ? nil : files.keys.sorted(), clauses: clauses)
        return try record(document, role: .author, meaning: .authorship, actor: author, before: .none) {
            .create($0, type: type, title: title, reason: reason, stored)
        }
    }

    mutating func edit(
        id: DocumentID, content: [UInt8], reason rawReason: String, attachments: [String: [UInt8]]
    ) throws(StetError) -> Event {
        var document = try load(id)
        let author = try actor(.author, to: "edit documents")
        let reason = try Text.singleLine(rawReason, field: "reason")
        let before = EventState(document.workflowState(on: today))
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
        let files = try storeAttachments(attachments, of: document.id, stored: document.attachments ?? [:])
        if !files.isEmpty { document.attachments = (document.attachments ?? [:]).merging(files) { $1 } }
        writes.append((Layout.draft(document.id), content))
        let clauses = try clauseTrailer(content)
        let stored = Event.Content(attachments: files.isEmpty ? nil : files.keys.sorted(), clauses: clauses)
        return try record(document, role: .author, meaning: .authorship, actor: author, before: before) {
            .edit($0, reason: reason, stored)
        }
    }

    mutating func submit(id: DocumentID, reviewers: [UserID], approvers: [UserID]) throws(StetError) -> Event {
        var document = try load(id)
        var working = try working(document, for: "submit", in: [.draft])
        let author = try actor(.author, to: "submit documents")
        guard working.authors.contains(author.id) else {
            throw .notAssigned(user: author.id, document: document.id, duty: "author")
        }
        let configuration = try state.configuration()
        let required = configuration.settings(for: document.type).approvalsRequired
        // Sent back and resubmitted: the same reviewers and approvers unless others are named.
        let reviewers = reviewers.isEmpty ? working.reviewers.map(UserID.init(recorded:)) : reviewers
        let approvers = approvers.isEmpty ? working.approvers.map(UserID.init(recorded:)) : approvers
        working.reviewers = try assignees(
            reviewers, role: .reviewer, duty: "reviewer", document: working, id: document.id)
        working.approvers = try assignees(
            approvers, role: .approver, duty: "approver", document: working, id: document.id)
        guard !working.reviewers.isEmpty else {
            throw .noReviewers(document: document.id)
        }
        guard working.approvers.count >= required else {
            throw .tooFewApprovers(document: document.id, required: required, given: working.approvers.count)
        }
        try requireSeparateReviewAndApproval(working.reviewers, working.approvers, of: document)
        working.state = .inReview
        working.reviews = []
        working.approvals = []
        let before = EventState(document.workflowState(on: today))
        document.working = working
        return try record(document, role: .author, meaning: .authorship, actor: author, before: before) {
            .submit($0, reviewers: working.reviewers, approvers: working.approvers)
        }
    }

    mutating func review(id: DocumentID, accept: Bool, comment rawComment: String?) throws(StetError) -> Event {
        var document = try load(id)
        var working = try working(document, for: "review", in: [.inReview])
        let reviewer = try signer(.reviewer, of: working, in: document, alreadySigned: working.reviews)
        let comment = try rawComment.map { text throws(StetError) in try Text.singleLine(text, field: "comment") }
        guard accept || comment != nil else { throw .missingReason(action: "rejecting a revision in review") }
        let signoff = Document.Signoff(by: reviewer.id, at: time, contentHash: working.contentHash, comment: comment)
        let before = EventState(document.workflowState(on: today))
        if accept {
            working.reviews.append(signoff)
        } else {
            sendBack(&working, signoff)
        }
        document.working = working
        return try record(
            document, role: .reviewer, meaning: accept ? .review : .rejection, actor: reviewer, before: before
        ) {
            .review($0, verdict: accept ? "accepted" : "rejected", comment: comment)
        }
    }

    mutating func approve(id: DocumentID, comment rawComment: String?) throws(StetError) -> Event {
        var document = try load(id)
        var working = try working(document, for: "approve", in: [.inReview])
        let approver = try signer(.approver, of: working, in: document, alreadySigned: working.approvals)
        let pending = working.reviewers.filter { reviewer in !working.reviews.contains { $0.by == reviewer } }
        guard pending.isEmpty else { throw .reviewsOutstanding(document: document.id, pending: pending) }
        let comment = try rawComment.map { text throws(StetError) in try Text.singleLine(text, field: "comment") }
        let required = try state.configuration().settings(for: document.type).approvalsRequired
        let before = EventState(document.workflowState(on: today))
        working.approvals.append(
            .init(by: approver.id, at: time, contentHash: working.contentHash, comment: comment))
        if working.approvals.count >= required { working.state = .approved }
        document.working = working
        return try record(document, role: .approver, meaning: .approval, actor: approver, before: before) {
            .approve($0, comment: comment)
        }
    }

    mutating func reject(id: DocumentID, reason rawReason: String) throws(StetError) -> Event {
        var document = try load(id)
        var working = try working(document, for: "reject", in: [.inReview, .approved])
        let approver = try actor(.approver, to: "reject documents")
        guard working.approvers.contains(approver.id) else {
            throw .notAssigned(user: approver.id, document: document.id, duty: "approver")
        }
        let reason = try Text.singleLine(rawReason, field: "reason")
        let before = EventState(document.workflowState(on: today))
        sendBack(&working, .init(by: approver.id, at: time, contentHash: working.contentHash, comment: reason))
        document.working = working
        return try record(document, role: .approver, meaning: .rejection, actor: approver, before: before) {
            .reject($0, reason: reason)
        }
    }

    /// A rejection returns the revision to its authors; every signature on it lapses.
    func sendBack(_ working: inout Document.Revision, _ rejection: Document.Signoff) {
        working.state = .draft
        working.reviews = []
        working.approvals = []
        working.rejection = rejection
    }

    mutating func issue(id: DocumentID, effective: Day?) throws(StetError) -> Event {
        var document = try load(id)
        let working = try working(document, for: "issue", in: [.approved])
        let controller = try actor(.controller, to: "issue documents")
        let required = try state.configuration().settings(for: document.type).approvalsRequired
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
        let before = EventState(document.workflowState(on: today))
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
        return try record(document, role: .controller, meaning: .issue, actor: controller, before: before) {
            var header = $0
            header.revision = working.number
            header.contentHash = working.contentHash
            return .issue(header, version: version, effective: effectiveDay)
        }
    }

    mutating func retire(id: DocumentID, reason rawReason: String) throws(StetError) -> Event {
        var document = try load(id)
        let controller = try actor(.controller, to: "retire documents")
        guard document.retirement == nil else {
            throw .invalidTransition(
                document: document.id, state: "retired", action: "retire", allowed: "nothing can change it")
        }
        let reason = try Text.singleLine(rawReason, field: "reason")
        let before = EventState(document.workflowState(on: today))
        let revision = document.working?.number
        if document.working != nil { writes.append((Layout.draft(document.id), nil)) }
        document.working = nil
        document.retirement = .init(at: time, by: controller.id, reason: reason)
        if try state.file(Layout.effective(document.id)) != nil { writes.append((Layout.effective(document.id), nil)) }
        return try record(document, role: .controller, meaning: .retirement, actor: controller, before: before) {
            var header = $0
            header.revision = revision
            return .retire(header, version: document.versions.last?.version, reason: reason)
        }
    }
}

/// Changing who signs a revision in review, and taking it back.
extension Rules {
    /// An author of the revision, or a controller.
    func authorOrController(
        of working: Document.Revision, in document: Document, to action: String
    ) throws(StetError)
        -> (User, Role)
    {
        let user = try state.activeUser(context.actor)
        if user.has(.controller) { return (user, .controller) }
        if working.authors.contains(user.id) && user.has(.author) { return (user, .author) }
        throw .missingRole(user: user.id, role: .controller, action: action + " (or be an author of the revision)")
    }

    mutating func reassign(
        id: DocumentID, reviewers: [UserID], approvers: [UserID], reason rawReason: String
    ) throws(StetError) -> Event {
        var document = try load(id)
        var working = try working(document, for: "reassign", in: [.inReview])
        let (user, role) = try authorOrController(of: working, in: document, to: "reassign reviewers and approvers")
        let reason = try Text.singleLine(rawReason, field: "reason")
        guard !reviewers.isEmpty || !approvers.isEmpty else {
            throw .invalidText(field: "reassignment", problem: "it names no reviewers and no approvers")
        }
        // A list not given again is kept, and checked as a new one would be: someone who can no
        // longer sign (revoked, or without the role) must be replaced, not carried over.
        let newReviewers = try assignees(
            reviewers.isEmpty ? working.reviewers.map(UserID.init(recorded:)) : reviewers, role: .reviewer,
            duty: "reviewer", document: working, id: document.id)
        let newApprovers = try assignees(
            approvers.isEmpty ? working.approvers.map(UserID.init(recorded:)) : approvers, role: .approver,
            duty: "approver", document: working, id: document.id)
        guard !newReviewers.isEmpty else { throw .noReviewers(document: document.id) }
        let required = try state.configuration().settings(for: document.type).approvalsRequired
        guard newApprovers.count >= required else {
            throw .tooFewApprovers(document: document.id, required: required, given: newApprovers.count)
        }
        try requireSeparateReviewAndApproval(newReviewers, newApprovers, of: document)
        guard newReviewers != working.reviewers || newApprovers != working.approvers else {
            throw .invalidText(field: "reassignment", problem: "the reviewers and approvers are already these")
        }
        // Those who stay keep what they signed; those who leave take their signatures with them.
        // An approval follows the reviews: when the reviewers change, every approval lapses.
        if newReviewers != working.reviewers { working.approvals = [] }
        working.reviewers = newReviewers
        working.approvers = newApprovers
        working.reviews.removeAll { !newReviewers.contains($0.by) }
        working.approvals.removeAll { !newApprovers.contains($0.by) }
        let before = EventState(document.workflowState(on: today))
        document.working = working
        return try record(document, role: role, meaning: .administration, actor: user, before: before) {
            .reassign($0, reviewers: newReviewers, approvers: newApprovers, reason: reason)
        }
    }

    mutating func withdraw(id: DocumentID, reason rawReason: String) throws(StetError) -> Event {
        var document = try load(id)
        var working = try working(document, for: "withdraw", in: [.inReview, .approved])
        let (user, role) = try authorOrController(of: working, in: document, to: "withdraw a revision from review")
        let reason = try Text.singleLine(rawReason, field: "reason")
        let before = EventState(document.workflowState(on: today))
        working.state = .draft
        working.reviews = []
        working.approvals = []
        document.working = working
        return try record(document, role: role, meaning: .administration, actor: user, before: before) {
            .withdraw($0, reason: reason)
        }
    }
}
