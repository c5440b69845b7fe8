/// Something a user asks the store to record.
public enum Action: Sendable, Equatable {
    case initialize(controller: NewUser, configuration: StoreConfiguration)
    case addUser(NewUser)
    case revokeUser(id: UserID, reason: String)
    /// A second controller confirms an enrolment (or a key or roles another controller gave),
    /// when the store requires it; `key` and `roles`, when given, are what the confirming
    /// controller checked, and must still be the user's.
    case confirmUser(id: UserID, key: PublicKey? = nil, roles: [Role]? = nil)
    /// From now on every enrolment needs a second controller's confirmation.
    case requireEnrolmentConfirmation
    case setType(name: String, settings: StoreConfiguration.DocumentType)
    /// Changes some settings of a type (or adds one), the rest as they are when it is recorded;
    /// recorded, and verified, as the `setType` it comes to.
    case changeType(name: String, changes: StoreConfiguration.TypeChanges)
    /// A new document; `attachments` are the files its text links to (images, forms), by the
    /// path it links them by.
    case create(type: String, title: String, content: [UInt8], reason: String, attachments: [String: [UInt8]] = [:])
    /// New draft content; `attachments` are added to the document's files, replacing any of the same path.
    case edit(document: DocumentID, content: [UInt8], reason: String, attachments: [String: [UInt8]] = [:])
    case submit(document: DocumentID, reviewers: [UserID], approvers: [UserID])
    case review(document: DocumentID, accept: Bool, comment: String?)
    case approve(document: DocumentID, comment: String?)
    case reject(document: DocumentID, reason: String)
    case issue(document: DocumentID, effective: Day?)
    case retire(document: DocumentID, reason: String)
    /// The periodic review: the effective version is still valid; the next review moves on.
    case reaffirm(document: DocumentID, comment: String)
    /// Who must read and acknowledge the document's effective version.
    case distribute(document: DocumentID, users: [UserID], roles: [Role])
    /// "Read and understood" for the version in force, or for `version` when it is the one in
    /// force or issued to take effect later (training ahead of go-live).
    case acknowledge(document: DocumentID, version: Int? = nil)
    /// Changes a document's title, owner, department or the documents it is part of; nil keeps
    /// what is set (an empty `partOf` removes the links).
    case updateDocument(
        document: DocumentID, title: String?, owner: UserID?, department: String?, partOf: [DocumentID]? = nil,
        reason: String)
    /// Names other reviewers or approvers for a revision in review; an empty list keeps those
    /// assigned. Signatures already given by those who stay are kept.
    case reassign(document: DocumentID, reviewers: [UserID], approvers: [UserID], reason: String)
    /// Takes a revision in review (or approved, not yet issued) back to draft.
    case withdraw(document: DocumentID, reason: String)
    /// Replaces a user's key from now on; what they signed before stays valid under the old one.
    case rekeyUser(id: UserID, key: PublicKey, reason: String)
    /// Gives a user a new set of roles.
    case setRoles(id: UserID, roles: [Role], reason: String)
    /// Brings in a document from an existing quality system, as effective or as a draft.
    case importDocument(ImportedDocument)
    /// Registers numbered controlled copy `number` of `version`, given to `holder`; `file` is
    /// the SHA-256 of the file issued.
    case issueCopy(document: DocumentID, version: Int, number: Int, holder: String, file: String)
    case recallCopy(document: DocumentID, number: Int, reason: String)
    /// Confirms that a recalled copy was destroyed.
    case destroyCopy(document: DocumentID, number: Int)
    /// Sets the store's organisation and time zone; nil keeps what is set.
    case configureStore(organisation: String?, timeZone: String?)
}

