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
    /// The revision being worked on beside the version in force, and where it stands.
    public var revision: Int?
    public var revisionState: RevisionState?
    /// A version issued to take effect after the register's day, and from when.
    public var upcomingVersion: Int?
    public var upcomingEffective: Day?

    /// Whether the document is in `state`, or has a revision or an upcoming version there: a
    /// draft beside the version in force is found with `draft`, a version issued for later with `issued`.
    public func matches(_ state: DocumentState) -> Bool {
        self.state == state || revisionState.map { DocumentState($0) == state } == true
            || (state == .issued && upcomingVersion != nil)
    }

    /// Whether its periodic review is past due on `day`.
    public func isOverdue(on day: Day) -> Bool { nextReview.map { $0 < day } ?? false }
}

/// Which lines of the register to list.
public struct RegisterQuery: Sendable {
    /// The day the register stands on.
    public var day: Day
    /// Only documents with a version in force that day (the register as it stood then).
    public var inForceOnly = false
    /// Only documents whose periodic review is due within this many days of `day`, soonest first.
    /// The most days ahead `dueWithin` may look (about 2,700 years): past it, a date has no meaning.
    public static let maximumDueWithin = 1_000_000
    public var dueWithin: Int?
    public var state: DocumentState?
    public var type: String?

    public init(
        day: Day, inForceOnly: Bool = false, dueWithin: Int? = nil, state: DocumentState? = nil, type: String? = nil
    ) {
        self.day = day
        self.inForceOnly = inForceOnly
        self.dueWithin = dueWithin
        self.state = state
        self.type = type
    }
}

/// Where one document stands today, with its version in force and its next review.
public struct DocumentStatus: Encodable, Sendable {
    public var document: Document
    public var state: DocumentState
    public var effectiveVersion: Int?
    public var nextReview: Day?
    /// Assigned reviewers and approvers of the revision in review who can no longer sign
    /// (revoked, or without the role): they must be replaced before it can go on.
    public var mustBeReplaced: [String] = []
    /// The latest reason or comment recorded on the document, with the event that gave it.
    public var latestReason: LatestReason?
    let today: Day

    public struct LatestReason: Encodable, Sendable {
        public var reason: String
        public var event: String
        public var by: String
        public var at: Timestamp
    }

    enum CodingKeys: String, CodingKey {
        case document, state, effectiveVersion, nextReview, mustBeReplaced, latestReason
    }

    /// The version in force today.
    public var inForce: Document.IssuedVersion? { document.effectiveVersion(on: today) }

    /// How `version` stands today.
    public func standing(of version: Document.IssuedVersion) -> VersionStanding {
        document.standing(of: version, on: today)
    }
}

extension Snapshot {
    /// The lines of the register `query` asks for.
    public func register(_ query: RegisterQuery) throws(StetError) -> [RegisterEntry] {
        let entries: [RegisterEntry]
        if let days = query.dueWithin {
            entries = try reviewsDue(on: query.day, within: days)
        } else {
            entries = try register(on: query.day, inForceOnly: query.inForceOnly)
        }
        return entries.filter { entry in
            (query.state.map { entry.matches($0) } ?? true) && (query.type.map { entry.type == $0 } ?? true)
        }
    }

    /// Where `id` stands today.
    public func status(of id: DocumentID) throws(StetError) -> DocumentStatus {
        let document = try document(id)
        var status = DocumentStatus(
            document: document, state: document.state(on: today),
            effectiveVersion: document.effectiveVersion(on: today)?.version,
            nextReview: document.nextReview(on: today, configuration: try configuration()), today: today)
        if let working = document.working, working.state == .inReview {
            for (id, role) in working.reviewers.map({ ($0, Role.reviewer) })
                + working.approvers.map({ ($0, .approver) })
            where !status.mustBeReplaced.contains(id) {
                guard let user = try user(UserID(recorded: id)), !user.isRevoked, user.has(role) else {
                    status.mustBeReplaced.append(id)
                    continue
                }
            }
        }
        if let latest = try history(of: id).first(where: { $0.event.reason != nil }) {
            status.latestReason = .init(
                reason: latest.event.reason!, event: latest.event.kind.rawValue, by: latest.event.actor, at: latest.time
            )
        }
        return status
    }

    /// The register as it stands on `day`: every document, or with `inForceOnly`, those with a version in force.
    ///
    /// With a past day and `inForceOnly`, it is the register as it stood then: effective and
    /// retirement dates are in each document's metadata, so no history is read.
    public func register(on day: Day, inForceOnly: Bool = false) throws(StetError) -> [RegisterEntry] {
        let configuration = try configuration()
        return try registerDocuments().compactMap { document -> RegisterEntry? in
            // As it stood during a past day: a document retired that day was in force until then.
            let effective =
                inForceOnly && day < today ? document.versionInForce(during: day) : document.effectiveVersion(on: day)
            if inForceOnly && effective == nil { return nil }
            let upcoming = document.retirement == nil ? document.versions.first { $0.effective > day } : nil
            return RegisterEntry(
                id: document.id, title: document.title, type: document.type, state: document.state(on: day),
                version: effective?.version ?? document.versions.last { $0.issued.day <= day }?.version,
                effective: effective?.effective, owner: document.owner,
                nextReview: document.nextReview(on: day, configuration: configuration),
                revision: inForceOnly ? nil : document.working?.number,
                revisionState: inForceOnly ? nil : document.working?.state,
                upcomingVersion: inForceOnly ? nil : upcoming?.version,
                upcomingEffective: inForceOnly ? nil : upcoming?.effective)
        }
    }

    /// Documents whose periodic review falls on or before `day + within` days, soonest first.
    public func reviewsDue(on day: Day, within days: Int = 0) throws(StetError) -> [RegisterEntry] {
        let limit = Day(daysSinceEpoch: day.daysSinceEpoch + max(0, min(days, RegisterQuery.maximumDueWithin)))
        return try register(on: day, inForceOnly: true).filter { ($0.nextReview ?? limit) <= limit }
            .sorted { ($0.nextReview!, $0.id) < ($1.nextReview!, $1.id) }
    }
}
