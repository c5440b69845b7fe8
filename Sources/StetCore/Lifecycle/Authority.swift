/// Who may act: the checks every rule makes of its actor and of the users it names.
extension StateReader {
    /// `id`, when they may sign here: enrolled, not revoked, confirmed, and (given a role) holding it.
    func activeUser(_ id: String, role: Role? = nil, to action: String = "") throws(StetError) -> User {
        guard let user = try user(id) else { throw .unknownUser(id) }
        guard !user.isRevoked else { throw .userRevoked(user.id) }
        guard !user.isPending else { throw .enrolmentUnconfirmed(user.id) }
        if let role, !user.has(role) { throw .missingRole(user: user.id, role: role, action: action) }
        return user
    }
}

extension Rules {
    func actor(_ role: Role, to action: String) throws(StetError) -> User {
        try state.activeUser(context.actor, role: role, to: action)
    }

    /// Users named for a duty must exist, hold the role, be distinct, and not be an author.
    func assignees(
        _ ids: [UserID], role: Role, duty: String, document: Document.Revision, id: String
    )
        throws(StetError) -> [String]
    {
        var seen: [String] = []
        for assigned in ids {
            let userID = assigned.text
            guard let user = try state.user(userID) else { throw .unknownUser(userID) }
            guard !user.isRevoked else { throw .userRevoked(userID) }
            guard !user.isPending else { throw .enrolmentUnconfirmed(userID) }
            guard user.has(role) else {
                throw .missingRole(user: userID, role: role, action: "be the \(duty) of \(id)")
            }
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

    /// The owner (while an author) or a controller: who answers for a document's upkeep.
    func ownerOrController(of document: Document, to action: String) throws(StetError) -> (User, Role) {
        let user = try state.activeUser(context.actor)
        if user.has(.controller) { return (user, .controller) }
        if user.id == document.owner && user.has(.author) { return (user, .author) }
        throw .notOwnerOrController(user: user.id, document: document.id, owner: document.owner, action: action)
    }

    /// Controllers who may act: enrolled, not revoked, confirmed.
    func activeControllers() throws(StetError) -> [User] {
        try state.users().filter { $0.has(.controller) && !$0.isRevoked && !$0.isPending }
    }

    /// From format 3, one person may not both review and approve a revision unless its type
    /// allows it: a second pair of eyes is the point of approval.
    func requireSeparateReviewAndApproval(
        _ reviewers: [String], _ approvers: [String], of document: Document
    ) throws(StetError) {
        let configuration = try state.configuration()
        guard configuration.format >= 3, !configuration.settings(for: document.type).allowsReviewerToApprove,
            let both = reviewers.first(where: approvers.contains)
        else { return }
        throw .reviewerApproves(user: both, document: document.id, type: document.type)
    }
}
