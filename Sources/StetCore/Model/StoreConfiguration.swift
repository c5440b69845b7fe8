/// The store's settings, changed only by a controller's signed event: `config/store.json`.
public struct StoreConfiguration: Codable, Equatable, Sendable {
    /// The layout version of the store, for readers to check.
    public var format: Int
    public var types: [String: DocumentType]
    /// Whether each enrolment needs a second controller's confirmation before the user can act
    /// ("four eyes"). Absent: not required. Once required it stays required.
    public var enrolmentConfirmation: Bool?
    /// The organisation whose documents these are, shown on every page of a copy.
    public var organisation: String?
    /// The IANA time zone (`Europe/London`) copies show signature times in, beside UTC.
    public var timeZone: String?

    public var requiresEnrolmentConfirmation: Bool { enrolmentConfirmation == true }

    /// How one kind of document is numbered, reviewed and approved.
    public struct DocumentType: Codable, Equatable, Sendable {
        /// The type's name for people ("Standard operating procedure").
        public var title: String
        /// Put before the number: `SOP-` gives `SOP-0001`.
        public var prefix: String
        /// How many digits the number is padded to.
        public var digits: Int
        /// Months from the effective date to the next periodic review.
        public var reviewIntervalMonths: Int
        /// Distinct approvers a revision needs before it can be issued.
        public var approvalsRequired: Int
        /// Format 3: true when one person may both review and approve a revision. Absent (never
        /// written false): in format 3 they must differ; before it, the rule did not exist.
        public var reviewerMayApprove: Bool?

        public init(
            title: String, prefix: String, digits: Int, reviewIntervalMonths: Int, approvalsRequired: Int,
            reviewerMayApprove: Bool = false
        ) {
            self.title = title
            self.prefix = prefix
            self.digits = digits
            self.reviewIntervalMonths = reviewIntervalMonths
            self.approvalsRequired = approvalsRequired
            self.reviewerMayApprove = reviewerMayApprove ? true : nil
        }

        /// Whether the type lets one person review and approve the same revision.
        public var allowsReviewerToApprove: Bool { reviewerMayApprove == true }

        public static let defaultDigits = 4
        public static let defaultReviewIntervalMonths = 24
        public static let defaultApprovalsRequired = 1

        /// A type's settings with `changes` made, the rest kept (or, for a new type, the
        /// defaults); a new type needs its title and prefix.
        static func updating(
            _ existing: DocumentType?, name: String, _ changes: TypeChanges
        ) throws(StetError)
            -> DocumentType
        {
            guard let title = changes.title ?? existing?.title, let prefix = changes.prefix ?? existing?.prefix else {
                throw .newTypeIncomplete(name)
            }
            return DocumentType(
                title: title, prefix: prefix, digits: changes.digits ?? existing?.digits ?? defaultDigits,
                reviewIntervalMonths: changes.reviewIntervalMonths ?? existing?.reviewIntervalMonths
                    ?? defaultReviewIntervalMonths,
                approvalsRequired: changes.approvalsRequired ?? existing?.approvalsRequired
                    ?? defaultApprovalsRequired,
                reviewerMayApprove: changes.reviewerMayApprove ?? existing?.allowsReviewerToApprove ?? false)
        }

        /// The id of the `number`th document of this type.
        func documentID(number: Int) -> String {
            prefix + Timestamp.pad(number, digits)
        }
    }

    /// The settings documents of `type` follow: the type's own, or, for a type no longer
    /// configured (its documents keep it), the defaults.
    public func settings(for type: String) -> DocumentType {
        types[type]
            ?? DocumentType(
                title: type, prefix: "", digits: DocumentType.defaultDigits,
                reviewIntervalMonths: DocumentType.defaultReviewIntervalMonths,
                approvalsRequired: DocumentType.defaultApprovalsRequired)
    }

    /// Changes to a document type's settings; what is nil stays as it is.
    public struct TypeChanges: Sendable, Equatable {
        public var title: String?
        public var prefix: String?
        public var digits: Int?
        public var reviewIntervalMonths: Int?
        public var approvalsRequired: Int?
        public var reviewerMayApprove: Bool?

        public init(
            title: String? = nil, prefix: String? = nil, digits: Int? = nil, reviewIntervalMonths: Int? = nil,
            approvalsRequired: Int? = nil, reviewerMayApprove: Bool? = nil
        ) {
            self.reviewerMayApprove = reviewerMayApprove
            self.title = title
            self.prefix = prefix
            self.digits = digits
            self.reviewIntervalMonths = reviewIntervalMonths
            self.approvalsRequired = approvalsRequired
        }
    }

    /// The format `stet init` writes. Format 2 added the `Stet-Previous-Event` and
    /// `Stet-Signing-Key` trailers; format 3 links between documents, clause tags and distinct
    /// reviewers and approvers. A store keeps the format it was created with.
    public static let currentFormat = 3
    /// Every format this Stet verifies, reads and records events in.
    public static let supportedFormats = 1...3

    /// What `stet init` starts a store with.
    public static let standard = StoreConfiguration(
        format: currentFormat,
        types: [
            "policy": DocumentType(
                title: "Policy", prefix: "POL-", digits: 4, reviewIntervalMonths: 36, approvalsRequired: 1),
            "sop": DocumentType(
                title: "Standard operating procedure", prefix: "SOP-", digits: 4, reviewIntervalMonths: 24,
                approvalsRequired: 1),
            "work-instruction": DocumentType(
                title: "Work instruction", prefix: "WI-", digits: 4, reviewIntervalMonths: 24, approvalsRequired: 1),
            "form": DocumentType(
                title: "Form", prefix: "FRM-", digits: 4, reviewIntervalMonths: 36, approvalsRequired: 1),
        ])
}
