import Foundation

/// An event as its commit message writes it: a subject line and `Stet-*` trailers in a fixed
/// order, each value in the one form its field writes, read back only when byte for byte that.
extension Event {
    /// The trailers, in their fixed order.
    var trailers: [(String, String)] {
        let values = trailerValues
        return EventTrailer.allCases.compactMap { trailer in values[trailer.rawValue].map { (trailer.name, $0) } }
    }

    /// Each trailer's value as written, by `EventTrailer.rawValue`; nil where the event has none.
    fileprivate var trailerValues: [String?] {
        var values = [String?](repeating: nil, count: EventTrailer.count)
        func set(_ trailer: EventTrailer, _ value: String?) { values[trailer.rawValue] = value }
        set(.event, kind.rawValue)
        set(.sequence, String(sequence))
        set(.document, document)
        set(.previousEvent, previousEvent)
        set(.type, type)
        set(.title, title)
        set(.revision, revision.map(String.init))
        set(.version, version.map(String.init))
        set(.versionLabel, versionLabel)
        if let stateBefore, let stateAfter { set(.state, "\(stateBefore.rawValue) -> \(stateAfter.rawValue)") }
        set(.actor, actor)
        set(.actorName, actorName)
        set(.role, role.rawValue)
        set(.meaning, meaning.rawValue)
        set(.signingKey, signingKey)
        set(.verdict, verdict)
        set(.reason, reason)
        set(.reviewers, reviewers?.joined(separator: ", "))
        set(.approvers, approvers?.joined(separator: ", "))
        set(.effectiveDate, effective?.description)
        set(.subjectUser, subjectUser)
        set(.subjectName, subjectName)
        set(.subjectRoles, subjectRoles?.map(\.rawValue).joined(separator: ", "))
        set(.subjectKey, subjectKey)
        set(.typePrefix, typePrefix)
        set(.typeDigits, typeDigits.map(String.init))
        set(.typeReviewMonths, typeReviewMonths.map(String.init))
        set(.typeApprovals, typeApprovals.map(String.init))
        set(.typeReviewerMayApprove, typeReviewerMayApprove.map { $0 ? "yes" : "no" })
        set(.distributionUsers, distributionUsers?.joined(separator: ", "))
        set(.distributionRoles, distributionRoles?.map(\.rawValue).joined(separator: ", "))
        set(.owner, owner)
        set(.department, department)
        set(.partOf, partOf?.joined(separator: ", "))
        set(.source, source)
        set(.attachments, attachments?.joined(separator: ", "))
        set(.clauses, clauses?.joined(separator: ", "))
        set(.copy, copyNumber.map(String.init))
        set(.copyHolder, copyHolder)
        set(.copyFile, copyFile)
        set(.organisation, organisation)
        set(.timeZone, timeZone)
        set(.contentHash, contentHash)
        return values
    }

    /// The whole commit message.
    public var message: String {
        // Appended in place: the replay builds every event's message once more to compare.
        var text = summary
        let values = trailerValues
        text.reserveCapacity(text.utf8.count + 2 + values.reduce(0) { $0 + ($1.map { $0.utf8.count + 24 } ?? 0) })
        text += "\n\n"
        for trailer in EventTrailer.allCases {
            guard let value = values[trailer.rawValue] else { continue }
            text += trailer.name
            text += ": "
            text += value
            text += "\n"
        }
        return text
    }

    /// Reads an event back from a commit message; nil when the message is not a Stet event.
    public init?(message: String) {
        var message = message
        guard let event = message.withUTF8({ Event(validUTF8: $0) }) else { return nil }
        self = event
    }

    /// Reads an event back from a commit message's bytes; nil unless they are exactly the message
    /// an event writes (`message`), byte for byte (which is valid UTF-8).
    public init?(messageBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard let message = String(validating: bytes, as: UTF8.self) else { return nil }
        self.init(message: message)
    }

