import Foundation
import StetGit

/// What `stet verify` found.
public struct VerificationReport: Sendable {
    /// The head that was checked: write it down to prove later that nothing was dropped.
    public var head: ObjectID?
    public var events = 0
    public var documents = 0
    public var signers: Set<String> = []
    public var problems: [Problem] = []
    /// Things an auditor should know that do not make the history wrong.
    public var notes: [Problem] = []

    public var isClean: Bool { problems.isEmpty }

    /// One thing wrong with one commit.
    public struct Problem: Sendable, CustomStringConvertible {
        public var commit: String
        public var document: String?
        public var message: String

        public var description: String {
            "commit \(commit.prefix(12))" + (document.map { " (\($0))" } ?? "") + ": " + message
        }
    }
}

/// Checks a whole store: every signature against the key the signer had at the time, and every
/// event replayed through the lifecycle rules against the state before it.
///
/// A history passes only if each commit is exactly what Stet would have recorded for its event:
/// same message, same file changes, signed by the actor's valid key, in time order.
struct Verifier {
    let repository: Repository

    /// Commits that must still be in the history: heads written down earlier.
    var anchors: [String] = []

    /// The commits the reflog says the branch was moved to, and those it logged but never reached.
    ///
    /// libgit2 appends to the reflog before it renames the branch's lock file into place, so a
    /// writer killed in between leaves an entry the branch never reached: the next update then
    /// starts again from the old value, and the branch still holds it.
    func publications(head: ObjectID) -> (published: Set<ObjectID>, neverTookEffect: Set<ObjectID>) {
        let updates = (try? repository.reflogUpdates(of: Layout.branch)) ?? []
        var published: Set<ObjectID> = []
        var neverTookEffect: Set<ObjectID> = []
        for (index, update) in updates.enumerated() {
            let nextStart = index + 1 < updates.count ? updates[index + 1].old : head
            if nextStart == update.old && nextStart != update.new {
                neverTookEffect.insert(update.new)
            } else {
                published.insert(update.new)
            }
        }
        return (published, neverTookEffect)
    }

    func run() throws(StetError) -> VerificationReport {
        var report = VerificationReport()
        do {
            guard let head = try repository.target(ofReference: Layout.branch) else { return report }
            report.head = head
            var anchorsToFind: [ObjectID: String] = [:]
            for anchor in anchors {
                guard let id = repository.commitID(matching: anchor) else {
                    report.problems.append(
                        .init(
                            commit: anchor, document: nil,
                            message:
                                "anchor \(anchor) is not a commit of this store: events recorded up to it were dropped or rewritten"
                        ))
                    continue
                }
                anchorsToFind[id] = anchor
            }
            // Every commit the branch was ever set to here must still be in its history.
            let log = publications(head: head)
            var published = log.published
            var unreached = log.neverTookEffect
            var previous: (commit: Commit, event: Event?, tree: Tree)?
            try EventChain(repository: repository, head: head).forEachOldestFirst { id in
                anchorsToFind[id] = nil
                published.remove(id)
                unreached.remove(id)
                let commit = try repository.commit(id)
                let tree = try repository.tree(commit.treeID)
                let event = Event(message: commit.message)
                var problems: [String] = []
                check(commit, event: event, previous: previous, problems: &problems)
                if let event {
                    report.events += 1
                    report.signers.insert(event.actor)
                    problems += try replay(commit, event: event, tree: tree, previous: previous)
                }
                for problem in problems {
                    report.problems.append(.init(commit: id.hex, document: event?.document, message: problem))
                }
                previous = (commit, event, tree)
            }
            if let tree = previous?.tree { report.documents = try TreeState(tree: tree).documentIDs().count }
            for (id, text) in anchorsToFind.sorted(by: { $0.value < $1.value }) {
                report.problems.append(
                    .init(
                        commit: id.hex, document: nil,
                        message:
                            "anchor \(text) is no longer in the history: events recorded up to it were dropped or rewritten"
                    ))
            }
            for id in unreached.subtracting(published).sorted(by: { $0.hex < $1.hex }) {
                report.notes.append(
                    .init(
                        commit: id.hex, document: nil,
                        message:
                            "logged as a publication that never took effect: a writer stopped between logging and "
                            + "moving the branch (or the branch file was edited by hand); a mirror or anchor settles which"
                    ))
            }
            for id in published.sorted(by: { $0.hex < $1.hex }) {
                report.problems.append(
                    .init(
                        commit: id.hex, document: nil,
                        message:
                            "it was published on this store but is no longer in its history: history was rewound or rewritten"
                    ))
            }
        } catch let error as StetError {
            throw error
        } catch {
            throw .repository(String(describing: error))
        }
        return report
    }

