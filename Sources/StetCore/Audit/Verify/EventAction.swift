import StetGit

/// Turning an event back into the action it records, for the replay.
extension Verifier {
    /// Rebuilds the action an event records; document content comes from the commit's own tree.
    static func action(for event: Event, after state: some StateReader) throws(StetError) -> Action {
        func required<T>(_ value: T?, _ field: String) throws(StetError) -> T {
            guard let value else { throw .storeCorrupt("the event has no \(field)") }
            return value
        }
        func newUser(_ user: Event.Enrolment) throws(StetError) -> NewUser {
            NewUser(
                id: try UserID(user.user), name: user.name, roles: user.roles, key: try PublicKey(openSSH: user.key))
        }
        func draft(of header: Event.DocumentHeader) throws(StetError) -> [UInt8] {
            let id = try Identifier.document(header.document)
            return try required(try state.file(Layout.draft(id)), "content at \(Layout.draft(id))")
        }
        /// The files the event says it stored, as its commit's tree holds them.
        func attachments(_ paths: [String]?, of header: Event.DocumentHeader) throws(StetError) -> [String: [UInt8]] {
            let id = try Identifier.document(header.document)
            var files: [String: [UInt8]] = [:]
            for path in paths ?? [] {
                files[path] = try required(try state.file(Layout.attachment(id, path)), "attachment \(path)")
            }
            return files
        }
        func document(_ header: Event.DocumentHeader) throws(StetError) -> DocumentID {
            try DocumentID(header.document)
        }
        switch event.payload {
        case .initialize(let controller, _):
            return .initialize(controller: try newUser(controller), configuration: try state.configuration())
        case .addUser(let user):
            return .addUser(try newUser(user))
        case .revokeUser(let user, let reason):
            return .revokeUser(id: try UserID(user), reason: reason)
        case .confirmUser(let user, _, let key, let roles):
            return .confirmUser(
                id: try UserID(user), key: try key.map { text throws(StetError) in try PublicKey(openSSH: text) },
                roles: roles)
        case .requireEnrolmentConfirmation:
            return .requireEnrolmentConfirmation
        case .setType(let name, let settings):
            return .setType(
                name: name,
                settings: .init(
                    title: settings.title, prefix: settings.prefix, digits: settings.digits,
                    reviewIntervalMonths: settings.reviewMonths, approvalsRequired: settings.approvals,
                    reviewerMayApprove: settings.reviewerMayApprove ?? false))
        case .create(let header, let type, let title, let reason, let stored):
            return .create(
                type: type, title: title, content: try draft(of: header), reason: reason,
                attachments: try attachments(stored.attachments, of: header))
        case .edit(let header, let reason, let stored):
            return .edit(
                document: try document(header), content: try draft(of: header), reason: reason,
                attachments: try attachments(stored.attachments, of: header))
        case .submit(let header, let reviewers, let approvers):
            return .submit(
                document: try document(header), reviewers: try UserID.list(reviewers),
                approvers: try UserID.list(approvers))
        case .review(let header, let verdict, let comment):
            return .review(document: try document(header), accept: verdict == "accepted", comment: comment)
        case .approve(let header, let comment):
            return .approve(document: try document(header), comment: comment)
        case .reject(let header, let reason):
            return .reject(document: try document(header), reason: reason)
        case .issue(let header, _, let effective):
            return .issue(document: try document(header), effective: effective)
        case .retire(let header, _, let reason):
            return .retire(document: try document(header), reason: reason)
        case .reaffirm(let header, _, let comment):
            return .reaffirm(document: try document(header), comment: comment)
        case .distribute(let header, let users, let roles):
            return .distribute(document: try document(header), users: try UserID.list(users), roles: roles)
        case .acknowledge(let header, let version):
            return .acknowledge(document: try document(header), version: version)
        case .updateDocument(let header, let details, let reason):
            // From format 3 the event names the links after it, none when the trailer is absent.
            let linked = try state.configuration().format >= 3 ? details.partOf ?? [] : details.partOf
            return .updateDocument(
                document: try document(header), title: details.title, owner: try UserID(details.owner),
                department: details.department,
                partOf: try linked.map { ids throws(StetError) in
                    try ids.map { id throws(StetError) in try DocumentID(id) }
                },
                reason: reason)
        case .reassign(let header, let reviewers, let approvers, let reason):
            return .reassign(
                document: try document(header), reviewers: try UserID.list(reviewers),
                approvers: try UserID.list(approvers), reason: reason)
        case .withdraw(let header, let reason):
            return .withdraw(document: try document(header), reason: reason)
        case .rekeyUser(let user, _, let key, let reason):
            return .rekeyUser(id: try UserID(user), key: try PublicKey(openSSH: key), reason: reason)
        case .setRoles(let user, _, let roles, let reason):
            return .setRoles(id: try UserID(user), roles: roles, reason: reason)
        case .issueCopy(let header, let copy, let holder, let file):
            return .issueCopy(
                document: try document(header), version: copy.version, number: copy.number, holder: holder, file: file)
        case .recallCopy(let header, let copy, let reason):
            return .recallCopy(document: try document(header), number: copy.number, reason: reason)
        case .configureStore(let organisation, let timeZone):
            return .configureStore(organisation: organisation, timeZone: timeZone)
        case .destroyCopy(let header, let copy):
            return .destroyCopy(document: try document(header), number: copy.number)
        case .importDocument(let header, let imported):
            let id = try Identifier.document(header.document)
            let contentPath = imported.version.map { Layout.version(id, $0) } ?? Layout.draft(id)
            return .importDocument(
                ImportedDocument(
                    id: id, type: imported.type, title: imported.title,
                    content: try required(try state.file(contentPath), "content at \(contentPath)"),
                    version: imported.version, effective: imported.effective, source: imported.source,
                    attachments: try attachments(imported.attachments, of: header),
                    versionLabel: imported.versionLabel, partOf: imported.partOf ?? []))
        }
    }
}
