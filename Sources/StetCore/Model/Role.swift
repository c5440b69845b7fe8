/// What a user may do in a store.
public enum Role: String, Codable, CaseIterable, Sendable, Comparable {
    /// Writes and revises drafts and submits them for review.
    case author
    /// Reviews revisions they are assigned to.
    case reviewer
    /// Approves revisions they are assigned to.
    case approver
    /// Issues and retires documents; manages users and configuration.
    case controller
    /// Reads everything, including the audit trail; signs nothing.
    case auditor
    /// Reads effective documents.
    case reader

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses a role's name, or throws an error naming the roles there are.
    public static func parse(_ text: String) throws(StetError) -> Role {
        guard let role = Role(rawValue: text) else {
            throw .invalidText(
                field: "role",
                problem:
                    "'\(Text.printable(text))' is not a role: use \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return role
    }
}