    /// Shape, identity and time checks that need no replay.
    private func check(
        _ commit: Commit, event: Event?, previous: (commit: Commit, event: Event?, tree: Tree)?,
        problems: inout [String]
    ) {
        let expectedParents = previous == nil ? 0 : 1
        if commit.parentIDs.count != expectedParents {
            problems.append("it has \(commit.parentIDs.count) parents; a store's history is a single line of events")
        }
        guard let event else {
            problems.append("its message is not a Stet event record (added or edited outside Stet)")
            return
        }
        if let previous, commit.committer.time < previous.commit.committer.time {
            problems.append(
                "its time \(Timestamp(seconds: commit.committer.time)) is earlier than the event before it "
                    + "(\(Timestamp(seconds: previous.commit.committer.time)))")
        }
        let person = Person(name: event.actorName, email: event.actor, time: commit.committer.time)
        if commit.author != person || commit.committer != person {
            problems.append("its author and committer are not the signer \(event.actor) at the event's time")
        }
    }

    /// Signature and rule checks: the event replayed on the state before it must give this commit.
    private func replay(
        _ commit: Commit, event: Event, tree: Tree, previous: (commit: Commit, event: Event?, tree: Tree)?
    )
        throws -> [String]
    {
        var problems: [String] = []
        let time = Timestamp(seconds: commit.committer.time)
        let before: any StateReader = previous.map { TreeState(tree: $0.tree) } ?? EmptyState()
        let after = TreeState(tree: tree)

        // Signature: present, intact, and made with the key the actor held at that time.
        let status = try SignatureStatus.of(
            commit.id, in: repository, expectedKey: try event.expectedKey(before: before, at: time))
        if let problem = status.problem(actor: event.actor, time: time) { problems.append(problem) }

        // Rules: the same action on the state before must be allowed and give the same commit.
        let action: Action
        do { action = try Self.action(for: event, after: after) } catch {
            return problems + ["its event cannot be read back: \(error.localizedDescription)"]
        }
        let context = EventContext(
            actor: event.actor, time: time, sequence: (previous?.event?.sequence ?? 0) + 1,
            parent: previous.map { ($0.commit.id.hex, $0.event?.document) })
        let outcome: Outcome
        do { outcome = try Lifecycle.apply(action, to: before, context: context) } catch {
            return problems + ["the lifecycle rules forbid this event: \(error.localizedDescription)"]
        }
        if outcome.event != event {
            problems.append("its message does not match the event it records (expected \"\(outcome.event.summary)\")")
        }
        let expected = Dictionary(outcome.writes.map { ($0.path, $0.bytes) }, uniquingKeysWith: { $1 })
        for (path, bytes) in expected.sorted(by: { $0.key < $1.key }) {
            let actualID = try tree.entryID(at: path)
            if let bytes {
                guard let actualID else {
                    problems.append("\(path) is missing")
                    continue
                }
                if try ObjectID.blobID(for: bytes) != actualID, !(try sameJSON(bytes, actualID, path: path)) {
                    problems.append("\(path) is not what the event wrote (changed outside Stet)")
                }
            } else if actualID != nil {
                problems.append("\(path) should have been removed by this event")
            }
        }
        for change in try repository.changedFiles(from: previous?.commit.treeID, to: commit.treeID)
        where expected[change.path] == nil {
            problems.append("it changes \(change.path), which its event does not touch")
        }
        return problems
    }

