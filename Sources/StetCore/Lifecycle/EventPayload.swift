/// What each kind of event records, a type of its own per kind: the compiler checks that each
/// kind is written with its fields, and a message is read back only with exactly its kind's
/// trailers (`EventMessage.swift`).
extension Event {
    public enum Payload: Equatable, Sendable {
        /// The store created, with its first controller.
        case initialize(Enrolment, configurationHash: String)
        case addUser(Enrolment)
        case revokeUser(user: String, reason: String)
        /// A second controller's confirmation; the key and roles when they were changed with it.
        case confirmUser(user: String, name: String, key: String?, roles: [Role]?)
        case requireEnrolmentConfirmation
        case rekeyUser(user: String, name: String, key: String, reason: String)
        case setRoles(user: String, name: String, roles: [Role], reason: String)
        case setType(name: String, TypeSettings)
        case configureStore(organisation: String?, timeZone: String?)

        case create(DocumentHeader, type: String, title: String, reason: String, Content)
        case edit(DocumentHeader, reason: String, Content)
        case submit(DocumentHeader, reviewers: [String], approvers: [String])
        case review(DocumentHeader, verdict: String, comment: String?)
        case approve(DocumentHeader, comment: String?)
        case reject(DocumentHeader, reason: String)
        case issue(DocumentHeader, version: Int, effective: Day)
        case retire(DocumentHeader, version: Int?, reason: String)
        case reaffirm(DocumentHeader, version: Int, comment: String)
        case distribute(DocumentHeader, users: [String], roles: [Role])
        case acknowledge(DocumentHeader, version: Int)
        case importDocument(DocumentHeader, Import)
        case updateDocument(DocumentHeader, Details, reason: String)
        case reassign(DocumentHeader, reviewers: [String], approvers: [String], reason: String)
        case withdraw(DocumentHeader, reason: String)
        case issueCopy(DocumentHeader, Copy, holder: String, file: String)
        case recallCopy(DocumentHeader, Copy, reason: String)
        case destroyCopy(DocumentHeader, Copy)

        public var kind: EventKind {
            switch self {
            case .initialize: .initialize
            case .addUser: .addUser
            case .revokeUser: .revokeUser
            case .confirmUser: .confirmUser
            case .requireEnrolmentConfirmation: .requireEnrolmentConfirmation
            case .rekeyUser: .rekeyUser
            case .setRoles: .setRoles
            case .setType: .setType
            case .configureStore: .configureStore
            case .create: .create
            case .edit: .edit
            case .submit: .submit
            case .review: .review
            case .approve: .approve
            case .reject: .reject
            case .issue: .issue
            case .retire: .retire
            case .reaffirm: .reaffirm
            case .distribute: .distribute
            case .acknowledge: .acknowledge
            case .importDocument: .importDocument
            case .updateDocument: .updateDocument
            case .reassign: .reassign
            case .withdraw: .withdraw
            case .issueCopy: .issueCopy
            case .recallCopy: .recallCopy
            case .destroyCopy: .destroyCopy
            }
        }

        /// The document the event is on, with where it stood before and after; nil for an event
        /// on the store or its users.
        public var header: DocumentHeader? {
            switch self {
            case .initialize, .addUser, .revokeUser, .confirmUser, .requireEnrolmentConfirmation, .rekeyUser,
                .setRoles, .setType, .configureStore:
                nil
            case .create(let header, _, _, _, _), .edit(let header, _, _), .submit(let header, _, _),
                .review(let header, _, _), .approve(let header, _), .reject(let header, _),
                .issue(let header, _, _), .retire(let header, _, _), .reaffirm(let header, _, _),
                .distribute(let header, _, _), .acknowledge(let header, _), .importDocument(let header, _),
                .updateDocument(let header, _, _), .reassign(let header, _, _, _), .withdraw(let header, _),
                .issueCopy(let header, _, _, _), .recallCopy(let header, _, _), .destroyCopy(let header, _):
                header
            }
        }

