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
/// from these fields alone, so a message can be checked by rebuilding it.
public struct Event: Equatable, Sendable, Codable {
    public var kind: EventKind
    public var sequence: Int
    public var actor: String
    public var actorName: String
    public var role: Role
    public var meaning: Meaning
    public var document: String?
    public var title: String?
    public var type: String?
    public var revision: Int?
    public var version: Int?
    /// For an import: the version as the old system wrote it (`2.1.2`).
    public var versionLabel: String?
    public var stateBefore: EventState?
    public var stateAfter: EventState?
    public var reason: String?
    public var contentHash: String?
    public var reviewers: [String]?
    public var approvers: [String]?
    public var verdict: String?
    public var effective: Day?
    public var subjectUser: String?
    public var subjectName: String?
    public var subjectRoles: [Role]?
    public var subjectKey: String?
    public var typePrefix: String?
    public var typeDigits: Int?
    public var typeReviewMonths: Int?
    public var typeApprovals: Int?
    /// Format 3, for `type-set`: true when one person may review and approve a revision.
    public var typeReviewerMayApprove: Bool?
    public var distributionUsers: [String]?
    public var distributionRoles: [Role]?
    /// For an import: the file it came from, relative to the imported folder.
    public var source: String?
    /// For an import, a create or an edit: the files the document links to, stored beside it.
    public var attachments: [String]?
    /// For the copy register: the copy's number, who or where holds it, and its file's hash.
    public var copyNumber: Int?
    public var copyHolder: String?
    public var copyFile: String?
    /// For a document's details: its owner and department, as they stand after the event.
    public var owner: String?
    public var department: String?
    /// Format 3, for an import or a document's details: the documents it belongs to after the event.
    public var partOf: [String]?
    /// Format 3, for an import, a create or an edit: the standards' clauses its content is tagged
    /// with (`13485:7.5.9`), as `ClauseTags` reads them.
    public var clauses: [String]?
    /// For the store's settings: the organisation and time zone, as set.
    public var organisation: String?
    public var timeZone: String?
    /// Format 2: the commit of the previous event on `document` (absent for its first), so that a
    /// document's history is read one commit an event.
    public var previousEvent: String?
    /// Format 2: the fingerprint (`SHA256:…`) of the key the actor held at the event's time, the
    /// one the commit must be signed with. Every format-2 event has it; no format-1 event does.
    public var signingKey: String?

    /// Whether the event was written in format 2 or later, whose events name the previous event
    /// on their document (`previousEvent`) rather than leave it to the tree's event index.
    public var namesPreviousEvent: Bool { signingKey != nil }

    init(kind: EventKind, sequence: Int, actor: User, role: Role, meaning: Meaning) {
        self.kind = kind
        self.sequence = sequence
        self.actor = actor.id
        self.actorName = actor.name
        self.role = role
        self.meaning = meaning
    }

    /// The subject line people read in `git log`.
    public var summary: String {
        let doc = document ?? "?"
        let rev = revision.map { "revision \($0)" } ?? "revision ?"
        switch kind {
        case .initialize: return "Store created by \(actorName)"
        case .addUser: return "User \(subjectUser ?? "?") (\(subjectName ?? "?")) added by \(actorName)"
        case .revokeUser: return "User \(subjectUser ?? "?") revoked by \(actorName)"
        case .confirmUser: return "Enrolment of \(subjectUser ?? "?") confirmed by \(actorName)"
        case .requireEnrolmentConfirmation:
            return "Enrolments now need a second controller's confirmation, set by \(actorName)"
        case .setType: return "Document type \(type ?? "?") configured by \(actorName)"
        case .create: return "\(doc) \(rev) drafted by \(actorName): \(title ?? "")"
        case .edit: return "\(doc) \(rev) drafted by \(actorName)"
        case .submit: return "\(doc) \(rev) submitted for review by \(actorName)"
        case .review: return "\(doc) \(rev) review \(verdict ?? "?") by \(actorName)"
        case .approve: return "\(doc) \(rev) approved by \(actorName)"
        case .reject: return "\(doc) \(rev) rejected by \(actorName)"
        case .issue:
            return
                "\(doc) v\(version.map(String.init) ?? "?") issued by \(actorName), effective \(effective.map(\.description) ?? "?")"
        case .retire: return "\(doc) retired by \(actorName)"
        case .reaffirm:
            return "\(doc) v\(version.map(String.init) ?? "?") reviewed and reaffirmed by \(actorName)"
        case .distribute: return "\(doc) distribution set by \(actorName)"
        case .acknowledge:
            return "\(doc) v\(version.map(String.init) ?? "?") read and understood by \(actorName)"
        case .importDocument:
            if let version {
                return "\(doc) v\(version) imported by \(actorName) from \(source ?? "?")"
            }
            return "\(doc) imported as a draft by \(actorName) from \(source ?? "?")"
        case .issueCopy:
            return "\(copyName) issued to \(copyHolder ?? "?") by \(actorName)"
        case .recallCopy: return "\(copyName) recalled by \(actorName)"
        case .destroyCopy: return "\(copyName) destroyed, confirmed by \(actorName)"
        case .configureStore: return "Store settings changed by \(actorName)"
        case .updateDocument: return "\(doc) details changed by \(actorName): \(title ?? "")"
        case .reassign: return "\(doc) \(rev) reviewers and approvers changed by \(actorName)"
        case .withdraw: return "\(doc) \(rev) withdrawn from review by \(actorName)"
        case .rekeyUser: return "User \(subjectUser ?? "?") given a new key by \(actorName)"
        case .setRoles: return "Roles of \(subjectUser ?? "?") changed by \(actorName)"
        }
    }

    /// A registered copy as people name it: `SOP-0001 v2 copy 3`.
    var copyName: String {
        "\(document ?? "?") v\(version.map(String.init) ?? "?") copy \(copyNumber.map(String.init) ?? "?")"
    }
}
