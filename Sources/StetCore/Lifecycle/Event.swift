import Foundation

/// The kinds of event a store records, one commit each.
public enum EventKind: String, Codable, Sendable, CaseIterable {
    case initialize = "init"
    case addUser = "user-add"
    case revokeUser = "user-revoke"
    case confirmUser = "user-confirm"
    case requireEnrolmentConfirmation = "enrolment-confirmation"
    case setType = "type-set"
    case create
    case edit
    case submit
    case review
    case approve
    case reject
    case issue
    case retire
    case reaffirm
    case distribute
    case acknowledge
    case importDocument = "import"
    case issueCopy = "copy-issue"
    case recallCopy = "copy-recall"
    case destroyCopy = "copy-destroyed"
    case configureStore = "settings-set"
    case updateDocument = "document-update"
    case reassign
    case withdraw
    case rekeyUser = "user-rekey"
    case setRoles = "user-roles"

    /// Whether events of this kind may change a user's record (`config/users`); no other does.
    var managesUsers: Bool {
        switch self {
        case .initialize, .addUser, .revokeUser, .confirmUser, .rekeyUser, .setRoles: true
        default: false
        }
    }

    /// Whether events of this kind on a document name its revision: copies concern a version.
    var namesRevision: Bool { ![.issueCopy, .recallCopy, .destroyCopy].contains(self) }

    /// Whether events of this kind on a document name content (`Stet-Content-Hash`): a change of
    /// details, a recall and a destruction concern none.
    var namesContent: Bool { ![.updateDocument, .recallCopy, .destroyCopy].contains(self) }

