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
    /// The fingerprint of the key the signature was checked against (the actor's at the time).
    public var signerKey: String?
    /// Everything else the event records, by what it is for.
    public var details = AuditDetails()

    /// Column names, in the order of `fields`.
    public static let columns =
        [
            "sequence", "time", "event", "summary", "document", "title", "revision", "version", "state_before",
            "state_after",
            "actor", "actor_name", "role", "meaning", "reason", "content_hash", "commit", "signature_valid",
            "signer_key",
        ] + AuditDetails.columns

    /// The values as text, in the order of `columns`.
    public var fields: [String] {
        [
            String(sequence), time.description, event, summary, document ?? "", title ?? "",
            revision.map(String.init) ?? "",
            version.map(String.init) ?? "", stateBefore ?? "", stateAfter ?? "", actor, actorName, role, meaning,
            reason ?? "", contentHash ?? "", commit, signatureValid ? "true" : "false", signerKey ?? "",
        ] + details.fields
    }

    enum CodingKeys: String, CodingKey {
        case sequence, time, event, summary, document, title, revision, version, stateBefore, stateAfter, actor
        case actorName, role, meaning, reason, contentHash, commit, signatureValid, signerKey, details
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
        // The walk reads each event's tree beside the one before it: folders kept between events.
        try repository.remembering { () throws(StetError) in try walkAuditTrail(filter: filter, body) }
    }

    private func walkAuditTrail(
        filter: AuditFilter, _ body: (AuditRecord) throws -> Void
    ) throws(StetError) -> ObjectID {
        let head = try head()
        // A head this store trusts was verified (here, or by this user before, on record in the
        // key folder): every signature in its history was checked then against the key its
        // signer held at the time, so its standing is taken from that, not checked again.
        let signaturesVerified = checksHistory && newestTrusted == head
        var titles: [String: String] = [:]
        // A document's details as they stand in the walk, for what an update changed them from.
        var details: [String: (owner: String, department: String?)] = [:]
        var users: [ObjectID: User] = [:]
        var parsedKeys: [String: PublicKey?] = [:]
        var fingerprints: [PublicKey: String] = [:]
        // The signature record is read only when signatures are to be checked.
        let checker = signaturesVerified ? nil : SignatureChecker(repository: repository, cache: signatureCache)
        defer { checker?.save() }
        var checked: [ObjectID: SignatureChecker.Result] = [:]
        func fingerprint(_ key: PublicKey) -> String {
            if let known = fingerprints[key] { return known }
            let computed = key.fingerprint
            fingerprints[key] = computed
            return computed
        }
        var previousTree: ObjectID?
        // Each signer's record (its blob id) in the tree before the event. Only the events that
        // manage people change records, and in a verified history no other event did (the
        // rules refuse it), so there a signer's record is looked up again only after one of
        // those; otherwise, before every event.
        var signerRecords: [String: ObjectID?] = [:]
        var previousCommit: ObjectID?
        func visit(_ id: ObjectID, _ read: ReadCommit) throws(StetError) {
            // The caller's sink and libgit2 throw their own errors; the walk carries Stet's.
            do {
                // A commit in a form Stet does not write is read through libgit2.
                let commit = try read.commit ?? repository.commit(id)
                // The walk read the order without hashing: each commit, checked against its id
                // now, must name the one before it as its parent.
                guard commit.parentIDs.first == previousCommit else {
                    throw StetError.storeCorrupt(
                        "commit \(id.short) does not follow \(previousCommit?.short ?? "the start") in the history "
                            + "as read: a commit's stored bytes were altered; run stet verify, and restore the "
                            + "store from a mirror or backup")
                }
                previousCommit = id
                let time = Timestamp(seconds: commit.committer.time)
                defer { previousTree = commit.treeID }
                guard let event = read.commit == nil ? Event(message: commit.message) : read.event else {
                    signerRecords.removeAll()
                    if filter.documents.isEmpty && filter.events.isEmpty && filter.user == nil {
                        try body(Self.foreignRecord(commit, time: time))
                    }
                    return
                }
                var before: (title: String?, owner: String?, department: String?)?
                let named: (title: String, owner: String, department: String?)? =
                    switch event.payload {
                    case .create(_, _, let title, _, _): (title, event.actor, nil)
                    case .importDocument(_, let imported): (imported.title, event.actor, nil)
                    case .updateDocument(_, let now, _): (now.title, now.owner, now.department)
                    default: nil
                    }
                if let named, let document = event.document {
                    if event.kind == .updateDocument {
                        before = (titles[document], details[document]?.owner, details[document]?.department)
                    }
                    titles[document] = named.title
                    details[document] = (named.owner, named.department)
                }
                defer { if !signaturesVerified || event.kind.managesUsers { signerRecords.removeAll() } }
                guard filter.includes(event, at: time) else { return }
                func signerRecord() throws -> ObjectID? {
                    if let known = signerRecords[event.actor] { return known }
                    let found = try previousTree.flatMap { tree in
                        try repository.entry(at: Layout.user(event.actor), inTree: tree)?.id
                    }
                    signerRecords[event.actor] = found
                    return found
                }
                let expectedKey: PublicKey?
                if case .initialize(let controller, _) = event.payload {
                    expectedKey = try? PublicKey(openSSH: controller.key)
                } else if let blob = try signerRecord() {
                    // User files change rarely: decode each version once.
                    if users[blob] == nil {
                        users[blob] = try StateCoding.decode(
                            User.self, from: repository.blob(blob), path: Layout.user(event.actor))
                    }
                    // The period is found per event; each key's text is parsed once.
                    expectedKey = users[blob]?.keyPeriod(at: time).flatMap { period in
                        if let known = parsedKeys[period.key] { return known }
                        let parsed = try? PublicKey(openSSH: period.key)
                        parsedKeys[period.key] = parsed
                        return parsed
                    }
                } else {
                    expectedKey = nil
                }
                let signatureValid =
                    signaturesVerified
                    ? expectedKey != nil
                    : try
                        (checked[id]?.status(expecting: expectedKey)
                        ?? SignatureStatus.of(id, in: repository, expectedKey: expectedKey)).isValid
                var enroller: String?
                if event.kind == .confirmUser, let subject = event.subjectUser,
                    let blob = try repository.entry(at: Layout.user(subject), inTree: commit.treeID)?.id
                {
                    enroller = try StateCoding.decode(
                        User.self, from: repository.blob(blob), path: Layout.user(subject)
                    )
                    .addedBy
                }
                var record =
                    AuditRecord(
                        sequence: event.sequence, time: time, event: event.kind.rawValue, summary: event.summary,
                        document: event.document,
                        title: event.document.flatMap { titles[$0] }, revision: event.revision,
                        version: event.version,
                        stateBefore: event.stateBefore?.rawValue, stateAfter: event.stateAfter?.rawValue,
                        actor: event.actor,
                        actorName: event.actorName, role: event.role.rawValue, meaning: event.meaning.rawValue,
                        reason: event.reason, contentHash: event.contentHash, commit: id.hex,
                        signatureValid: signatureValid, signerKey: expectedKey.map(fingerprint))
                // A type's title is in the type's columns; the title column is a document's.
                if event.kind == .setType { record.title = nil }
                record.details = AuditDetails(event, enroller: enroller)
                if let before {
                    record.details.previousTitle = before.title
                    record.details.previousOwner = before.owner
                    record.details.previousDepartment = before.department
                }
                try body(record)
            } catch {
                throw StetError(from: error)
            }
        }
        do {
            try EventChain(repository: repository, head: head).forEachSegmentOldestFirst { segment throws(StetError) in
                // A segment's signatures on every core (or from the record of earlier runs) first.
                // (A filtered export checks only the events it keeps, one at a time.)
                if filter.isEmpty, let checker {
                    do { checked = try checker.check(segment) } catch { throw StetError(from: error) }
                }
                // The first run is read on every core; each next one on another thread while this
                // one visits the run before it (visiting is in order, and on one core).
                let runs = stride(from: 0, to: segment.count, by: Self.readAtOnce).map {
                    Array(segment[$0..<min($0 + Self.readAtOnce, segment.count)])
                }
                var ahead: ReadAhead?
                for (index, run) in runs.enumerated() {
                    let read: [ReadCommit]
                    if let ahead { read = try ahead.take() } else { read = try Self.read(run, in: repository) }
                    ahead =
                        index + 1 < runs.count
                        ? ReadAhead(
                            Result { () throws(StetError) in try Self.bytes(of: runs[index + 1], in: repository) })
                        : nil
                    for (id, read) in zip(run, read) { try visit(id, read) }
                }
                // What was learnt goes on record segment by segment, not held to the end.
                checker?.save()
            }
        } catch {
            throw StetError(from: error)
        }
        return head
    }
}