    /// One pass over a message's bytes, trailers in their fixed order, each value checked to be
    /// the form its field writes: the same as rebuilding the message and comparing, without
    /// building it.
    fileprivate init?(validUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        let newline = UInt8(ascii: "\n")
        var summaryEnd: Int?
        for index in bytes.indices.dropLast() where bytes[index] == newline && bytes[index + 1] == newline {
            summaryEnd = index
            break
        }
        guard let summaryEnd else { return nil }
        var ranges = [Range<Int>?](repeating: nil, count: EventTrailer.count)
        var position = summaryEnd + 2
        var next = 0
        while position < bytes.count {
            guard let end = bytes[position...].firstIndex(of: newline) else { return nil }
            // Names are looked for only after the last one found: order and uniqueness in one.
            var found: EventTrailer?
            while let trailer = EventTrailer(rawValue: next) {
                next += 1
                let length = trailer.nameLength
                if end - position >= length + 2, bytes[position + length] == UInt8(ascii: ":"),
                    bytes[position + length + 1] == 0x20,
                    trailer.name.utf8.withContiguousStorageIfAvailable({
                        memcmp($0.baseAddress!, bytes.baseAddress! + position, length) == 0
                    }) == true
                {
                    found = trailer
                    break
                }
            }
            guard let found else { return nil }
            ranges[found.rawValue] = (position + found.nameLength + 2)..<end
            position = end + 1
        }
        // The bytes are valid UTF-8, and split at ASCII characters: each value is whole.
        func value(_ trailer: EventTrailer) -> String? {
            ranges[trailer.rawValue].map { String(decoding: bytes[$0], as: UTF8.self) }
        }
        // A number as `String(_:)` writes it: no sign but a minus, no leading zero.
        func number(_ trailer: EventTrailer) -> Int?? {
            guard let text = value(trailer) else { return .some(nil) }
            let digits = text.utf8.first == UInt8(ascii: "-") ? text.utf8.dropFirst() : text.utf8[...]
            guard let first = digits.first, first != UInt8(ascii: "0") || digits.count == 1,
                digits.allSatisfy({ (0x30...0x39).contains($0) }), let parsed = Int(text),
                parsed != 0 || digits.count == text.utf8.count
            else { return nil }
            return .some(parsed)
        }
        // A list as `joined(separator: ", ")` writes it: items with no space or tab at either end.
        func list(_ trailer: EventTrailer) -> [String]?? {
            guard let text = value(trailer) else { return .some(nil) }
            func blank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
            let items = text.split(separator: ",").map { item in
                let bytes = item.utf8
                guard let start = bytes.firstIndex(where: { !blank($0) }) else { return "" }
                let end = bytes.lastIndex(where: { !blank($0) })!
                return String(decoding: bytes[start...end], as: UTF8.self)
            }
            guard items.joined(separator: ", ") == text else { return nil }
            return .some(items)
        }
        func roles(_ trailer: EventTrailer) -> [Role]?? {
            guard let names = list(trailer) else { return nil }
            guard let names else { return .some(nil) }
            let parsed = names.compactMap(Role.init(rawValue:))
            guard parsed.count == names.count else { return nil }
            return .some(parsed)
        }
        guard let kind = value(.event).flatMap(EventKind.init(rawValue:)),
            let sequence = number(.sequence), let sequence,
            let actor = value(.actor), let actorName = value(.actorName),
            let role = value(.role).flatMap(Role.init(rawValue:)),
            let meaning = value(.meaning).flatMap(Meaning.init(rawValue:)),
            let revision = number(.revision), let version = number(.version),
            let digits = number(.typeDigits), let months = number(.typeReviewMonths),
            let approvals = number(.typeApprovals), let copyNumber = number(.copy),
            let reviewers = list(.reviewers), let approvers = list(.approvers),
            let subjectRoles = roles(.subjectRoles), let distributionUsers = list(.distributionUsers),
            let distributionRoles = roles(.distributionRoles), let attachments = list(.attachments),
            let partOf = list(.partOf), let clauses = list(.clauses)
        else { return nil }
        self.kind = kind
        self.sequence = sequence
        self.actor = actor
        self.actorName = actorName
        self.role = role
        self.meaning = meaning
        document = value(.document)
        // A commit id as `ObjectID.hex` writes it: 40 lowercase hexadecimal digits.
        if let range = ranges[EventTrailer.previousEvent.rawValue] {
            guard range.count == 40,
                bytes[range].allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
            else { return nil }
            previousEvent = value(.previousEvent)
        }
        if let range = ranges[EventTrailer.signingKey.rawValue] {
            guard PublicKey.isFingerprint(bytes[range]) else { return nil }
            signingKey = value(.signingKey)
        }
        type = value(.type)
        title = value(.title)
        self.revision = revision
        self.version = version
        versionLabel = value(.versionLabel)
        if let state = value(.state) {
            // `before -> after`, split by hand: Foundation's search costs more than the rest.
            let bytes = Array(state.utf8)
            let arrow = Array(" -> ".utf8)
            let at = bytes.indices.first { bytes[$0...].starts(with: arrow) }
            guard let at, let before = EventState(rawValue: String(decoding: bytes[..<at], as: UTF8.self)),
                let after = EventState(rawValue: String(decoding: bytes[(at + arrow.count)...], as: UTF8.self))
            else { return nil }
            stateBefore = before
            stateAfter = after
        }
        verdict = value(.verdict)
        reason = value(.reason)
        self.reviewers = reviewers
        self.approvers = approvers
        if let text = value(.effectiveDate) {
            guard let day = Day(text), day.description == text else { return nil }
            effective = day
        }
        subjectUser = value(.subjectUser)
        subjectName = value(.subjectName)
        self.subjectRoles = subjectRoles
        subjectKey = value(.subjectKey)
        typePrefix = value(.typePrefix)
        typeDigits = digits
        typeReviewMonths = months
        typeApprovals = approvals
        if let text = value(.typeReviewerMayApprove) {
            guard text == "yes" || text == "no" else { return nil }
            typeReviewerMayApprove = text == "yes"
        }
        self.distributionUsers = distributionUsers
        self.distributionRoles = distributionRoles
        owner = value(.owner)
        department = value(.department)
        self.partOf = partOf
        source = value(.source)
        self.attachments = attachments
        self.clauses = clauses
        self.copyNumber = copyNumber
        copyHolder = value(.copyHolder)
        copyFile = value(.copyFile)
        organisation = value(.organisation)
        timeZone = value(.timeZone)
        contentHash = value(.contentHash)
        // Each value read is the one its field writes back; what is left is the subject line.
        var summary = self.summary
        guard summary.utf8.count == summaryEnd,
            summary.withUTF8({ memcmp($0.baseAddress!, bytes.baseAddress!, summaryEnd) == 0 })
        else { return nil }
    }
}