    /// Parses an event kind's name, or throws an error listing them all.
    public static func parse(_ text: String) throws(StetError) -> EventKind {
        guard let kind = EventKind(rawValue: text) else {
            throw .invalidText(
                field: "event",
                problem: "'\(Text.printable(text))' is not one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }
}

/// What a signature means (21 CFR 11.50).
public enum Meaning: String, Codable, Sendable {
    case authorship
    case review
    case approval
    case rejection
    case issue
    case retirement
    case acknowledgement
    case administration
}

/// One recorded event: the fields of an event commit's message.
///
/// The message is a human-readable subject line followed by `Stet-*` trailers; it is derived
/// from these fields alone, so a message can be checked by rebuilding it. What an event records
/// beyond who signed it and how is its `payload`, a type per kind.
public struct Event: Equatable, Sendable {
    public var sequence: Int
    public var actor: String
    public var actorName: String
    public var role: Role
    public var meaning: Meaning
    /// Format 2: the fingerprint (`SHA256:…`) of the key the actor held at the event's time, the
    /// one the commit must be signed with. Every format-2 event has it; no format-1 event does.
    public var signingKey: String?
    public var payload: Payload

    init(_ payload: Payload, sequence: Int, actor: User, role: Role, meaning: Meaning) {
        self.payload = payload
        self.sequence = sequence
        self.actor = actor.id
        self.actorName = actor.name
        self.role = role
        self.meaning = meaning
    }

    init(
        _ payload: Payload, sequence: Int, actor: String, actorName: String, role: Role, meaning: Meaning,
        signingKey: String?
    ) {
        self.payload = payload
        self.sequence = sequence
        self.actor = actor
        self.actorName = actorName
        self.role = role
        self.meaning = meaning
        self.signingKey = signingKey
    }

    public var kind: EventKind { payload.kind }

    /// Whether the event was written in format 2 or later, whose events name the previous event
    /// on their document (`previousEvent`) rather than leave it to the tree's event index.
    public var namesPreviousEvent: Bool { signingKey != nil }

    // What people and indexes ask of any event, whatever its kind.

    /// The document the event is on; nil for an event on the store or its users.
    public var document: String? { payload.header?.document }
    public var previousEvent: String? { payload.header?.previousEvent }
    public var revision: Int? { payload.header?.revision }
    public var stateBefore: EventState? { payload.header?.stateBefore }
    public var stateAfter: EventState? { payload.header?.stateAfter }
    public var contentHash: String? {
        if case .initialize(_, let configurationHash) = payload { return configurationHash }
        return payload.header?.contentHash
    }

    /// The version the event concerns, where it concerns one.
    public var version: Int? {
        switch payload {
        case .issue(_, let version, _), .reaffirm(_, let version, _), .acknowledge(_, let version): version
        case .retire(_, let version, _): version
        case .importDocument(_, let imported): imported.version
        case .issueCopy(_, let copy, _, _), .recallCopy(_, let copy, _), .destroyCopy(_, let copy): copy.version
        default: nil
        }
    }

    /// The reason or comment the actor gave, where the kind takes one.
    public var reason: String? {
        switch payload {
        case .revokeUser(_, let reason), .rekeyUser(_, _, _, let reason), .setRoles(_, _, _, let reason),
            .create(_, _, _, let reason, _), .edit(_, let reason, _), .reject(_, let reason),
            .retire(_, _, let reason), .reaffirm(_, _, let reason), .updateDocument(_, _, let reason),
            .reassign(_, _, _, let reason), .withdraw(_, let reason), .recallCopy(_, _, let reason):
            reason
        case .review(_, _, let comment), .approve(_, let comment): comment
        default: nil
        }
    }

    /// The user an administration event is about.
    public var subjectUser: String? {
        switch payload {
        case .initialize(let enrolment, _), .addUser(let enrolment): enrolment.user
        case .revokeUser(let user, _), .confirmUser(let user, _, _, _), .rekeyUser(let user, _, _, _),
            .setRoles(let user, _, _, _):
            user
        default: nil
        }
    }

    /// The subject line people read in `git log`.
    public var summary: String {
        let doc = document ?? "?"
        let rev = revision.map { "revision \($0)" } ?? "revision ?"
        switch payload {
        case .initialize: return "Store created by \(actorName)"
        case .addUser(let user): return "User \(user.user) (\(user.name)) added by \(actorName)"
        case .revokeUser(let user, _): return "User \(user) revoked by \(actorName)"
        case .confirmUser(let user, _, _, _): return "Enrolment of \(user) confirmed by \(actorName)"
        case .requireEnrolmentConfirmation:
            return "Enrolments now need a second controller's confirmation, set by \(actorName)"
        case .setType(let name, _): return "Document type \(name) configured by \(actorName)"
        case .create(_, _, let title, _, _): return "\(doc) \(rev) drafted by \(actorName): \(title)"
        case .edit: return "\(doc) \(rev) drafted by \(actorName)"
        case .submit: return "\(doc) \(rev) submitted for review by \(actorName)"
        case .review(_, let verdict, _): return "\(doc) \(rev) review \(verdict) by \(actorName)"
        case .approve: return "\(doc) \(rev) approved by \(actorName)"
        case .reject: return "\(doc) \(rev) rejected by \(actorName)"
        case .issue(_, let version, let effective):
            return "\(doc) v\(version) issued by \(actorName), effective \(effective)"
        case .retire: return "\(doc) retired by \(actorName)"
        case .reaffirm(_, let version, _): return "\(doc) v\(version) reviewed and reaffirmed by \(actorName)"
        case .distribute: return "\(doc) distribution set by \(actorName)"
        case .acknowledge(_, let version): return "\(doc) v\(version) read and understood by \(actorName)"
        case .importDocument(_, let imported):
            if let version = imported.version {
                return "\(doc) v\(version) imported by \(actorName) from \(imported.source)"
            }
            return "\(doc) imported as a draft by \(actorName) from \(imported.source)"
        case .issueCopy(_, let copy, let holder, _): return "\(copyName(copy)) issued to \(holder) by \(actorName)"
        case .recallCopy(_, let copy, _): return "\(copyName(copy)) recalled by \(actorName)"
        case .destroyCopy(_, let copy): return "\(copyName(copy)) destroyed, confirmed by \(actorName)"
        case .configureStore: return "Store settings changed by \(actorName)"
        case .updateDocument(_, let details, _): return "\(doc) details changed by \(actorName): \(details.title)"
        case .reassign: return "\(doc) \(rev) reviewers and approvers changed by \(actorName)"
        case .withdraw: return "\(doc) \(rev) withdrawn from review by \(actorName)"
        case .rekeyUser(let user, _, _, _): return "User \(user) given a new key by \(actorName)"
        case .setRoles(let user, _, _, _): return "Roles of \(user) changed by \(actorName)"
        }
    }

    /// A registered copy as people name it: `SOP-0001 v2 copy 3`.
    private func copyName(_ copy: Copy) -> String { "\(document ?? "?") v\(copy.version) copy \(copy.number)" }
}
