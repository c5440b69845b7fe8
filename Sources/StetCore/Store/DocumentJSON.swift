/// A document's record (`documents/<id>/document.json`) in its one JSON form: for each type, the
/// tree it writes and, beside it, how that tree is read back. `StateJSONTests` round-trips random
/// records through both and through Foundation's coders.
extension Document: StateRecord {
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

    init(state fields: inout StateJSON.Fields) throws(StateJSON.Failure) {
        typealias Read = StateJSON.Read
        attachments = try fields.optional("attachments", Read.named(Read.string))
        created = try fields.required("created", Read.text)
        department = try fields.optional("department", Read.string)
        distribution = try fields.optional("distribution", Read.record)
        id = try fields.required("id", Read.string)
        lastCopy = try fields.optional("lastCopy", Read.number)
        lastRevision = try fields.required("lastRevision", Read.number)
        owner = try fields.required("owner", Read.string)
        partOf = try fields.optional("partOf", Read.list(Read.string))
        previousEvent = try fields.optional("previousEvent", Read.string)
        reaffirmations = try fields.optional("reaffirmations", Read.list(Read.record))
        retirement = try fields.optional("retirement", Read.record)
        title = try fields.required("title", Read.string)
        type = try fields.required("type", Read.string)
        versions = try fields.required("versions", Read.list(Read.record))
        working = try fields.optional("working", Read.record)
    }

    public func encode(to encoder: any Encoder) throws { try encodeTree(to: encoder) }
    public init(from decoder: any Decoder) throws { self = try Self.decodeTree(from: decoder) }
}

extension Document.Revision: StateRecord {
    var stateJSON: StateJSON.Value {
        .fields([
            "approvals": .list(approvals, \.stateJSON), "approvers": .list(approvers, StateJSON.Value.string),
            "authors": .list(authors, StateJSON.Value.string), "contentHash": .string(contentHash),
            "drafted": drafted.map(StateJSON.Value.text), "number": .number(number), "reason": .string(reason),
            "rejection": rejection?.stateJSON, "reviewers": .list(reviewers, StateJSON.Value.string),
            "reviews": .list(reviews, \.stateJSON), "state": .string(state.rawValue),
        ])
    }

    init(state fields: inout StateJSON.Fields) throws(StateJSON.Failure) {
        typealias Read = StateJSON.Read
        approvals = try fields.required("approvals", Read.list(Read.record))
        approvers = try fields.required("approvers", Read.list(Read.string))
        authors = try fields.required("authors", Read.list(Read.string))
        contentHash = try fields.required("contentHash", Read.string)
        drafted = try fields.optional("drafted", Read.text)
        number = try fields.required("number", Read.number)
        reason = try fields.required("reason", Read.string)
        rejection = try fields.optional("rejection", Read.record)
        reviewers = try fields.required("reviewers", Read.list(Read.string))
        reviews = try fields.required("reviews", Read.list(Read.record))
        state = try fields.required("state") { value throws(StateJSON.Failure) in
            let text = try Read.string(value)
            guard let state = RevisionState(rawValue: text) else {
                throw StateJSON.Failure(description: "'\(text)' is not a revision's state")
            }
            return state
        }
    }

    public func encode(to encoder: any Encoder) throws { try encodeTree(to: encoder) }
    public init(from decoder: any Decoder) throws { self = try Self.decodeTree(from: decoder) }
}

extension Document.Signoff: StateRecord {
    var stateJSON: StateJSON.Value {
        .fields([
            "at": .text(at), "by": .string(by), "comment": comment.map(StateJSON.Value.string),
            "contentHash": .string(contentHash),
        ])
    }

    init(state fields: inout StateJSON.Fields) throws(StateJSON.Failure) {
        at = try fields.required("at", StateJSON.Read.text)
        by = try fields.required("by", StateJSON.Read.string)
        comment = try fields.optional("comment", StateJSON.Read.string)
        contentHash = try fields.required("contentHash", StateJSON.Read.string)
    }

