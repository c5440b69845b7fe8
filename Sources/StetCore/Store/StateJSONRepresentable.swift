/// A state file that builds its JSON tree itself, so the file written at every event (a
/// document's record) skips the `Encodable` machinery. The tree must be exactly what its
/// `Encodable` conformance gives: nil optionals left out, as `encodeIfPresent` leaves them out
/// (`StateJSONTests` encodes random values both ways and compares the bytes).
protocol StateJSONRepresentable: Encodable {
    var stateJSON: StateJSON.Value { get }
}

extension StateJSON.Value {
    /// An object of the fields that are present.
    static func fields(_ fields: KeyValuePairs<String, StateJSON.Value?>) -> StateJSON.Value {
        .object(fields.compactMap { field in field.value.map { (key: field.key, value: $0) } })
    }

    static func text(_ value: some CustomStringConvertible) -> StateJSON.Value { .string(value.description) }
    static func number(_ value: Int) -> StateJSON.Value { .integer(Int64(value)) }
    static func list<T>(_ values: [T], _ element: (T) -> StateJSON.Value) -> StateJSON.Value {
        .array(values.map(element))
    }
}

extension Document: StateJSONRepresentable {
    var stateJSON: StateJSON.Value {
        .fields([
            "id": .string(id), "type": .string(type), "title": .string(title), "owner": .string(owner),
            "created": .text(created), "previousEvent": previousEvent.map(StateJSON.Value.string),
            "lastRevision": .number(lastRevision), "working": working?.stateJSON,
            "versions": .list(versions, \.stateJSON), "retirement": retirement?.stateJSON,
            "reaffirmations": reaffirmations.map { .list($0, \.stateJSON) },
            "distribution": distribution?.stateJSON,
            "attachments": attachments.map { .object($0.map { (key: $0.key, value: .string($0.value)) }) },
            "lastCopy": lastCopy.map(StateJSON.Value.number), "department": department.map(StateJSON.Value.string),
        ])
    }
}

extension Document.Revision: StateJSONRepresentable {
    var stateJSON: StateJSON.Value {
        .fields([
            "number": .number(number), "state": .string(state.rawValue),
            "authors": .list(authors, StateJSON.Value.string),
            "reason": .string(reason), "contentHash": .string(contentHash),
            "reviewers": .list(reviewers, StateJSON.Value.string),
            "approvers": .list(approvers, StateJSON.Value.string),
            "reviews": .list(reviews, \.stateJSON), "approvals": .list(approvals, \.stateJSON),
            "rejection": rejection?.stateJSON, "drafted": drafted.map(StateJSON.Value.text),
        ])
    }
}

extension Document.Signoff: StateJSONRepresentable {
    var stateJSON: StateJSON.Value {
        .fields([
            "by": .string(by), "at": .text(at), "contentHash": .string(contentHash),
            "comment": comment.map(StateJSON.Value.string),
        ])
    }
}

extension Document.IssuedVersion: StateJSONRepresentable {
    var stateJSON: StateJSON.Value {
        .fields([
            "version": .number(version), "revision": .number(revision), "effective": .text(effective),
            "issued": .text(issued), "issuedBy": .string(issuedBy), "contentHash": .string(contentHash),
            "authors": .list(authors, StateJSON.Value.string), "reviews": .list(reviews, \.stateJSON),
            "approvals": .list(approvals, \.stateJSON), "drafted": drafted.map(StateJSON.Value.text),
            "label": label.map(StateJSON.Value.string),
        ])
    }
}

extension Document.Retirement: StateJSONRepresentable {
    var stateJSON: StateJSON.Value {
        .fields(["at": .text(at), "by": .string(by), "reason": .string(reason)])
    }
}

extension Document.Reaffirmation: StateJSONRepresentable {
    var stateJSON: StateJSON.Value {
        .fields(["version": .number(version), "at": .text(at), "by": .string(by), "comment": .string(comment)])
    }
}

extension Document.Distribution: StateJSONRepresentable {
    var stateJSON: StateJSON.Value {
        .fields([
            "users": .list(users, StateJSON.Value.string),
            "roles": .list(roles) { .string($0.rawValue) },
        ])
    }
}
