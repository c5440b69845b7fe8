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

/// A document read from an existing quality system, ready to enter the store.
public struct ImportedDocument: Sendable, Equatable {
    public var id: String
    public var type: String
    public var title: String
    public var content: [UInt8]
    /// The version number it had; nil imports it as a draft.
    public var version: Int?
    /// The day it took effect in the old system (may be in the past); nil means today.
    public var effective: Day?
    /// Where it came from, relative to the imported folder.
    public var source: String
    /// Files it links to, by their path relative to the document.
    public var attachments: [String: [UInt8]]

    public init(
        id: String, type: String, title: String, content: [UInt8], version: Int?, effective: Day?, source: String,
        attachments: [String: [UInt8]] = [:]
    ) {
        self.id = id
        self.type = type
        self.title = title
        self.content = content
        self.version = version
        self.effective = effective
        self.source = source
        self.attachments = attachments
    }

    public var asDraft: Bool { version == nil }
}

/// The facts about an event that come from outside the action: who, when, and where in the chain.
struct EventContext {
    var actor: String
    var time: Timestamp
    var sequence: Int
    /// The commit the event is recorded on top of, and the document its event concerned.
    var parent: (commit: String, document: String?)?
}

/// What an action does to the store: the event to record and the files to write (nil: remove).
struct Outcome {
    var event: Event
    var writes: [(path: String, bytes: [UInt8]?)]
}
