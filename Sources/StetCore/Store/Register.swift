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
}

extension Store {
    /// The register as it stands on `day`: every document, or with `inForceOnly`, those with a version in force.
    ///
    /// With a past day and `inForceOnly`, it is the register as it stood then: effective and
    /// retirement dates are in each document's metadata, so no history is read.
    public func register(on day: Day, inForceOnly: Bool = false) throws(StetError) -> [RegisterEntry] {
        let types = try configuration().types
        return try documents().compactMap { document -> RegisterEntry? in
            let effective = document.effectiveVersion(on: day)
            if inForceOnly && effective == nil { return nil }
            return RegisterEntry(
                id: document.id, title: document.title, type: document.type, state: document.state(on: day),
                version: effective?.version ?? document.versions.last { $0.issued.day <= day }?.version,
                effective: effective?.effective, owner: document.owner,
                nextReview: document.nextReview(
                    on: day, intervalMonths: types[document.type]?.reviewIntervalMonths ?? 24))
        }
    }

    /// Documents whose periodic review falls on or before `day + within` days, soonest first.
    public func reviewsDue(on day: Day, within days: Int = 0) throws(StetError) -> [RegisterEntry] {
        let limit = Day(daysSinceEpoch: day.daysSinceEpoch + days)
        return try register(on: day, inForceOnly: true).filter { ($0.nextReview ?? limit) <= limit }
            .sorted { ($0.nextReview!, $0.id) < ($1.nextReview!, $1.id) }
    }

    /// The commit that issued `version` of `id`, found through the document's back-links.
    public func issueCommit(of id: String, version: Int) throws(StetError) -> ObjectID {
        guard
            let event = try history(of: id).first(where: {
                ($0.event.kind == .issue || $0.event.kind == .importDocument) && $0.event.version == version
            })
        else { throw .noSuchVersion(document: id, version: version) }
        return event.commit
    }

    /// The unified diff of a document between two versions (or the draft, `to: nil` with `draft`).
    ///
    /// Default: the working draft against the version in force, or else the version in force
    /// against the one before it.
    public func diff(of id: String, from: Int?, to: Int?, today: Day) throws(StetError) -> String {
        let document = try self.document(id)
        func text(_ version: Int?) throws(StetError) -> ([UInt8], String) {
            if let version { return (try versionContent(of: id, version: version), "\(id) v\(version)") }
            return (try draftContent(of: id), "\(id) draft revision \(document.working?.number ?? 0)")
        }
        var old = from
        var new = to
        if from == nil && to == nil {
            let current = document.effectiveVersion(on: today)?.version ?? document.versions.last?.version
            if document.working != nil {
                guard let current else { throw .noEffectiveVersion(id) }
                old = current
                new = nil
            } else {
                guard let current, let previous = document.versions.last(where: { $0.version < current })?.version
                else {
                    throw .noSuchVersion(document: id, version: (current ?? 1) - 1)
                }
                old = previous
                new = current
            }
        } else if old == nil {
            old = document.versions.last { $0.version < (new ?? Int.max) }?.version
            guard old != nil else { throw .noSuchVersion(document: id, version: (new ?? 1) - 1) }
        }
        let (oldBytes, oldLabel) = try text(old)
        let (newBytes, newLabel) = try text(new)
        do { return try Patch.unified(old: oldBytes, oldLabel: oldLabel, new: newBytes, newLabel: newLabel) } catch {
            throw StetError(error)
        }
    }
}
