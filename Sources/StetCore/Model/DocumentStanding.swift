/// Where a document stands: the one answer the register, `status`, copies, search and the state
/// each event records before and after it all give.

/// Where a working revision stands.
public enum RevisionState: String, Codable, Sendable {
    case draft
    case inReview = "in-review"
    case approved
}

/// Where a document stands, as the register shows it.
public enum DocumentState: String, Codable, Sendable, CaseIterable {
    case draft
    case inReview = "in-review"
    case approved
    /// Issued, with an effective date still to come.
    case issued
    case effective
    case retired

    init(_ state: RevisionState) {
        switch state {
        case .draft: self = .draft
        case .inReview: self = .inReview
        case .approved: self = .approved
        }
    }
}

/// A state as an event records it (`Stet-State: before -> after`): a document's, or none yet.
public enum EventState: String, Codable, Sendable {
    case none
    case draft
    case inReview = "in-review"
    case approved
    case issued
    case effective
    case retired

    init(_ state: DocumentState) {
        self = EventState(rawValue: state.rawValue)!
    }
}

/// How one issued version stands on a day.
public enum VersionStanding: Equatable, Sendable, CustomStringConvertible {
    case inForce
    case takesEffect(Day)
    case superseded
    /// The document is retired: none of its versions may be used.
    case retired

    public var description: String {
        switch self {
        case .inForce: "in force"
        case .takesEffect(let day): "takes effect \(day)"
        case .superseded: "superseded"
        case .retired: "retired"
        }
    }
}

extension Document {
    /// Whether the document had been retired by `day`: from the day of its retirement on, none
    /// of its versions is in force.
    public func isRetired(on day: Day) -> Bool {
        retirement.map { $0.at.day <= day } ?? false
    }

    /// The register's one-word state of the document on `day`: a version in force comes before
    /// a revision being worked on.
    public func state(on day: Day) -> DocumentState {
        if isRetired(on: day) { return .retired }
        if effectiveVersion(on: day) != nil { return .effective }
        if !versions.isEmpty { return .issued }
        return working.map { DocumentState($0.state) } ?? .draft
    }

    /// Where its workflow stands on `day`, as events record it: a revision being worked on comes
    /// before the version in force.
    public func workflowState(on day: Day) -> DocumentState {
        if isRetired(on: day) { return .retired }
        if let working { return DocumentState(working.state) }
        return state(on: day)
    }

    /// How `version` stands on `day`.
    public func standing(of version: IssuedVersion, on day: Day) -> VersionStanding {
        if isRetired(on: day) { return .retired }
        if version.version == effectiveVersion(on: day)?.version { return .inForce }
        if version.effective > day { return .takesEffect(version.effective) }
        return .superseded
    }
}
