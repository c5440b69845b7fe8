import StetGit

/// One line of the register of controlled documents.
public struct RegisterEntry: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var type: String
    public var state: DocumentState
    public var version: Int?
    public var effective: Day?
    public var owner: String
    public var nextReview: Day?

    /// Whether its periodic review is past due on `day`.
    public func isOverdue(on day: Day) -> Bool { nextReview.map { $0 < day } ?? false }
}

extension Snapshot {
    /// The register as it stands on `day`: every document, or with `inForceOnly`, those with a version in force.
    ///
    /// With a past day and `inForceOnly`, it is the register as it stood then: effective and
    /// retirement dates are in each document's metadata, so no history is read.
    public func register(on day: Day, inForceOnly: Bool = false) throws(StetError) -> [RegisterEntry] {
        let configuration = try configuration()
        return try documents().compactMap { document -> RegisterEntry? in
            let effective = document.effectiveVersion(on: day)
            if inForceOnly && effective == nil { return nil }
            return RegisterEntry(
                id: document.id, title: document.title, type: document.type, state: document.state(on: day),
                version: effective?.version ?? document.versions.last { $0.issued.day <= day }?.version,
                effective: effective?.effective, owner: document.owner,
                nextReview: document.nextReview(on: day, configuration: configuration))
        }
    }

    /// Documents whose periodic review falls on or before `day + within` days, soonest first.
    public func reviewsDue(on day: Day, within days: Int = 0) throws(StetError) -> [RegisterEntry] {
        let limit = Day(daysSinceEpoch: day.daysSinceEpoch + days)
        return try register(on: day, inForceOnly: true).filter { ($0.nextReview ?? limit) <= limit }
            .sorted { ($0.nextReview!, $0.id) < ($1.nextReview!, $1.id) }
    }
}
