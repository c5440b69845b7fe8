/// A state file that builds its JSON tree itself, so the file written at every event (a
/// document's record) skips the `Encodable` machinery. The tree must be exactly what its
/// `Encodable` conformance gives: nil optionals left out, as `encodeIfPresent` leaves them out
/// (`StateJSONTests` encodes random values both ways and compares the bytes).
protocol StateJSONRepresentable: Encodable {
    var stateJSON: StateJSON.Value { get }
}

extension StateJSON.Value {
    /// An object of the fields that are present. Listed in the order they are written (keys in
    /// byte order), the writer does not sort them again.
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
            "attachments": attachments.map { .object($0.map { (key: $0.key, value: .string($0.value)) }) },
            "created": .text(created), "department": department.map(StateJSON.Value.string),
            "distribution": distribution?.stateJSON, "id": .string(id),
            "lastCopy": lastCopy.map(StateJSON.Value.number), "lastRevision": .number(lastRevision),
            "owner": .string(owner), "partOf": partOf.map { .list($0, StateJSON.Value.string) },
            "previousEvent": previousEvent.map(StateJSON.Value.string),
            "reaffirmations": reaffirmations.map { .list($0, \.stateJSON) }, "retirement": retirement?.stateJSON,
            "title": .string(title), "type": .string(type), "versions": .list(versions, \.stateJSON),
            "working": working?.stateJSON,
        ])
    }
}

extension Document.Revision: StateJSONRepresentable {
    var stateJSON: StateJSON.Value {
        .fields([
            "approvals": .list(approvals, \.stateJSON), "approvers": .list(approvers, StateJSON.Value.string),
            "authors": .list(authors, StateJSON.Value.string), "contentHash": .string(contentHash),
            "drafted": drafted.map(StateJSON.Value.text), "number": .number(number), "reason": .string(reason),
            "rejection": rejection?.stateJSON, "reviewers": .list(reviewers, StateJSON.Value.string),
            "reviews": .list(reviews, \.stateJSON), "state": .string(state.rawValue),
        ])
    }
}

extension Document.Signoff: StateJSONRepresentable {
    var stateJSON: StateJSON.Value {
        .fields([
            "at": .text(at), "by": .string(by), "comment": comment.map(StateJSON.Value.string),
            "contentHash": .string(contentHash),
        ])
    }
}

extension Document.IssuedVersion: StateJSONRepresentable {
    var stateJSON: StateJSON.Value {
        .fields([
            "approvals": .list(approvals, \.stateJSON), "authors": .list(authors, StateJSON.Value.string),
            "contentHash": .string(contentHash), "drafted": drafted.map(StateJSON.Value.text),
            "effective": .text(effective), "issued": .text(issued), "issuedBy": .string(issuedBy),
            "label": label.map(StateJSON.Value.string), "reviews": .list(reviews, \.stateJSON),
            "revision": .number(revision), "version": .number(version),
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
        .fields(["at": .text(at), "by": .string(by), "comment": .string(comment), "version": .number(version)])
    }
}

extension Document.Distribution: StateJSONRepresentable {
    var stateJSON: StateJSON.Value {
        .fields([
            "roles": .list(roles) { .string($0.rawValue) }, "users": .list(users, StateJSON.Value.string),
        ])
    }
}
