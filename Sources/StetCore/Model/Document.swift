/// Everything the store knows about one controlled document: `documents/<id>/document.json`.
///
/// It is rewritten by each event on the document, so the current state is one read away.
public struct Document: Codable, Equatable, Sendable {
    public var id: String
    public var type: String
    public var title: String
    /// The author who created the document (or was made its owner since); responsible for its
    /// periodic review.
    public var owner: String
    public var created: Timestamp
    /// The commit of the previous event on this document (nil for its first): the back-link
    /// that lets one document's history be read without scanning all history.
    public var previousEvent: String?
    /// The highest revision number used so far.
    public var lastRevision: Int
    /// The revision being drafted, reviewed or approved; nil when there is none.
    public var working: Revision?
    /// Every issued version, oldest first.
    public var versions: [IssuedVersion]
    public var retirement: Retirement?
    /// Periodic reviews that found the effective version still valid, oldest first.
    public var reaffirmations: [Reaffirmation]?
    /// Who must read each effective version and acknowledge it.
    public var distribution: Distribution?
    /// Files the document links to, by path under `documents/<id>/files/`, with their hashes.
    public var attachments: [String: String]?
    /// The number of the last controlled copy issued (the register is under `copies/`).
    public var lastCopy: Int?
    /// The department the document belongs to, once set.
    public var department: String?
    /// Format 3: the documents this one belongs to (a form's procedure), by id, sorted.
    public var partOf: [String]?

    /// A signed "reviewed, still valid" for one version.
    public struct Reaffirmation: Codable, Equatable, Sendable {
        public var version: Int
        public var at: Timestamp
        public var by: String
        public var comment: String
    }

    /// The people who must read a document: named users, and everyone holding one of the roles.
    public struct Distribution: Codable, Equatable, Sendable {
        public var users: [String]
        public var roles: [Role]

        public func includes(_ user: User) -> Bool {
            users.contains(user.id) || user.roles.contains(where: roles.contains)
        }
    }

    /// A numbered revision on its way to becoming a version.
    public struct Revision: Codable, Equatable, Sendable {
        public var number: Int
        public var state: RevisionState
        public var authors: [String]
        public var reason: String
        /// `sha256:<hex>` of the revision's Markdown, `documents/<id>/draft.md`.
        public var contentHash: String
        public var reviewers: [String]
        public var approvers: [String]
        public var reviews: [Signoff]
        public var approvals: [Signoff]
        /// The most recent rejection that sent the revision back to draft.
        public var rejection: Signoff?
        /// When its current content was written: the time of the authors' signature.
        public var drafted: Timestamp? = nil
    }

    /// One person's signed review, approval or rejection of a revision's exact content.
    public struct Signoff: Codable, Equatable, Sendable {
        public var by: String
        public var at: Timestamp
        public var contentHash: String
        public var comment: String?
    }

    /// An issued version: `documents/<id>/versions/<version>.md`.
    public struct IssuedVersion: Codable, Equatable, Sendable {
        public var version: Int
        public var revision: Int
        public var effective: Day
        public var issued: Timestamp
        public var issuedBy: String
        public var contentHash: String
        public var authors: [String]
        public var reviews: [Signoff]
        public var approvals: [Signoff]
        /// When the issued content was written (the authorship signature's time).
        public var drafted: Timestamp? = nil
        /// For an imported version: its number as the old system wrote it (`2.1.2`).
        public var label: String? = nil

        /// `v3`, or for an imported version labelled otherwise, `v2 (2.1.2)`.
        public var name: String { "v\(version)" + (label.map { " (\($0))" } ?? "") }
    }

    /// When and why a document was withdrawn from use.
    public struct Retirement: Codable, Equatable, Sendable {
        public var at: Timestamp
        public var by: String
        public var reason: String
    }

    /// The version in force on `day`: nil before the first takes effect and once retired.
    public func effectiveVersion(on day: Day) -> IssuedVersion? {
        if isRetired(on: day) { return nil }
        return versions.last { $0.effective <= day }
    }

    /// The version in force at some time during a past `day`: one retired that day was in force
    /// until its retirement. (Today and later, `effectiveVersion(on:)`: a retired document is
    /// never shown as in force.)
    public func versionInForce(during day: Day) -> IssuedVersion? {
        if let retirement, retirement.at.day < day { return nil }
        return versions.last { $0.effective <= day }
    }

    /// How the document names its tie to the documents it is part of, by its type: a form is the
    /// "Form of" its procedure; anything else is "Part of" it.
    public static func partOfLabel(type: String, typeTitle: String) -> String {
        // By whole words: an "Information" type is no form.
        let words = Set((type + " " + typeTitle).lowercased().split { !$0.isLetter }.map(String.init))
        for kind in ["form", "template", "record", "checklist"] where words.contains(kind) || words.contains(kind + "s")
        {
            return kind.prefix(1).uppercased() + kind.dropFirst() + " of"
        }
        return "Part of"
    }

    /// The day the current effective version is due for periodic review: its effective date, or
    /// its latest reaffirmation, plus the type's interval.
    public func nextReview(on day: Day, configuration: StoreConfiguration) -> Day? {
        nextReview(on: day, intervalMonths: configuration.settings(for: type).reviewIntervalMonths)
    }

    public func nextReview(on day: Day, intervalMonths: Int) -> Day? {
        effectiveVersion(on: day).map { nextReview(of: $0, intervalMonths: intervalMonths) }
    }

    /// When `version` is next due for periodic review: the interval after its effective date or
    /// its latest reaffirmation, whichever is later.
    public func nextReview(of version: IssuedVersion, intervalMonths: Int) -> Day {
        let reaffirmed = (reaffirmations ?? []).last { $0.version == version.version }?.at.day
        return max(version.effective, reaffirmed ?? version.effective).adding(months: intervalMonths)
    }
}

/// A signed "read and understood": `documents/<id>/acknowledgements/<version>/<user>.json`.
public struct Acknowledgement: Codable, Equatable, Sendable {
    public var user: String
    public var version: Int
    public var at: Timestamp
    public var contentHash: String
}