    public func encode(to encoder: any Encoder) throws { try encodeTree(to: encoder) }
    public init(from decoder: any Decoder) throws { self = try Self.decodeTree(from: decoder) }
}

extension Document.IssuedVersion: StateRecord {
    var stateJSON: StateJSON.Value {
        .fields([
            "approvals": .list(approvals, \.stateJSON), "authors": .list(authors, StateJSON.Value.string),
            "contentHash": .string(contentHash), "drafted": drafted.map(StateJSON.Value.text),
            "effective": .text(effective), "issued": .text(issued), "issuedBy": .string(issuedBy),
            "label": label.map(StateJSON.Value.string), "reviews": .list(reviews, \.stateJSON),
            "revision": .number(revision), "version": .number(version),
        ])
    }

    init(state fields: inout StateJSON.Fields) throws(StateJSON.Failure) {
        typealias Read = StateJSON.Read
        approvals = try fields.required("approvals", Read.list(Read.record))
        authors = try fields.required("authors", Read.list(Read.string))
        contentHash = try fields.required("contentHash", Read.string)
        drafted = try fields.optional("drafted", Read.text)
        effective = try fields.required("effective", Read.text)
        issued = try fields.required("issued", Read.text)
        issuedBy = try fields.required("issuedBy", Read.string)
        label = try fields.optional("label", Read.string)
        reviews = try fields.required("reviews", Read.list(Read.record))
        revision = try fields.required("revision", Read.number)
        version = try fields.required("version", Read.number)
    }

    public func encode(to encoder: any Encoder) throws { try encodeTree(to: encoder) }
    public init(from decoder: any Decoder) throws { self = try Self.decodeTree(from: decoder) }
}

extension Document.Retirement: StateRecord {
    var stateJSON: StateJSON.Value {
        .fields(["at": .text(at), "by": .string(by), "reason": .string(reason)])
    }

    init(state fields: inout StateJSON.Fields) throws(StateJSON.Failure) {
        at = try fields.required("at", StateJSON.Read.text)
        by = try fields.required("by", StateJSON.Read.string)
        reason = try fields.required("reason", StateJSON.Read.string)
    }

    public func encode(to encoder: any Encoder) throws { try encodeTree(to: encoder) }
    public init(from decoder: any Decoder) throws { self = try Self.decodeTree(from: decoder) }
}

extension Document.Reaffirmation: StateRecord {
    var stateJSON: StateJSON.Value {
        .fields(["at": .text(at), "by": .string(by), "comment": .string(comment), "version": .number(version)])
    }

    init(state fields: inout StateJSON.Fields) throws(StateJSON.Failure) {
        at = try fields.required("at", StateJSON.Read.text)
        by = try fields.required("by", StateJSON.Read.string)
        comment = try fields.required("comment", StateJSON.Read.string)
        version = try fields.required("version", StateJSON.Read.number)
    }

    public func encode(to encoder: any Encoder) throws { try encodeTree(to: encoder) }
    public init(from decoder: any Decoder) throws { self = try Self.decodeTree(from: decoder) }
}

extension Document.Distribution: StateRecord {
    var stateJSON: StateJSON.Value {
        .fields([
            "roles": .list(roles) { .string($0.rawValue) }, "users": .list(users, StateJSON.Value.string),
        ])
    }

    init(state fields: inout StateJSON.Fields) throws(StateJSON.Failure) {
        roles = try fields.required("roles") { value throws(StateJSON.Failure) in
            try StateJSON.Read.list { role throws(StateJSON.Failure) in
                let name = try StateJSON.Read.string(role)
                guard let role = Role(rawValue: name) else {
                    throw StateJSON.Failure(description: "'\(name)' is not a role")
                }
                return role
            }(value)
        }
        users = try fields.required("users", StateJSON.Read.list(StateJSON.Read.string))
    }

    public func encode(to encoder: any Encoder) throws { try encodeTree(to: encoder) }
    public init(from decoder: any Decoder) throws { self = try Self.decodeTree(from: decoder) }
}
