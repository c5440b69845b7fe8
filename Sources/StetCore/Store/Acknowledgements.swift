/// Who has and has not read and understood one version of a document.
public struct AcknowledgementReport: Sendable {
    public var document: String
    public var version: Int
    /// Each person the distribution names, with their acknowledgement if they gave one.
    public var entries: [(user: User, acknowledgement: Acknowledgement?)]

    public var outstanding: [User] { entries.filter { $0.acknowledgement == nil }.map(\.user) }
}

extension Snapshot {
    /// The acknowledgement round for the version of `id` in force on `day`: a new version starts a new round.
    public func acknowledgements(
        of id: DocumentID, version wanted: Int? = nil, on day: Day
    ) throws(StetError)
        -> AcknowledgementReport
    {
        let state = self.state
        let document = try self.document(id)
        // The version in force, else the next to take effect (staff train on it before go-live).
        let issued =
            wanted.map { number in document.versions.first { $0.version == number } }
            ?? document.effectiveVersion(on: day) ?? document.versions.first { $0.effective > day }
        guard let version = issued else {
            if let wanted {
                throw .invalidText(field: "version", problem: "\(document.id) has no version \(wanted)")
            }
            throw .noEffectiveVersion(document.id)
        }
        var entries: [(User, Acknowledgement?)] = []
        for user in try state.users() {
            let path = Layout.acknowledgement(document.id, version: version.version, user: user.id)
            let acknowledgement = try state.file(path).map { bytes throws(StetError) in
                try StateCoding.decode(Acknowledgement.self, from: bytes, path: path)
            }
            let required = document.distribution?.includes(user) ?? false
            // Revoked users are listed only if they acknowledged before they left.
            if (required && !user.isRevoked) || acknowledgement != nil { entries.append((user, acknowledgement)) }
        }
        return AcknowledgementReport(document: document.id, version: version.version, entries: entries)
    }
}