/// The `Stet-*` trailers of an event message, in the order a message lists them.
enum EventTrailer: Int, CaseIterable {
    case event, sequence, document, previousEvent, type, title, revision, version, versionLabel, state, actor
    case actorName, role, meaning, signingKey, verdict, reason, reviewers, approvers, effectiveDate, subjectUser,
        subjectName, subjectRoles
    case subjectKey, typePrefix, typeDigits, typeReviewMonths, typeApprovals, typeReviewerMayApprove, distributionUsers
    case distributionRoles, owner, department, partOf, source, attachments, clauses, copy, copyHolder, copyFile
    case organisation, timeZone, contentHash

    static let count = allCases.count

    var name: String { Self.names[rawValue] }
    var nameLength: Int { Self.names[rawValue].utf8.count }

    private static let names = [
        "Stet-Event", "Stet-Sequence", "Stet-Document", "Stet-Previous-Event", "Stet-Type", "Stet-Title",
        "Stet-Revision", "Stet-Version", "Stet-Version-Label", "Stet-State", "Stet-Actor", "Stet-Actor-Name",
        "Stet-Role", "Stet-Meaning", "Stet-Signing-Key", "Stet-Verdict", "Stet-Reason", "Stet-Reviewers",
        "Stet-Approvers", "Stet-Effective-Date",
        "Stet-Subject-User", "Stet-Subject-Name", "Stet-Subject-Roles", "Stet-Subject-Key", "Stet-Type-Prefix",
        "Stet-Type-Digits", "Stet-Type-Review-Months", "Stet-Type-Approvals", "Stet-Type-Reviewer-May-Approve",
        "Stet-Distribution-Users", "Stet-Distribution-Roles", "Stet-Owner", "Stet-Department", "Stet-Part-Of",
        "Stet-Source", "Stet-Attachments", "Stet-Clauses", "Stet-Copy", "Stet-Copy-Holder", "Stet-Copy-File",
        "Stet-Organisation", "Stet-Time-Zone", "Stet-Content-Hash",
    ]

}
