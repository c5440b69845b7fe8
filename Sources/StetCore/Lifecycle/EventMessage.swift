import Foundation

/// An event as its commit message writes it: a subject line and `Stet-*` trailers in a fixed
/// order, each value in the one form its field writes, read back only when byte for byte that
/// and with exactly the trailers its kind writes.
extension Event {
    /// The trailers, in their fixed order.
    var trailers: [(String, String)] {
        let values = trailerValues
        return EventTrailer.allCases.compactMap { trailer in values[trailer.rawValue].map { (trailer.name, $0) } }
    }

    /// Each trailer's value as written, by `EventTrailer.rawValue`; nil where the event has none.
    var trailerValues: [String?] {
        var values = [String?](repeating: nil, count: EventTrailer.count)
        func set(_ trailer: EventTrailer, _ value: String?) { values[trailer.rawValue] = value }
        func set(_ trailer: EventTrailer, _ value: Int?) { values[trailer.rawValue] = value.map(String.init) }
        func set(_ trailer: EventTrailer, _ list: [String]?) {
            values[trailer.rawValue] = list?.joined(separator: ", ")
        }
        func set(_ trailer: EventTrailer, _ roles: [Role]?) {
            values[trailer.rawValue] = roles?.map(\.rawValue).joined(separator: ", ")
        }
        func enrol(_ user: Enrolment) {
            set(.subjectUser, user.user)
            set(.subjectName, user.name)
            set(.subjectRoles, user.roles)
            set(.subjectKey, user.key)
        }
        set(.event, kind.rawValue)
        set(.sequence, sequence)
        set(.actor, actor)
        set(.actorName, actorName)
        set(.role, role.rawValue)
        set(.meaning, meaning.rawValue)
        set(.signingKey, signingKey)
        if let header = payload.header {
            set(.document, header.document)
            set(.previousEvent, header.previousEvent)
            if kind.namesRevision { set(.revision, header.revision) }
            set(.state, "\(header.stateBefore.rawValue) -> \(header.stateAfter.rawValue)")
            if kind.namesContent { set(.contentHash, header.contentHash) }
        }
        switch payload {
        case .initialize(let user, let configurationHash):
            enrol(user)
            set(.contentHash, configurationHash)
        case .addUser(let user): enrol(user)
        case .revokeUser(let user, let reason):
            set(.subjectUser, user)
            set(.reason, reason)
        case .confirmUser(let user, let name, let key, let roles):
            set(.subjectUser, user)
            set(.subjectName, name)
            set(.subjectKey, key)
            set(.subjectRoles, roles)
        case .requireEnrolmentConfirmation: break
        case .rekeyUser(let user, let name, let key, let reason):
            set(.subjectUser, user)
            set(.subjectName, name)
            set(.subjectKey, key)
            set(.reason, reason)
        case .setRoles(let user, let name, let roles, let reason):
            set(.subjectUser, user)
            set(.subjectName, name)
            set(.subjectRoles, roles)
            set(.reason, reason)
        case .setType(let name, let settings):
            set(.type, name)
            set(.title, settings.title)
            set(.typePrefix, settings.prefix)
            set(.typeDigits, settings.digits)
            set(.typeReviewMonths, settings.reviewMonths)
            set(.typeApprovals, settings.approvals)
            set(.typeReviewerMayApprove, settings.reviewerMayApprove.map { $0 ? "yes" : "no" })
        case .configureStore(let organisation, let timeZone):
            set(.organisation, organisation)
            set(.timeZone, timeZone)
        case .create(_, let type, let title, let reason, let content):
            set(.type, type)
            set(.title, title)
            set(.reason, reason)
            set(.attachments, content.attachments)
            set(.clauses, content.clauses)
        case .edit(_, let reason, let content):
            set(.reason, reason)
            set(.attachments, content.attachments)
            set(.clauses, content.clauses)
        case .submit(_, let reviewers, let approvers), .reassign(_, let reviewers, let approvers, _):
            set(.reviewers, reviewers)
            set(.approvers, approvers)
            set(.reason, reason)
        case .review(_, let verdict, let comment):
            set(.verdict, verdict)
            set(.reason, comment)
        case .approve, .reject, .withdraw: set(.reason, reason)
        case .issue(_, let version, let effective):
            set(.version, version)
            set(.effectiveDate, effective.description)
        case .retire(_, let version, let reason):
            set(.version, version)
            set(.reason, reason)
        case .reaffirm(_, let version, let comment):
            set(.version, version)
            set(.reason, comment)
        case .distribute(_, let users, let roles):
            set(.distributionUsers, users)
            set(.distributionRoles, roles)
        case .acknowledge(_, let version): set(.version, version)
        case .importDocument(_, let imported):
            set(.type, imported.type)
            set(.title, imported.title)
            set(.version, imported.version)
            set(.versionLabel, imported.versionLabel)
            set(.effectiveDate, imported.effective?.description)
            set(.source, imported.source)
            set(.attachments, imported.attachments)
            set(.partOf, imported.partOf)
            set(.clauses, imported.clauses)
        case .updateDocument(_, let details, let reason):
            set(.title, details.title)
            set(.owner, details.owner)
            set(.department, details.department)
            set(.partOf, details.partOf)
            set(.reason, reason)
        case .issueCopy(_, let copy, let holder, let file):
            set(.version, copy.version)
            set(.copy, copy.number)
            set(.copyHolder, holder)
            set(.copyFile, file)
        case .recallCopy(_, let copy, let reason):
            set(.version, copy.version)
            set(.copy, copy.number)
            set(.reason, reason)
        case .destroyCopy(_, let copy):
            set(.version, copy.version)
            set(.copy, copy.number)
        }
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
    /// the form its field writes and each trailer one its kind writes: the same as rebuilding the
    /// message and comparing, without building it.
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
        var trailers = EventTrailers(bytes: bytes, ranges: ranges)
        do throws(EventTrailers.NotAnEvent) {
            self = try Event(reading: &trailers)
            try trailers.finish()
        } catch {
            return nil
        }
        // Each value read is the one its field writes back; what is left is the subject line.
        var summary = self.summary
        guard summary.utf8.count == summaryEnd,
            summary.withUTF8({ memcmp($0.baseAddress!, bytes.baseAddress!, summaryEnd) == 0 })
        else { return nil }
    }

