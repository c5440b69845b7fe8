import Foundation
import StetGit

/// One row of the audit trail: an event as an auditor reads it.
public struct AuditRecord: Codable, Equatable, Sendable {
    public var sequence: Int
    public var time: Timestamp
    public var event: String
    /// The event in one sentence, as `git log` shows it.
    public var summary: String
    public var document: String?
    public var title: String?
    public var revision: Int?
    public var version: Int?
    public var stateBefore: String?
    public var stateAfter: String?
    public var actor: String
    public var actorName: String
    public var role: String
    /// The meaning of the signature (21 CFR 11.50).
    public var meaning: String
    public var reason: String?
    public var contentHash: String?
    public var commit: String
    /// Whether the commit carries a good signature by the key the actor held at the time.
    public var signatureValid: Bool

    /// Column names, in the order of `fields`.
    public static let columns = [
        "sequence", "time", "event", "summary", "document", "title", "revision", "version", "state_before",
        "state_after",
        "actor", "actor_name", "role", "meaning", "reason", "content_hash", "commit", "signature_valid",
    ]

    /// The values as text, in the order of `columns`.
    public var fields: [String] {
        [
            String(sequence), time.description, event, summary, document ?? "", title ?? "",
            revision.map(String.init) ?? "",
            version.map(String.init) ?? "", stateBefore ?? "", stateAfter ?? "", actor, actorName, role, meaning,
            reason ?? "", contentHash ?? "", commit, signatureValid ? "true" : "false",
        ]
    }
}

/// Which events an audit export includes; every condition given must hold.
public struct AuditFilter: Sendable {
    public var documents: Set<String> = []
    public var user: String?
    public var events: Set<EventKind> = []
    /// Earliest time included.
    public var since: Timestamp?
    /// Latest time included.
    public var until: Timestamp?

    public init() {}

    func includes(_ event: Event, at time: Timestamp) -> Bool {
        if !documents.isEmpty, !documents.contains(event.document ?? "") { return false }
        if let user, event.actor != user && event.subjectUser != user { return false }
        if !events.isEmpty, !events.contains(event.kind) { return false }
        if let since, time < since { return false }
        if let until, until < time { return false }
        return true
    }
}

extension Store {
    /// Streams the audit trail, oldest first, to `body`; returns the head commit it covers.
    ///
    /// Memory stays bounded however long the history: events are read one at a time in
    /// segments (see `EventChain`), and only the current user records and document titles are kept.
    @discardableResult
    public func auditTrail(
        filter: AuditFilter = AuditFilter(), _ body: (AuditRecord) throws -> Void
    ) throws(StetError)
        -> ObjectID
    {
        let head = try head()
        var titles: [String: String] = [:]
        var users: [ObjectID: User] = [:]
        var previousTree: Tree?
        do {
            try EventChain(repository: repository, head: head).forEachOldestFirst { id throws(StetError) in
                // The caller's sink and libgit2 throw their own errors; the walk carries Stet's.
                do {
                    let commit = try repository.commit(id)
                    let time = Timestamp(seconds: commit.committer.time)
                    defer { previousTree = try? repository.tree(commit.treeID) }
                    guard let event = Event(message: commit.message) else {
                        if filter.documents.isEmpty && filter.events.isEmpty && filter.user == nil {
                            try body(Self.foreignRecord(commit, time: time))
                        }
                        return
                    }
                    if event.kind == .create, let document = event.document, let title = event.title {
                        titles[document] = title
                    }
                    guard filter.includes(event, at: time) else { return }
                    let expectedKey: PublicKey?
                    if event.kind == .initialize {
                        expectedKey = event.subjectKey.flatMap { try? PublicKey(openSSH: $0) }
                    } else if let tree = previousTree, let blob = try tree.entryID(at: Layout.user(event.actor)) {
                        // User files change rarely: decode each version once.
                        if users[blob] == nil {
                            users[blob] = try StateCoding.decode(
                                User.self, from: repository.blob(blob), path: Layout.user(event.actor))
                        }
                        expectedKey = users[blob]?.key(at: time)
                    } else {
                        expectedKey = nil
                    }
                    let status = try SignatureStatus.of(id, in: repository, expectedKey: expectedKey)
                    try body(
                        AuditRecord(
                            sequence: event.sequence, time: time, event: event.kind.rawValue, summary: event.summary,
                            document: event.document,
                            title: event.document.flatMap { titles[$0] }, revision: event.revision,
                            version: event.version,
                            stateBefore: event.stateBefore?.rawValue, stateAfter: event.stateAfter?.rawValue,
                            actor: event.actor,
                            actorName: event.actorName, role: event.role.rawValue, meaning: event.meaning.rawValue,
                            reason: event.reason, contentHash: event.contentHash, commit: id.hex,
                            signatureValid: status.isValid))
                } catch {
                    throw StetError(from: error)
                }
            }
        } catch {
            throw StetError(from: error)
        }
        return head
    }

    /// A commit in the chain that is not a Stet event still appears in an unfiltered trail.
    private static func foreignRecord(_ commit: Commit, time: Timestamp) -> AuditRecord {
        AuditRecord(
            sequence: 0, time: time, event: "not-a-stet-event",
            summary: commit.message.split(separator: "\n").first.map(String.init) ?? "", document: nil, title: nil,
            revision: nil, version: nil,
            stateBefore: nil, stateAfter: nil, actor: commit.author.email, actorName: commit.author.name, role: "",
            meaning: "", reason: nil, contentHash: nil,
            commit: commit.id.hex, signatureValid: false)
    }
}