        /// Changes the document header of an event on a document; nothing for any other event.
        mutating func changeHeader(_ change: (inout DocumentHeader) -> Void) {
            guard var header else { return }
            change(&header)
            switch self {
            case .initialize, .addUser, .revokeUser, .confirmUser, .requireEnrolmentConfirmation, .rekeyUser,
                .setRoles, .setType, .configureStore:
                return
            case .create(_, let type, let title, let reason, let content):
                self = .create(header, type: type, title: title, reason: reason, content)
            case .edit(_, let reason, let content): self = .edit(header, reason: reason, content)
            case .submit(_, let reviewers, let approvers):
                self = .submit(header, reviewers: reviewers, approvers: approvers)
            case .review(_, let verdict, let comment): self = .review(header, verdict: verdict, comment: comment)
            case .approve(_, let comment): self = .approve(header, comment: comment)
            case .reject(_, let reason): self = .reject(header, reason: reason)
            case .issue(_, let version, let effective): self = .issue(header, version: version, effective: effective)
            case .retire(_, let version, let reason): self = .retire(header, version: version, reason: reason)
            case .reaffirm(_, let version, let comment): self = .reaffirm(header, version: version, comment: comment)
            case .distribute(_, let users, let roles): self = .distribute(header, users: users, roles: roles)
            case .acknowledge(_, let version): self = .acknowledge(header, version: version)
            case .importDocument(_, let imported): self = .importDocument(header, imported)
            case .updateDocument(_, let details, let reason): self = .updateDocument(header, details, reason: reason)
            case .reassign(_, let reviewers, let approvers, let reason):
                self = .reassign(header, reviewers: reviewers, approvers: approvers, reason: reason)
            case .withdraw(_, let reason): self = .withdraw(header, reason: reason)
            case .issueCopy(_, let copy, let holder, let file):
                self = .issueCopy(header, copy, holder: holder, file: file)
            case .recallCopy(_, let copy, let reason): self = .recallCopy(header, copy, reason: reason)
            case .destroyCopy(_, let copy): self = .destroyCopy(header, copy)
            }
        }
    }

    /// A user as enrolled: the subject of `init` and `user-add`.
    public struct Enrolment: Equatable, Sendable {
        public var user: String
        public var name: String
        public var roles: [Role]
        /// The user's public key, in OpenSSH's one-line form.
        public var key: String
    }

    /// A document type's settings as `type-set` records them.
    public struct TypeSettings: Equatable, Sendable {
        public var title: String
        public var prefix: String
        public var digits: Int
        public var reviewMonths: Int
        public var approvals: Int
        /// Format 3: whether one person may review and approve a revision.
        public var reviewerMayApprove: Bool?
    }

    /// What every event on a document records: which document, the revision, where the document
    /// stood before and after, and the content it concerns.
    public struct DocumentHeader: Equatable, Sendable {
        public var document: String
        /// Format 2: the commit of the previous event on the document (absent for its first), so
        /// that a document's history is read one commit an event.
        public var previousEvent: String? = nil
        /// The revision acted on; never named by copy events (`EventKind.namesRevision`).
        public var revision: Int?
        public var stateBefore: EventState
        public var stateAfter: EventState
        /// `sha256:<hex>` of the content the event concerns, where its kind concerns one
        /// (`EventKind.namesContent`).
        public var contentHash: String?
    }

    /// A revision's content as `create` and `edit` record it: the files it links to, stored
    /// beside it, and (format 3) the standards' clauses it is tagged with (`13485:7.5.9`).
    public struct Content: Equatable, Sendable {
        public var attachments: [String]?
        public var clauses: [String]?
    }

    /// A document brought in from another system.
    public struct Import: Equatable, Sendable {
        public var type: String
        public var title: String
        /// The version it comes in as, its old label (`2.1.2`) and its effective date; nil for a draft.
        public var version: Int?
        public var versionLabel: String?
        public var effective: Day?
        /// The file it came from, relative to the imported folder.
        public var source: String
        public var attachments: [String]?
        /// Format 3: the documents it belongs to, and its clause tags.
        public var partOf: [String]?
        public var clauses: [String]?
    }

    /// A document's details as they stand after `document-update`.
    public struct Details: Equatable, Sendable {
        public var title: String
        public var owner: String
        public var department: String?
        /// Format 3: the documents it belongs to after the event.
        public var partOf: [String]?
    }

    /// A registered copy: of which version, and its number.
    public struct Copy: Equatable, Sendable {
        public var version: Int
        public var number: Int
    }
}
