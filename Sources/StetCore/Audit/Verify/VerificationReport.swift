import StetGit

/// What `stet verify` found.
public struct VerificationReport: Sendable {
    /// The head that was checked: write it down to prove later that nothing was dropped.
    public var head: ObjectID?
    public var events = 0
    public var documents = 0
    public var signers: Set<String> = []
    /// The store's first event, when the run started there: the store's identity.
    public var root: ObjectID?
    public var problems: [Problem] = []
    /// Things an auditor should know that do not make the history wrong.
    public var notes: [Problem] = []
    /// Who enrolled each user, and who confirmed it where the store required a second controller.
    public var enrolments: [Enrolment] = []

    /// One user's enrolment, as the verified state records it.
    public struct Enrolment: Sendable, Encodable {
        public var user: String
        public var name: String
        public var enrolledBy: String
        public var enrolled: Timestamp
        public var confirmedBy: String?
        public var confirmed: Timestamp?
        /// The enroller confirmed alone, as the only controller then.
        public var confirmedAlone: Bool
        public var awaitsConfirmation: Bool
    }

    public var isClean: Bool { problems.isEmpty }

    /// One thing wrong with one commit.
    public struct Problem: Sendable, CustomStringConvertible {
        public var commit: String
        public var document: String?
        public var message: String

        public var description: String {
            if commit.isEmpty { return "store: " + message }
            return "commit \(commit.prefix(12))" + (document.map { " (\($0))" } ?? "") + ": " + message
        }
    }
}