    /// Layout JSON is compared by meaning, so a store stays verifiable if a later Stet formats it differently.
    private func sameJSON(_ expected: [UInt8], _ actualID: ObjectID, path: String) throws -> Bool {
        guard Layout.isJSON(path) else { return false }
        let actual = try repository.blob(actualID)
        guard let left = try? JSONSerialization.jsonObject(with: Data(expected)) as? NSObject,
            let right = try? JSONSerialization.jsonObject(with: Data(actual)) as? NSObject
        else { return false }
        return left.isEqual(right)
    }

    /// Rebuilds the action an event records; document content comes from the commit's own tree.
    static func action(for event: Event, after state: some StateReader) throws(StetError) -> Action {
        func required<T>(_ value: T?, _ field: String) throws(StetError) -> T {
            guard let value else { throw .storeCorrupt("the event has no \(field)") }
            return value
        }
        func subject() throws(StetError) -> NewUser {
            NewUser(
                id: try required(event.subjectUser, "subject user"),
                name: try required(event.subjectName, "subject name"),
                roles: try required(event.subjectRoles, "subject roles"),
                key: try PublicKey(openSSH: try required(event.subjectKey, "subject key")))
        }
        func content() throws(StetError) -> [UInt8] {
            let id = try Identifier.document(try required(event.document, "document"))
            return try required(try state.file(Layout.draft(id)), "content at \(Layout.draft(id))")
        }
        let document = event.document ?? ""
        switch event.kind {
        case .initialize:
            return .initialize(controller: try subject(), configuration: try state.configuration())
        case .addUser:
            return .addUser(try subject())
        case .revokeUser:
            return .revokeUser(id: try required(event.subjectUser, "subject user"), reason: event.reason ?? "")
        case .setType:
            return .setType(
                name: try required(event.type, "type"),
                settings: .init(
                    title: try required(event.title, "type title"), prefix: try required(event.typePrefix, "prefix"),
                    digits: try required(event.typeDigits, "digits"),
                    reviewIntervalMonths: try required(event.typeReviewMonths, "review interval"),
                    approvalsRequired: try required(event.typeApprovals, "approvals")))
        case .create:
            return .create(
                type: try required(event.type, "type"), title: try required(event.title, "title"),
                content: try content(),
                reason: event.reason ?? "")
        case .edit:
            return .edit(document: document, content: try content(), reason: event.reason ?? "")
        case .submit:
            return .submit(document: document, reviewers: event.reviewers ?? [], approvers: event.approvers ?? [])
        case .review:
            return .review(document: document, accept: event.verdict == "accepted", comment: event.reason)
        case .approve:
            return .approve(document: document, comment: event.reason)
        case .reject:
            return .reject(document: document, reason: event.reason ?? "")
        case .issue:
            return .issue(document: document, effective: event.effective)
        case .retire:
            return .retire(document: document, reason: event.reason ?? "")
        case .reaffirm:
            return .reaffirm(document: document, comment: event.reason ?? "")
        case .distribute:
            return .distribute(
                document: document, users: event.distributionUsers ?? [], roles: event.distributionRoles ?? [])
        case .acknowledge:
            return .acknowledge(document: document)
        case .importDocument:
            let id = try Identifier.document(try required(event.document, "document"))
            let contentPath = event.version.map { Layout.version(id, $0) } ?? Layout.draft(id)
            var attachments: [String: [UInt8]] = [:]
            for path in event.attachments ?? [] {
                attachments[path] = try required(try state.file(Layout.attachment(id, path)), "attachment \(path)")
            }
            return .importDocument(
                ImportedDocument(
                    id: id, type: try required(event.type, "type"), title: try required(event.title, "title"),
                    content: try required(try state.file(contentPath), "content at \(contentPath)"),
                    version: event.version,
                    effective: event.effective, source: try required(event.source, "source"), attachments: attachments))
        }
    }
}

extension Store {
    /// Checks every signature and replays every event; see `Verifier`.
    ///
    /// `anchors` are heads written down earlier (an audit report, a mirror): each must still be in the history.
    public func verify(anchors: [String] = []) throws(StetError) -> VerificationReport {
        try Verifier(repository: repository, anchors: anchors).run()
    }
}
