/// The `Stet-*` trailers of an event message, in the order a message lists them, each with its
/// name beside it (a switch, not a list kept in step with the cases by position).
enum EventTrailer: Int, CaseIterable {
    case event, sequence, document, previousEvent, type, title, revision, version, versionLabel, state, actor
    case actorName, role, meaning, signingKey, verdict, reason, reviewers, approvers, effectiveDate, subjectUser
    case subjectName, subjectRoles, subjectKey, typePrefix, typeDigits, typeReviewMonths, typeApprovals
    case typeReviewerMayApprove, distributionUsers, distributionRoles, owner, department, partOf, source
    case attachments, clauses, copy, copyHolder, copyFile, organisation, timeZone, contentHash

    static let count = allCases.count

    var nameLength: Int { name.utf8.count }

    // Literals, not derived from the case names: reflecting on them cost a fresh `stet log` a
    // fifth of its time.
    var name: String {
        switch self {
        case .event: "Stet-Event"
        case .sequence: "Stet-Sequence"
        case .document: "Stet-Document"
        case .previousEvent: "Stet-Previous-Event"
        case .type: "Stet-Type"
        case .title: "Stet-Title"
        case .revision: "Stet-Revision"
        case .version: "Stet-Version"
        case .versionLabel: "Stet-Version-Label"
        case .state: "Stet-State"
        case .actor: "Stet-Actor"
        case .actorName: "Stet-Actor-Name"
        case .role: "Stet-Role"
        case .meaning: "Stet-Meaning"
        case .signingKey: "Stet-Signing-Key"
        case .verdict: "Stet-Verdict"
        case .reason: "Stet-Reason"
        case .reviewers: "Stet-Reviewers"
        case .approvers: "Stet-Approvers"
        case .effectiveDate: "Stet-Effective-Date"
        case .subjectUser: "Stet-Subject-User"
        case .subjectName: "Stet-Subject-Name"
        case .subjectRoles: "Stet-Subject-Roles"
        case .subjectKey: "Stet-Subject-Key"
        case .typePrefix: "Stet-Type-Prefix"
        case .typeDigits: "Stet-Type-Digits"
        case .typeReviewMonths: "Stet-Type-Review-Months"
        case .typeApprovals: "Stet-Type-Approvals"
        case .typeReviewerMayApprove: "Stet-Type-Reviewer-May-Approve"
        case .distributionUsers: "Stet-Distribution-Users"
        case .distributionRoles: "Stet-Distribution-Roles"
        case .owner: "Stet-Owner"
        case .department: "Stet-Department"
        case .partOf: "Stet-Part-Of"
        case .source: "Stet-Source"
        case .attachments: "Stet-Attachments"
        case .clauses: "Stet-Clauses"
        case .copy: "Stet-Copy"
        case .copyHolder: "Stet-Copy-Holder"
        case .copyFile: "Stet-Copy-File"
        case .organisation: "Stet-Organisation"
        case .timeZone: "Stet-Time-Zone"
        case .contentHash: "Stet-Content-Hash"
        }
    }
}

/// The trailers of one message, located, read by the kind's reading: each value checked to be the
/// one form its field writes, and `finish` refusing any trailer the kind does not write.
struct EventTrailers {
    struct NotAnEvent: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    let ranges: [Range<Int>?]
    private var taken: UInt64 = 0

    init(bytes: UnsafeBufferPointer<UInt8>, ranges: [Range<Int>?]) {
        self.bytes = bytes
        self.ranges = ranges
    }

    private mutating func take(_ trailer: EventTrailer) -> Range<Int>? {
        taken |= 1 << UInt64(trailer.rawValue)
        return ranges[trailer.rawValue]
    }

    /// Every trailer present was read by the kind.
    func finish() throws(NotAnEvent) {
        for trailer in EventTrailer.allCases where ranges[trailer.rawValue] != nil {
            guard taken & (1 << UInt64(trailer.rawValue)) != 0 else { throw NotAnEvent() }
        }
    }