extension Action {
    /// A new document from `content`, whose front matter may give the title, or else from the
    /// type's template.
    public static func newDocument(
        type: String, title: String?, content: [UInt8]?, reason: String, attachments: [String: [UInt8]] = [:]
    ) throws(StetError) -> Action {
        let frontMatter = try content.map { bytes throws(StetError) in try DocumentContent.validate(bytes) }
        guard let title = title ?? frontMatter?.title else { throw .noTitle }
        return .create(
            type: type, title: title, content: content ?? Templates.instantiate(type: type, title: title),
            reason: reason, attachments: attachments)
    }
}

extension Snapshot {
    /// What signing `action` means, said before the signer gives their passphrase (21 CFR
    /// 11.50): "approval of SOP-0001 revision 2 — Specimen reception".
    public func signingStatement(for action: Action) -> String {
        func about(_ id: DocumentID) -> String {
            guard let document = try? document(id) else { return id.text }
            let revision = document.working.map { " revision \($0.number)" } ?? ""
            return "\(id.text)\(revision) — \(document.title)"
        }
        func version(_ id: DocumentID) -> String {
            guard let document = try? document(id) else { return id.text }
            let inForce = document.effectiveVersion(on: today).map { " v\($0.version)" } ?? ""
            return "\(id.text)\(inForce) — \(document.title)"
        }
        switch action {
        case .initialize: return "administration: creating this store"
        case .addUser(let user): return "administration: enrolling \(user.name) (\(user.id))"
        case .revokeUser(let id, _): return "administration: revoking \(id)"
        case .confirmUser(let id, let key, let roles):
            let details = [
                key.map { "key \($0.fingerprint)" },
                roles.map { "roles \($0.map(\.rawValue).joined(separator: ", "))" },
            ]
            .compactMap { $0 }
            return "administration: confirming the enrolment of \(id)"
                + (details.isEmpty ? "" : " (\(details.joined(separator: "; ")))")
        case .requireEnrolmentConfirmation: return "administration: requiring a second controller for enrolments"
        case .setType(let name, _), .changeType(let name, _): return "administration: document type \(name)"
        case .create(let type, let title, _, _, _): return "authorship of a new \(type) — \(title)"
        case .edit(let id, _, _, _): return "authorship of new content for \(about(id))"
        case .submit(let id, _, _): return "authorship: submitting \(about(id)) for review"
        case .review(let id, let accept, _): return "\(accept ? "review" : "rejection") of \(about(id))"
        case .approve(let id, _): return "approval of \(about(id))"
        case .reject(let id, _): return "rejection of \(about(id))"
        case .issue(let id, _): return "issue of \(about(id)) as the next version"
        case .retire(let id, _): return "retirement of \(version(id))"
        case .reaffirm(let id, _): return "periodic review of \(version(id))"
        case .distribute(let id, _, _): return "administration: the distribution of \(id.text)"
        case .acknowledge(let id, let number):
            if let number, let document = try? document(id) {
                return "acknowledgement (read and understood) of \(id.text) v\(number) — \(document.title)"
            }
            return "acknowledgement (read and understood) of \(version(id))"
        case .updateDocument(let id, _, _, _, _, _): return "administration: the details of \(about(id))"
        case .reassign(let id, _, _, _): return "administration: the reviewers and approvers of \(about(id))"
        case .withdraw(let id, _): return "withdrawal of \(about(id)) from review"
        case .rekeyUser(let id, let key, _): return "administration: a new key for \(id) (\(key.fingerprint))"
        case .setRoles(let id, let roles, _):
            return "administration: the roles of \(id) (\(roles.map(\.rawValue).joined(separator: ", ")))"
        case .importDocument(let imported): return "issue by import of \(imported.id) — \(imported.title)"
        case .issueCopy(let id, let version, let number, let holder, _):
            return "issue of controlled copy \(number) of \(id.text) v\(version) to \(holder)"
        case .recallCopy(let id, let number, _): return "administration: recalling copy \(number) of \(id.text)"
        case .destroyCopy(let id, let number): return "administration: the destruction of copy \(number) of \(id.text)"
        case .configureStore: return "administration: the store's settings"
        }
    }
}
