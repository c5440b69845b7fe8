/// An event as the log prints it for scripts: one object of the event's fields by name, as
/// scripts have read them, taken from the trailers its message writes (so the two never differ).
extension Event: Encodable {
    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        let values = trailerValues
        for trailer in EventTrailer.allCases {
            guard let value = values[trailer.rawValue] else { continue }
            // `Stet-Type-Review-Months` is `typeReviewMonths`, as the fields were named.
            let words = trailer.name.split(separator: "-").dropFirst()
            let name = words.first!.lowercased() + words.dropFirst().joined()
            switch trailer {
            case .event: try container.encode(value, forKey: Key("kind"))
            case .state:
                try container.encode(stateBefore?.rawValue, forKey: Key("stateBefore"))
                try container.encode(stateAfter?.rawValue, forKey: Key("stateAfter"))
            case .effectiveDate: try container.encode(value, forKey: Key("effective"))
            case .copy: try container.encode(Int(value), forKey: Key("copyNumber"))
            case .sequence, .revision, .version, .typeDigits, .typeReviewMonths, .typeApprovals:
                try container.encode(Int(value), forKey: Key(name))
            case .typeReviewerMayApprove: try container.encode(value == "yes", forKey: Key(name))
            case .reviewers, .approvers, .subjectRoles, .distributionUsers, .distributionRoles, .partOf,
                .attachments, .clauses:
                let items = value.isEmpty ? [] : value.split(separator: ", ", omittingEmptySubsequences: false)
                try container.encode(items.map(String.init), forKey: Key(name))
            default: try container.encode(value, forKey: Key(name))
            }
        }
    }
}
