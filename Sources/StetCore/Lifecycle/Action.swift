/// Something a user asks the store to record.
public enum Action: Sendable, Equatable {
    case initialize(controller: NewUser, configuration: StoreConfiguration)
    case addUser(NewUser)
    case revokeUser(id: String, reason: String)
    /// A second controller confirms an enrolment, when the store requires it.
    case confirmUser(id: String)
    /// From now on every enrolment needs a second controller's confirmation.
    case requireEnrolmentConfirmation
    case setType(name: String, settings: StoreConfiguration.DocumentType)
    case create(type: String, title: String, content: [UInt8], reason: String)
    case edit(document: String, content: [UInt8], reason: String)
    case submit(document: String, reviewers: [String], approvers: [String])
    case review(document: String, accept: Bool, comment: String?)
    case approve(document: String, comment: String?)
    case reject(document: String, reason: String)
    case issue(document: String, effective: Day?)
    case retire(document: String, reason: String)
    /// The periodic review: the effective version is still valid; the next review moves on.
    case reaffirm(document: String, comment: String)
    /// Who must read and acknowledge the document's effective version.
    case distribute(document: String, users: [String], roles: [Role])
    /// "Read and understood" for the version in force.
    case acknowledge(document: String)
    /// Brings in a document from an existing quality system, as effective or as a draft.
    case importDocument(ImportedDocument)
}

extension Action {
    /// A new document from `content`, whose front matter may give the title, or else from the
    /// type's template.
    public static func newDocument(
        type: String, title: String?, content: [UInt8]?, reason: String
    ) throws(StetError) -> Action {
        let frontMatter = try content.map { bytes throws(StetError) in try DocumentContent.validate(bytes) }
        guard let title = title ?? frontMatter?.title else { throw .noTitle }
        return .create(
            type: type, title: title, content: content ?? Templates.instantiate(type: type, title: title),
            reason: reason)
    }
}