    /// The event its kind's trailers hold.
    private init(reading trailers: inout EventTrailers) throws(EventTrailers.NotAnEvent) {
        guard let kind = EventKind(rawValue: try trailers.text(.event)) else { throw .init() }
        let sequence = try trailers.number(.sequence)
        let actor = try trailers.text(.actor)
        let actorName = try trailers.text(.actorName)
        guard let role = Role(rawValue: try trailers.text(.role)),
            let meaning = Meaning(rawValue: try trailers.text(.meaning))
        else { throw .init() }
        let signingKey = try trailers.optionalFingerprint(.signingKey)
        // A kind that never names a revision or content leaves those trailers unread: refused.
        func header() throws(EventTrailers.NotAnEvent) -> DocumentHeader {
            let (before, after) = try trailers.state()
            return DocumentHeader(
                document: try trailers.text(.document), previousEvent: try trailers.optionalCommit(.previousEvent),
                revision: kind.namesRevision ? try trailers.optionalNumber(.revision) : nil, stateBefore: before,
                stateAfter: after, contentHash: kind.namesContent ? trailers.optionalText(.contentHash) : nil)
        }
        func enrolment() throws(EventTrailers.NotAnEvent) -> Enrolment {
            Enrolment(
                user: try trailers.text(.subjectUser), name: try trailers.text(.subjectName),
                roles: try trailers.roles(.subjectRoles), key: try trailers.text(.subjectKey))
        }
        func copy() throws(EventTrailers.NotAnEvent) -> Copy {
            Copy(version: try trailers.number(.version), number: try trailers.number(.copy))
        }
        func content() throws(EventTrailers.NotAnEvent) -> Content {
            Content(attachments: try trailers.optionalList(.attachments), clauses: try trailers.optionalList(.clauses))
        }
        let payload: Payload
        switch kind {
        case .initialize:
            payload = .initialize(try enrolment(), configurationHash: try trailers.text(.contentHash))
        case .addUser: payload = .addUser(try enrolment())
        case .revokeUser:
            payload = .revokeUser(user: try trailers.text(.subjectUser), reason: try trailers.text(.reason))
        case .confirmUser:
            payload = .confirmUser(
                user: try trailers.text(.subjectUser), name: try trailers.text(.subjectName),
                key: trailers.optionalText(.subjectKey), roles: try trailers.optionalRoles(.subjectRoles))
        case .requireEnrolmentConfirmation: payload = .requireEnrolmentConfirmation
        case .rekeyUser:
            payload = .rekeyUser(
                user: try trailers.text(.subjectUser), name: try trailers.text(.subjectName),
                key: try trailers.text(.subjectKey), reason: try trailers.text(.reason))
        case .setRoles:
            payload = .setRoles(
                user: try trailers.text(.subjectUser), name: try trailers.text(.subjectName),
                roles: try trailers.roles(.subjectRoles), reason: try trailers.text(.reason))
        case .setType:
            payload = .setType(
                name: try trailers.text(.type),
                TypeSettings(
                    title: try trailers.text(.title), prefix: try trailers.text(.typePrefix),
                    digits: try trailers.number(.typeDigits), reviewMonths: try trailers.number(.typeReviewMonths),
                    approvals: try trailers.number(.typeApprovals),
                    reviewerMayApprove: try trailers.optionalYesNo(.typeReviewerMayApprove)))
        case .configureStore:
            payload = .configureStore(
                organisation: trailers.optionalText(.organisation), timeZone: trailers.optionalText(.timeZone))
        case .create:
            payload = .create(
                try header(), type: try trailers.text(.type), title: try trailers.text(.title),
                reason: try trailers.text(.reason), try content())
        case .edit: payload = .edit(try header(), reason: try trailers.text(.reason), try content())
        case .submit:
            payload = .submit(
                try header(), reviewers: try trailers.list(.reviewers), approvers: try trailers.list(.approvers))
        case .review:
            payload = .review(
                try header(), verdict: try trailers.text(.verdict), comment: trailers.optionalText(.reason))
        case .approve: payload = .approve(try header(), comment: trailers.optionalText(.reason))
        case .reject: payload = .reject(try header(), reason: try trailers.text(.reason))
        case .issue:
            payload = .issue(try header(), version: try trailers.number(.version), effective: try trailers.day())
        case .retire:
            payload = .retire(
                try header(), version: try trailers.optionalNumber(.version), reason: try trailers.text(.reason))
        case .reaffirm:
            payload = .reaffirm(
                try header(), version: try trailers.number(.version), comment: try trailers.text(.reason))
        case .distribute:
            payload = .distribute(
                try header(), users: try trailers.list(.distributionUsers),
                roles: try trailers.roles(.distributionRoles))
        case .acknowledge: payload = .acknowledge(try header(), version: try trailers.number(.version))
        case .importDocument:
            payload = .importDocument(
                try header(),
                Import(
                    type: try trailers.text(.type), title: try trailers.text(.title),
                    version: try trailers.optionalNumber(.version), versionLabel: trailers.optionalText(.versionLabel),
                    effective: try trailers.optionalDay(), source: try trailers.text(.source),
                    attachments: try trailers.optionalList(.attachments), partOf: try trailers.optionalList(.partOf),
                    clauses: try trailers.optionalList(.clauses)))
        case .updateDocument:
            payload = .updateDocument(
                try header(),
                Details(
                    title: try trailers.text(.title), owner: try trailers.text(.owner),
                    department: trailers.optionalText(.department), partOf: try trailers.optionalList(.partOf)),
                reason: try trailers.text(.reason))
        case .reassign:
            payload = .reassign(
                try header(), reviewers: try trailers.list(.reviewers), approvers: try trailers.list(.approvers),
                reason: try trailers.text(.reason))
        case .withdraw: payload = .withdraw(try header(), reason: try trailers.text(.reason))
        case .issueCopy:
            payload = .issueCopy(
                try header(), try copy(), holder: try trailers.text(.copyHolder),
                file: try trailers.text(.copyFile))
        case .recallCopy:
            payload = .recallCopy(
                try header(), try copy(), reason: try trailers.text(.reason))
        case .destroyCopy: payload = .destroyCopy(try header(), try copy())
        }
        self.init(
            payload, sequence: sequence, actor: actor, actorName: actorName, role: role, meaning: meaning,
            signingKey: signingKey)
    }
}
