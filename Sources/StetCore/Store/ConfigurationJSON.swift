/// The store's settings (`config/store.json`) in their one JSON form, written and read side by
/// side as a document's are (`DocumentJSON.swift`): every command reads them.
extension StoreConfiguration: StateRecord {
    var stateJSON: StateJSON.Value {
        .fields([
            "enrolmentConfirmation": enrolmentConfirmation.map(StateJSON.Value.bool),
            "format": .number(format), "organisation": organisation.map(StateJSON.Value.string),
            "timeZone": timeZone.map(StateJSON.Value.string),
            "types": .object(types.map { (key: $0.key, value: $0.value.stateJSON) }),
        ])
    }

    init(state fields: inout StateJSON.Fields) throws(StateJSON.Failure) {
        typealias Read = StateJSON.Read
        enrolmentConfirmation = try fields.optional("enrolmentConfirmation", Read.bool)
        format = try fields.required("format", Read.number)
        organisation = try fields.optional("organisation", Read.string)
        timeZone = try fields.optional("timeZone", Read.string)
        types = try fields.required("types", Read.named(Read.record))
    }

    public func encode(to encoder: any Encoder) throws { try encodeTree(to: encoder) }
    public init(from decoder: any Decoder) throws { self = try Self.decodeTree(from: decoder) }
}

extension StoreConfiguration.DocumentType: StateRecord {
    var stateJSON: StateJSON.Value {
        .fields([
            "approvalsRequired": .number(approvalsRequired), "digits": .number(digits), "prefix": .string(prefix),
            "reviewIntervalMonths": .number(reviewIntervalMonths),
            "reviewerMayApprove": reviewerMayApprove.map(StateJSON.Value.bool), "title": .string(title),
        ])
    }

    init(state fields: inout StateJSON.Fields) throws(StateJSON.Failure) {
        typealias Read = StateJSON.Read
        approvalsRequired = try fields.required("approvalsRequired", Read.number)
        digits = try fields.required("digits", Read.number)
        prefix = try fields.required("prefix", Read.string)
        reviewIntervalMonths = try fields.required("reviewIntervalMonths", Read.number)
        reviewerMayApprove = try fields.optional("reviewerMayApprove", Read.bool)
        title = try fields.required("title", Read.string)
    }

    public func encode(to encoder: any Encoder) throws { try encodeTree(to: encoder) }
    public init(from decoder: any Decoder) throws { self = try Self.decodeTree(from: decoder) }
}
