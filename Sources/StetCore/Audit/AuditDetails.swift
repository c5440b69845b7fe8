import StetGit

/// The details of an event beyond who, what and when: each event's own fields, so an export
/// holds everything its commit does (roles and keys on enrolment, a type's settings, those
/// assigned on submission, a distribution, an effective date, an import's source).
public struct AuditDetails: Codable, Equatable, Sendable {
    public var verdict: String?
    public var effectiveDate: Day?
    public var reviewers: [String]?
    public var approvers: [String]?
    public var distributionUsers: [String]?
    public var distributionRoles: [String]?
    public var subjectUser: String?
    public var subjectName: String?
    public var subjectRoles: [String]?
    /// The fingerprint of the key enrolled or given (`SHA256:…`).
    public var subjectKey: String?
    /// For an enrolment and its confirmation: the controller who enrolled, and who confirmed.
    public var enrolledBy: String?
    public var confirmedBy: String?
    /// For a document: its type; for a type's settings: the type, its title and settings.
    public var type: String?
    public var typeTitle: String?
    public var typePrefix: String?
    public var typeDigits: Int?
    public var typeReviewMonths: Int?
    public var typeApprovals: Int?
    /// For a type's settings (format 3): whether one person may review and approve a revision.
    public var typeReviewerMayApprove: Bool?
    public var source: String?
    public var versionLabel: String?
    public var attachments: [String]?
    public var owner: String?
    public var department: String?
    /// For a document's details: the title, owner and department before the change.
    public var previousTitle: String?
    public var previousOwner: String?
    public var previousDepartment: String?
    /// The documents the document is part of after the event (format 3).
    public var partOf: [String]?
    /// The clauses of standards the content is tagged with (format 3).
    public var clauses: [String]?
    public var copyNumber: Int?
    public var copyHolder: String?
    public var copyFile: String?
    public var organisation: String?
    public var timeZone: String?

    public init() {}

    static let columns = [
        "verdict", "effective_date", "reviewers", "approvers", "distribution_users", "distribution_roles",
        "subject_user", "subject_name", "subject_roles", "subject_key", "enrolled_by", "confirmed_by", "type",
        "type_title", "type_prefix", "type_digits", "type_review_months", "type_approvals",
        "type_reviewer_may_approve", "source", "version_label", "attachments", "owner", "department",
        "previous_title", "previous_owner", "previous_department", "part_of", "clauses", "copy_number",
        "copy_holder", "copy_file", "organisation", "time_zone",
    ]

    var fields: [String] {
        func list(_ values: [String]?) -> String { values?.joined(separator: ", ") ?? "" }
        func number(_ value: Int?) -> String { value.map(String.init) ?? "" }
        return [
            verdict ?? "", effectiveDate?.description ?? "", list(reviewers), list(approvers), list(distributionUsers),
            list(distributionRoles), subjectUser ?? "", subjectName ?? "", list(subjectRoles), subjectKey ?? "",
            enrolledBy ?? "", confirmedBy ?? "", type ?? "", typeTitle ?? "", typePrefix ?? "", number(typeDigits),
            number(typeReviewMonths), number(typeApprovals), typeReviewerMayApprove.map { $0 ? "yes" : "no" } ?? "",
            source ?? "", versionLabel ?? "", list(attachments), owner ?? "", department ?? "", previousTitle ?? "",
            previousOwner ?? "", previousDepartment ?? "", list(partOf), list(clauses), number(copyNumber),
            copyHolder ?? "", copyFile ?? "", organisation ?? "", timeZone ?? "",
        ]
    }

    /// The details `event` records; `enroller` is who enrolled the subject of a confirmation.
    init(_ event: Event, enroller: String?) {
        func subject(_ user: String, name: String?, roles: [Role]?, key: String?) {
            subjectUser = user
            subjectName = name
            subjectRoles = roles?.map(\.rawValue)
            subjectKey = key.flatMap { try? PublicKey(openSSH: $0) }?.fingerprint
        }
        switch event.payload {
        case .initialize(let user, _), .addUser(let user):
            subject(user.user, name: user.name, roles: user.roles, key: user.key)
            enrolledBy = event.actor
        case .revokeUser(let user, _): subjectUser = user
        case .confirmUser(let user, let name, let key, let roles):
            subject(user, name: name, roles: roles, key: key)
            enrolledBy = enroller
            confirmedBy = event.actor
        case .requireEnrolmentConfirmation: break
        case .rekeyUser(let user, let name, let key, _): subject(user, name: name, roles: nil, key: key)
        case .setRoles(let user, let name, let roles, _): subject(user, name: name, roles: roles, key: nil)
        case .setType(let name, let settings):
            type = name
            typeTitle = settings.title
            typePrefix = settings.prefix
            typeDigits = settings.digits
            typeReviewMonths = settings.reviewMonths
            typeApprovals = settings.approvals
            typeReviewerMayApprove = settings.reviewerMayApprove
        case .configureStore(let organisation, let timeZone):
            self.organisation = organisation
            self.timeZone = timeZone
        case .create(_, let type, _, _, let stored):
            self.type = type
            attachments = stored.attachments
            clauses = stored.clauses
        case .edit(_, _, let stored):
            attachments = stored.attachments
            clauses = stored.clauses
        case .submit(_, let reviewers, let approvers), .reassign(_, let reviewers, let approvers, _):
            self.reviewers = reviewers
            self.approvers = approvers
        case .review(_, let verdict, _): self.verdict = verdict
        case .approve, .reject, .retire, .reaffirm, .acknowledge, .withdraw: break
        case .issue(_, _, let effective): effectiveDate = effective
        case .distribute(_, let users, let roles):
            distributionUsers = users
            distributionRoles = roles.map(\.rawValue)
        case .importDocument(_, let imported):
            type = imported.type
            effectiveDate = imported.effective
            source = imported.source
            versionLabel = imported.versionLabel
            attachments = imported.attachments
            partOf = imported.partOf
            clauses = imported.clauses
        case .updateDocument(_, let details, _):
            owner = details.owner
            department = details.department
            partOf = details.partOf
        case .issueCopy(_, let copy, let holder, let file):
            copyNumber = copy.number
            copyHolder = holder
            copyFile = file
        case .recallCopy(_, let copy, _), .destroyCopy(_, let copy): copyNumber = copy.number
        }
    }
}

/// Which events an audit export includes; every condition given must hold.
public struct AuditFilter: Sendable {
    public var documents: Set<String> = []
    public var user: String?
    public var events: Set<EventKind> = []
    /// Earliest time included.
    public var since: Timestamp?
    /// Latest time included.
    public var until: Timestamp?

    public init() {}

    /// Whether every event passes.
    var isEmpty: Bool { documents.isEmpty && user == nil && events.isEmpty && since == nil && until == nil }

    func includes(_ event: Event, at time: Timestamp) -> Bool {
        if !documents.isEmpty, !documents.contains(event.document ?? "") { return false }
        if let user, event.actor != user && event.subjectUser != user { return false }
        if !events.isEmpty, !events.contains(event.kind) { return false }
        if let since, time < since { return false }
        if let until, until < time { return false }
        return true
    }
}
