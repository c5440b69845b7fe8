/// Something a user asks the store to record.
public enum Action: Sendable, Equatable {
    case initialize(controller: NewUser, configuration: StoreConfiguration)
    case addUser(NewUser)
    case revokeUser(id: String, reason: String)
    case setType(name: String, settings: StoreConfiguration.DocumentType)
    case create(type: String, title: String, content: [UInt8], reason: String)
    case edit(document: String, content: [UInt8], reason: String)
    case submit(document: String, reviewers: [String], approvers: [String])
    case review(document: String, accept: Bool, comment: String?)
    case approve(document: String, comment: String?)
    case reject(document: String, reason: String)
    case issue(document: String, effective: Day?)
    case retire(document: String, reason: String)
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
