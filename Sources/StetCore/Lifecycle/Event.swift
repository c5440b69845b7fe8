import Foundation

/// The kinds of event a store records, one commit each.
public enum EventKind: String, Codable, Sendable, CaseIterable {
    case initialize = "init"
    case addUser = "user-add"
    case revokeUser = "user-revoke"
    case confirmUser = "user-confirm"
    case requireEnrolmentConfirmation = "enrolment-confirmation"
    case setType = "type-set"
    case create
    case edit
    case submit
    case review
    case approve
    case reject
    case issue
    case retire
    case reaffirm
    case distribute
    case acknowledge
    case importDocument = "import"
    case issueCopy = "copy-issue"
    case recallCopy = "copy-recall"
    case destroyCopy = "copy-destroyed"
    case configureStore = "settings-set"
    case updateDocument = "document-update"
    case reassign
    case withdraw
    case rekeyUser = "user-rekey"
    case setRoles = "user-roles"

    /// Parses an event kind's name, or throws an error listing them all.
    public static func parse(_ text: String) throws(StetError) -> EventKind {
        guard let kind = EventKind(rawValue: text) else {
            throw .invalidText(
                field: "event",
                problem: "'\(Text.printable(text))' is not one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }
}

/// What a signature means (21 CFR 11.50).
public enum Meaning: String, Codable, Sendable {
    case authorship
    case review
    case approval
    case rejection
    case issue
    case retirement
    case acknowledgement
    case administration
}

/// One recorded event: the fields of an event commit's message.
///
/// The message is a human-readable subject line followed by `Stet-*` trailers; it is derived
/// from these fields alone, so a message can be checked by rebuilding it.
public struct Event: Equatable, Sendable, Codable {
    public var kind: EventKind
    public var sequence: Int
    public var actor: String
    public var actorName: String
    public var role: Role
    public var meaning: Meaning
    public var document: String?
    public var title: String?
    public var type: String?
    public var revision: Int?
    public var version: Int?
    /// For an import: the version as the old system wrote it (`2.1.2`).
    public var versionLabel: String?
    public var stateBefore: EventState?
    public var stateAfter: EventState?
    public var reason: String?
    public var contentHash: String?
    public var reviewers: [String]?
    public var approvers: [String]?
    public var verdict: String?
    public var effective: Day?
    public var subjectUser: String?
    public var subjectName: String?
    public var subjectRoles: [Role]?
    public var subjectKey: String?
    public var typePrefix: String?
    public var typeDigits: Int?
    public var typeReviewMonths: Int?
    public var typeApprovals: Int?
    public var distributionUsers: [String]?
    public var distributionRoles: [Role]?
    /// For an import: the file it came from, relative to the imported folder.
    public var source: String?
    /// For an import, a create or an edit: the files the document links to, stored beside it.
    public var attachments: [String]?
    /// For the copy register: the copy's number, who or where holds it, and its file's hash.
    public var copyNumber: Int?
    public var copyHolder: String?
    public var copyFile: String?
    /// For a document's details: its owner and department, as they stand after the event.
    public var owner: String?
    public var department: String?
    /// For the store's settings: the organisation and time zone, as set.
    public var organisation: String?
    public var timeZone: String?

    init(kind: EventKind, sequence: Int, actor: User, role: Role, meaning: Meaning) {
        self.kind = kind
        self.sequence = sequence
        self.actor = actor.id
        self.actorName = actor.name
        self.role = role
        self.meaning = meaning
    }

    /// The subject line people read in `git log`.
    public var summary: String {
        let doc = document ?? "?"
        let rev = revision.map { "revision \($0)" } ?? "revision ?"
        switch kind {
        case .initialize: return "Store created by \(actorName)"
        case .addUser: return "User \(subjectUser ?? "?") (\(subjectName ?? "?")) added by \(actorName)"
        case .revokeUser: return "User \(subjectUser ?? "?") revoked by \(actorName)"
        case .confirmUser: return "Enrolment of \(subjectUser ?? "?") confirmed by \(actorName)"
        case .requireEnrolmentConfirmation:
            return "Enrolments now need a second controller's confirmation, set by \(actorName)"
        case .setType: return "Document type \(type ?? "?") configured by \(actorName)"
        case .create: return "\(doc) \(rev) drafted by \(actorName): \(title ?? "")"
        case .edit: return "\(doc) \(rev) drafted by \(actorName)"
        case .submit: return "\(doc) \(rev) submitted for review by \(actorName)"
        case .review: return "\(doc) \(rev) review \(verdict ?? "?") by \(actorName)"
        case .approve: return "\(doc) \(rev) approved by \(actorName)"
        case .reject: return "\(doc) \(rev) rejected by \(actorName)"
        case .issue:
            return
                "\(doc) v\(version.map(String.init) ?? "?") issued by \(actorName), effective \(effective.map(\.description) ?? "?")"
        case .retire: return "\(doc) retired by \(actorName)"
        case .reaffirm:
            return "\(doc) v\(version.map(String.init) ?? "?") reviewed and reaffirmed by \(actorName)"
        case .distribute: return "\(doc) distribution set by \(actorName)"
        case .acknowledge:
            return "\(doc) v\(version.map(String.init) ?? "?") read and understood by \(actorName)"
        case .importDocument:
            if let version {
                return "\(doc) v\(version) imported by \(actorName) from \(source ?? "?")"
            }
            return "\(doc) imported as a draft by \(actorName) from \(source ?? "?")"
        case .issueCopy:
            return "\(copyName) issued to \(copyHolder ?? "?") by \(actorName)"
        case .recallCopy: return "\(copyName) recalled by \(actorName)"
        case .destroyCopy: return "\(copyName) destroyed, confirmed by \(actorName)"
        case .configureStore: return "Store settings changed by \(actorName)"
        case .updateDocument: return "\(doc) details changed by \(actorName): \(title ?? "")"
        case .reassign: return "\(doc) \(rev) reviewers and approvers changed by \(actorName)"
        case .withdraw: return "\(doc) \(rev) withdrawn from review by \(actorName)"
        case .rekeyUser: return "User \(subjectUser ?? "?") given a new key by \(actorName)"
        case .setRoles: return "Roles of \(subjectUser ?? "?") changed by \(actorName)"
        }
    }

    /// A registered copy as people name it: `SOP-0001 v2 copy 3`.
    var copyName: String {
        "\(document ?? "?") v\(version.map(String.init) ?? "?") copy \(copyNumber.map(String.init) ?? "?")"
    }

    /// The trailers, in their fixed order.
    var trailers: [(String, String)] {
        var list: [(String, String)] = [("Stet-Event", kind.rawValue), ("Stet-Sequence", String(sequence))]
        func add(_ key: String, _ value: String?) { if let value { list.append((key, value)) } }
        add("Stet-Document", document)
        add("Stet-Type", type)
        add("Stet-Title", title)
        add("Stet-Revision", revision.map(String.init))
        add("Stet-Version", version.map(String.init))
        add("Stet-Version-Label", versionLabel)
        if let stateBefore, let stateAfter {
            list.append(("Stet-State", "\(stateBefore.rawValue) -> \(stateAfter.rawValue)"))
        }
        add("Stet-Actor", actor)
        add("Stet-Actor-Name", actorName)
        add("Stet-Role", role.rawValue)
        add("Stet-Meaning", meaning.rawValue)
        add("Stet-Verdict", verdict)
        add("Stet-Reason", reason)
        add("Stet-Reviewers", reviewers?.joined(separator: ", "))
        add("Stet-Approvers", approvers?.joined(separator: ", "))
        add("Stet-Effective-Date", effective?.description)
        add("Stet-Subject-User", subjectUser)
        add("Stet-Subject-Name", subjectName)
        add("Stet-Subject-Roles", subjectRoles?.map(\.rawValue).joined(separator: ", "))
        add("Stet-Subject-Key", subjectKey)
        add("Stet-Type-Prefix", typePrefix)
        add("Stet-Type-Digits", typeDigits.map(String.init))
        add("Stet-Type-Review-Months", typeReviewMonths.map(String.init))
        add("Stet-Type-Approvals", typeApprovals.map(String.init))
        add("Stet-Distribution-Users", distributionUsers?.joined(separator: ", "))
        add("Stet-Distribution-Roles", distributionRoles?.map(\.rawValue).joined(separator: ", "))
        add("Stet-Owner", owner)
        add("Stet-Department", department)
        add("Stet-Source", source)
        add("Stet-Attachments", attachments?.joined(separator: ", "))
        add("Stet-Copy", copyNumber.map(String.init))
        add("Stet-Copy-Holder", copyHolder)
        add("Stet-Copy-File", copyFile)
        add("Stet-Organisation", organisation)
        add("Stet-Time-Zone", timeZone)
        add("Stet-Content-Hash", contentHash)
        return list
    }

    /// The whole commit message.
    public var message: String {
        summary + "\n\n" + trailers.map { "\($0.0): \($0.1)" }.joined(separator: "\n") + "\n"
    }

    /// Reads an event back from a commit message; nil when the message is not a Stet event.
    public init?(message: String) {
        // Scanned as UTF-8 bytes: Foundation's string searches cost more than the rest of an
        // audit export together.
        let bytes = Array(message.utf8)
        var start: Int?
        for index in bytes.indices.dropLast() where bytes[index] == 0x0A && bytes[index + 1] == 0x0A {
            start = index + 2
            break
        }
        guard let start else { return nil }
        var fields: [String: String] = [:]
        for line in bytes[start...].split(separator: 0x0A) {
            guard
                let colon = line.indices.first(where: {
                    line[$0] == 0x3A && $0 + 1 < line.endIndex && line[$0 + 1] == 0x20
                })
            else { return nil }
            let key = String(decoding: line[..<colon], as: UTF8.self)
            guard key.hasPrefix("Stet-"), fields[key] == nil else { return nil }
            fields[key] = String(decoding: line[(colon + 2)...], as: UTF8.self)
        }
        func list(_ key: String) -> [String]? {
            fields[key].map {
                $0.split(separator: ",").map {
                    String($0.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
                }
            }
        }
        func int(_ key: String) -> Int?? {
            guard let text = fields[key] else { return .some(nil) }
            return Int(text).map { .some($0) } ?? nil
        }
        guard let kind = fields["Stet-Event"].flatMap(EventKind.init(rawValue:)),
            let sequence = fields["Stet-Sequence"].flatMap({ Int($0) }),
            let actor = fields["Stet-Actor"], let actorName = fields["Stet-Actor-Name"],
            let role = fields["Stet-Role"].flatMap(Role.init(rawValue:)),
            let meaning = fields["Stet-Meaning"].flatMap(Meaning.init(rawValue:)),
            let revision = int("Stet-Revision"), let version = int("Stet-Version"),
            let digits = int("Stet-Type-Digits"), let months = int("Stet-Type-Review-Months"),
            let approvals = int("Stet-Type-Approvals"), let copyNumber = int("Stet-Copy")
        else { return nil }
        self.kind = kind
        self.sequence = sequence
        self.actor = actor
        self.actorName = actorName
        self.role = role
        self.meaning = meaning
        document = fields["Stet-Document"]
        type = fields["Stet-Type"]
        title = fields["Stet-Title"]
        self.revision = revision
        self.version = version
        versionLabel = fields["Stet-Version-Label"]
        if let state = fields["Stet-State"] {
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
        verdict = fields["Stet-Verdict"]
        reason = fields["Stet-Reason"]
        reviewers = list("Stet-Reviewers")
        approvers = list("Stet-Approvers")
        if let text = fields["Stet-Effective-Date"] {
            guard let day = Day(text) else { return nil }
            effective = day
        }
        subjectUser = fields["Stet-Subject-User"]
        subjectName = fields["Stet-Subject-Name"]
        if let roles = list("Stet-Subject-Roles") {
            let parsed = roles.compactMap(Role.init(rawValue:))
            guard parsed.count == roles.count else { return nil }
            subjectRoles = parsed
        }
        subjectKey = fields["Stet-Subject-Key"]
        typePrefix = fields["Stet-Type-Prefix"]
        typeDigits = digits
        typeReviewMonths = months
        typeApprovals = approvals
        distributionUsers = list("Stet-Distribution-Users")
        if let roles = list("Stet-Distribution-Roles") {
            let parsed = roles.compactMap(Role.init(rawValue:))
            guard parsed.count == roles.count else { return nil }
            distributionRoles = parsed
        }
        owner = fields["Stet-Owner"]
        department = fields["Stet-Department"]
        source = fields["Stet-Source"]
        attachments = list("Stet-Attachments")
        self.copyNumber = copyNumber
        copyHolder = fields["Stet-Copy-Holder"]
        copyFile = fields["Stet-Copy-File"]
        organisation = fields["Stet-Organisation"]
        timeZone = fields["Stet-Time-Zone"]
        contentHash = fields["Stet-Content-Hash"]
        // The message must be exactly what these fields produce: nothing added, nothing reworded.
        guard self.message == message else { return nil }
    }
}
