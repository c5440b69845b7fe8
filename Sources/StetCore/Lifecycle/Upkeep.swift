/// Keeping a document in use: periodic review (reaffirm), distribution, and acknowledgement.
extension Rules {
    func inForce(_ document: Document, for action: String) throws(StetError) -> Document.IssuedVersion {
        guard document.retirement == nil, let version = document.effectiveVersion(on: today) else {
            throw .invalidTransition(
                document: document.id, state: document.workflowState(on: today).rawValue, action: action,
                allowed: "only a version in force can be \(action == "reaffirm" ? "reaffirmed" : "acknowledged")")
        }
        return version
    }

    /// The version an acknowledgement is for: `wanted`, or the one in force, or else the next to
    /// take effect. Staff read a version once it is issued, before it takes effect, to be trained
    /// ahead of go-live; a superseded version is read no more.
    func acknowledgeable(_ document: Document, _ wanted: Int?) throws(StetError) -> Document.IssuedVersion {
        let current = document.retirement == nil ? document.effectiveVersion(on: today) : nil
        let upcoming = document.retirement == nil ? document.versions.filter { $0.effective > today } : []
        guard let wanted else {
            if let current { return current }
            if let next = upcoming.first { return next }
            return try inForce(document, for: "acknowledge")
        }
        if let current, current.version == wanted { return current }
        if let next = upcoming.first(where: { $0.version == wanted }) { return next }
        let readable = ([current].compactMap { $0 } + upcoming).map { "v\($0.version)" }
        throw .invalidText(
            field: "version",
            problem: "\(document.id) v\(wanted) is neither in force nor issued to take effect"
                + (readable.isEmpty ? "" : "; it can be acknowledged as \(readable.joined(separator: " or "))"))
    }

    mutating func reaffirm(id: DocumentID, comment rawComment: String) throws(StetError) -> Event {
        var document = try load(id)
        let (user, role) = try ownerOrController(of: document, to: "reaffirm")
        let version = try inForce(document, for: "reaffirm")
        let comment = try Text.singleLine(rawComment, field: "comment")
        let before = EventState(document.workflowState(on: today))
        document.reaffirmations =
            (document.reaffirmations ?? []) + [
                .init(version: version.version, at: time, by: user.id, comment: comment)
            ]
        return try record(document, role: role, meaning: .review, actor: user, before: before) {
            var header = $0
            header.contentHash = version.contentHash
            return .reaffirm(header, version: version.version, comment: comment)
        }
    }

    mutating func distribute(id: DocumentID, users userIDs: [UserID], roles: [Role]) throws(StetError) -> Event {
        var document = try load(id)
        let (user, role) = try ownerOrController(of: document, to: "set the distribution of")
        if document.retirement != nil {
            throw .invalidTransition(
                document: document.id, state: "retired", action: "distribute", allowed: "nothing can change it")
        }
        var users: [String] = []
        for userID in userIDs {
            let id = userID.text
            guard try state.user(id) != nil else { throw .unknownUser(id) }
            if !users.contains(id) { users.append(id) }
        }
        let roles = Array(Set(roles)).sorted()
        guard !users.isEmpty || !roles.isEmpty else {
            throw .emptyDistribution(document: document.id)
        }
        let before = EventState(document.workflowState(on: today))
        document.distribution = .init(users: users, roles: roles)
        return try record(document, role: role, meaning: .administration, actor: user, before: before) {
            .distribute($0, users: users, roles: roles)
        }
    }

    mutating func acknowledge(id: DocumentID, version wanted: Int?) throws(StetError) -> Event {
        let document = try load(id)
        let user = try state.activeUser(context.actor)
        let version = try acknowledgeable(document, wanted)
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
        let before = EventState(document.workflowState(on: today))
        let role: Role = user.has(.reader) ? .reader : user.roles.first ?? .reader
        return try record(document, role: role, meaning: .acknowledgement, actor: user, before: before) {
            var header = $0
            header.contentHash = version.contentHash
            return .acknowledge(header, version: version.version)
        }
    }
}