    // The bytes are valid UTF-8, and split at ASCII characters: each value is whole.
    mutating func optionalText(_ trailer: EventTrailer) -> String? {
        take(trailer).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    mutating func text(_ trailer: EventTrailer) throws(NotAnEvent) -> String {
        guard let text = optionalText(trailer) else { throw NotAnEvent() }
        return text
    }

    /// A number as `String(_:)` writes it: no sign but a minus, no leading zero.
    mutating func optionalNumber(_ trailer: EventTrailer) throws(NotAnEvent) -> Int? {
        guard let text = optionalText(trailer) else { return nil }
        let digits = text.utf8.first == UInt8(ascii: "-") ? text.utf8.dropFirst() : text.utf8[...]
        guard let first = digits.first, first != UInt8(ascii: "0") || digits.count == 1,
            digits.allSatisfy({ (0x30...0x39).contains($0) }), let parsed = Int(text),
            parsed != 0 || digits.count == text.utf8.count
        else { throw NotAnEvent() }
        return parsed
    }

    mutating func number(_ trailer: EventTrailer) throws(NotAnEvent) -> Int {
        guard let number = try optionalNumber(trailer) else { throw NotAnEvent() }
        return number
    }

    /// A list as `joined(separator: ", ")` writes it: items with no space or tab at either end.
    mutating func optionalList(_ trailer: EventTrailer) throws(NotAnEvent) -> [String]? {
        guard let text = optionalText(trailer) else { return nil }
        func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        let items = text.split(separator: ",").map { item in
            let bytes = item.utf8
            guard let start = bytes.firstIndex(where: { !blank($0) }) else { return "" }
            let end = bytes.lastIndex(where: { !blank($0) })!
            return String(decoding: bytes[start...end], as: UTF8.self)
        }
        guard items.joined(separator: ", ") == text else { throw NotAnEvent() }
        return items
    }

    mutating func list(_ trailer: EventTrailer) throws(NotAnEvent) -> [String] {
        guard let list = try optionalList(trailer) else { throw NotAnEvent() }
        return list
    }

    mutating func optionalRoles(_ trailer: EventTrailer) throws(NotAnEvent) -> [Role]? {
        guard let names = try optionalList(trailer) else { return nil }
        let roles = names.compactMap(Role.init(rawValue:))
        guard roles.count == names.count else { throw NotAnEvent() }
        return roles
    }

    mutating func roles(_ trailer: EventTrailer) throws(NotAnEvent) -> [Role] {
        guard let roles = try optionalRoles(trailer) else { throw NotAnEvent() }
        return roles
    }

    /// `yes` or `no`.
    mutating func optionalYesNo(_ trailer: EventTrailer) throws(NotAnEvent) -> Bool? {
        guard let text = optionalText(trailer) else { return nil }
        guard text == "yes" || text == "no" else { throw NotAnEvent() }
        return text == "yes"
    }

    /// The effective date, as `Day` writes it.
    mutating func optionalDay() throws(NotAnEvent) -> Day? {
        guard let text = optionalText(.effectiveDate) else { return nil }
        guard let day = Day(text), day.description == text else { throw NotAnEvent() }
        return day
    }

    mutating func day() throws(NotAnEvent) -> Day {
        guard let day = try optionalDay() else { throw NotAnEvent() }
        return day
    }

    /// `before -> after`.
    mutating func state() throws(NotAnEvent) -> (EventState, EventState) {
        // Split by hand: Foundation's search costs more than the rest.
        let bytes = Array(try text(.state).utf8)
        let arrow = Array(" -> ".utf8)
        guard let at = bytes.indices.first(where: { bytes[$0...].starts(with: arrow) }),
            let before = EventState(rawValue: String(decoding: bytes[..<at], as: UTF8.self)),
            let after = EventState(rawValue: String(decoding: bytes[(at + arrow.count)...], as: UTF8.self))
        else { throw NotAnEvent() }
        return (before, after)
    }

    /// A commit id as `ObjectID.hex` writes it: 40 lowercase hexadecimal digits.
    mutating func optionalCommit(_ trailer: EventTrailer) throws(NotAnEvent) -> String? {
        guard let range = take(trailer) else { return nil }
        guard range.count == 40,
            bytes[range].allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { throw NotAnEvent() }
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// A key fingerprint as `PublicKey` writes it (`SHA256:…`).
    mutating func optionalFingerprint(_ trailer: EventTrailer) throws(NotAnEvent) -> String? {
        guard let range = take(trailer) else { return nil }
        guard PublicKey.isFingerprint(bytes[range]) else { throw NotAnEvent() }
        return String(decoding: bytes[range], as: UTF8.self)
    }
}
