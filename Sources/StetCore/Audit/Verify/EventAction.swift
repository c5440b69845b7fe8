import StetGit

/// Turning an event back into the action it records, for the replay.
extension Verifier {
    /// Rebuilds the action an event records; document content comes from the commit's own tree.
    static func action(for event: Event, after state: some StateReader) throws(StetError) -> Action {
        func required<T>(_ value: T?, _ field: String) throws(StetError) -> T {
            guard let value else { throw .storeCorrupt("the event has no \(field)") }
            return value
        }
        func subject() throws(StetError) -> NewUser {
            NewUser(
                id: try UserID(try required(event.subjectUser, "subject user")),
                name: try required(event.subjectName, "subject name"),
                roles: try required(event.subjectRoles, "subject roles"),
                key: try PublicKey(openSSH: try required(event.subjectKey, "subject key")))
        }
        func content() throws(StetError) -> [UInt8] {
            let id = try Identifier.document(try required(event.document, "document"))
            return try required(try state.file(Layout.draft(id)), "content at \(Layout.draft(id))")
        }
        /// The files the event says it stored, as its commit's tree holds them.
        func attachments() throws(StetError) -> [String: [UInt8]] {
            let id = try Identifier.document(try required(event.document, "document"))
            var files: [String: [UInt8]] = [:]
            for path in event.attachments ?? [] {
                files[path] = try required(try state.file(Layout.attachment(id, path)), "attachment \(path)")
            }
            return files
        }
        var document: DocumentID {
            get throws(StetError) { try DocumentID(try required(event.document, "document")) }
        }
        switch event.kind {
        case .initialize:
            return .initialize(controller: try subject(), configuration: try state.configuration())
        case .addUser:
            return .addUser(try subject())
        case .revokeUser:
            return .revokeUser(
                id: try UserID(try required(event.subjectUser, "subject user")), reason: event.reason ?? "")
        case .confirmUser:
            return .confirmUser(
                id: try UserID(try required(event.subjectUser, "subject user")),
                key: try event.subjectKey.map { text throws(StetError) in try PublicKey(openSSH: text) },
                roles: event.subjectRoles)
        case .requireEnrolmentConfirmation:
            return .requireEnrolmentConfirmation
        case .setType:
            return .setType(
                name: try required(event.type, "type"),
                settings: .init(
                    title: try required(event.title, "type title"), prefix: try required(event.typePrefix, "prefix"),
                    digits: try required(event.typeDigits, "digits"),
                    reviewIntervalMonths: try required(event.typeReviewMonths, "review interval"),
                    approvalsRequired: try required(event.typeApprovals, "approvals"),
                    reviewerMayApprove: event.typeReviewerMayApprove ?? false))
        case .create:
            return .create(
                type: try required(event.type, "type"), title: try required(event.title, "title"),
                content: try content(), reason: event.reason ?? "", attachments: try attachments())
        case .edit:
            return .edit(
                document: try document, content: try content(), reason: event.reason ?? "",
                attachments: try attachments())
        case .submit:
            return .submit(
                document: try document, reviewers: try UserID.list(event.reviewers ?? []),
                approvers: try UserID.list(event.approvers ?? []))
        case .review:
            return .review(document: try document, accept: event.verdict == "accepted", comment: event.reason)
        case .approve:
            return .approve(document: try document, comment: event.reason)
        case .reject:
            return .reject(document: try document, reason: event.reason ?? "")
        case .issue:
            return .issue(document: try document, effective: event.effective)
        case .retire:
            return .retire(document: try document, reason: event.reason ?? "")
        case .reaffirm:
            return .reaffirm(document: try document, comment: event.reason ?? "")
        case .distribute:
            return .distribute(
                document: try document, users: try UserID.list(event.distributionUsers ?? []),
                roles: event.distributionRoles ?? [])
        case .acknowledge:
            return .acknowledge(document: try document, version: event.version)
        case .updateDocument:
            // From format 3 the event names the links after it, none when the trailer is absent.
            let linked = try state.configuration().format >= 3 ? event.partOf ?? [] : event.partOf
            return .updateDocument(
                document: try document, title: event.title,
                owner: try event.owner.map { text throws(StetError) in try UserID(text) },
                department: event.department,
                partOf: try linked.map { ids throws(StetError) in
                    try ids.map { id throws(StetError) in try DocumentID(id) }
                },
                reason: event.reason ?? "")
        case .reassign:
            return .reassign(
                document: try document, reviewers: try UserID.list(event.reviewers ?? []),
                approvers: try UserID.list(event.approvers ?? []), reason: event.reason ?? "")
        case .withdraw:
            return .withdraw(document: try document, reason: event.reason ?? "")
        case .rekeyUser:
            return .rekeyUser(
                id: try UserID(try required(event.subjectUser, "subject user")),
                key: try PublicKey(openSSH: try required(event.subjectKey, "subject key")), reason: event.reason ?? "")
        case .setRoles:
            return .setRoles(
                id: try UserID(try required(event.subjectUser, "subject user")),
                roles: try required(event.subjectRoles, "subject roles"), reason: event.reason ?? "")
        case .issueCopy:
            return .issueCopy(
                document: try document, version: try required(event.version, "version"),
                number: try required(event.copyNumber, "copy number"),
                holder: try required(event.copyHolder, "copy holder"), file: try required(event.copyFile, "copy file"))
        case .recallCopy:
            return .recallCopy(
                document: try document, number: try required(event.copyNumber, "copy number"),
                reason: event.reason ?? "")
        case .configureStore:
            return .configureStore(organisation: event.organisation, timeZone: event.timeZone)
        case .destroyCopy:
            return .destroyCopy(document: try document, number: try required(event.copyNumber, "copy number"))
        case .importDocument:
            let id = try Identifier.document(try required(event.document, "document"))
            let contentPath = event.version.map { Layout.version(id, $0) } ?? Layout.draft(id)
            var attachments: [String: [UInt8]] = [:]
            for path in event.attachments ?? [] {
                attachments[path] = try required(try state.file(Layout.attachment(id, path)), "attachment \(path)")
            }
            return .importDocument(
                ImportedDocument(
                    id: id, type: try required(event.type, "type"), title: try required(event.title, "title"),
                    content: try required(try state.file(contentPath), "content at \(contentPath)"),
                    version: event.version,
                    effective: event.effective, source: try required(event.source, "source"), attachments: attachments,
                    versionLabel: event.versionLabel, partOf: event.partOf ?? []))
        }
    }
}
