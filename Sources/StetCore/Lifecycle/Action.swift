/// Something a user asks the store to record.
public enum Action: Sendable, Equatable {
    case initialize(controller: NewUser, configuration: StoreConfiguration)
    case addUser(NewUser)
    case revokeUser(id: UserID, reason: String)
    /// A second controller confirms an enrolment, when the store requires it.
    case confirmUser(id: UserID)
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
    /// "Read and understood" for the version in force.
    case acknowledge(document: DocumentID)
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
