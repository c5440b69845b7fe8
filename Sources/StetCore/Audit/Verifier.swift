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

    func run() throws(StetError) -> VerificationReport {
        var report = VerificationReport()
        do {
            guard let head = try repository.target(ofReference: Layout.branch) else { return report }
            report.head = head
            let chain = try repository.firstParentChain(from: head)
            var previous: (commit: Commit, event: Event?, tree: Tree)?
            for id in chain {
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
            if let tree = previous?.tree { report.documents = try tree.names(in: Layout.documentsFolder).count }
            report.problems += rewinds(chain: Set(chain))
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
        if let signed = try repository.extractSignature(of: commit.id) {
            if let signature = SSHSignature(armored: signed.signature) {
                if !signature.isValid(for: signed.signedData) {
                    problems.append("its signature does not match its content (altered after signing)")
                }
                let expectedKey: PublicKey?
                if event.kind == .initialize {
                    expectedKey = event.subjectKey.flatMap { try? PublicKey(openSSH: $0) }
                } else {
                    expectedKey = (try? before.user(event.actor))??.key(at: time)
                }
                if signature.publicKey != expectedKey {
                    problems.append(
                        "it is signed with key \(signature.publicKey.fingerprint), which was not \(event.actor)'s valid key at \(time)"
                    )
                }
            } else {
                problems.append("its signature is not an SSH signature in the git namespace")
            }
        } else {
            problems.append("it is not signed")
        }

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

    /// Every commit the branch was ever set to here must still be in its history.
    private func rewinds(chain: Set<ObjectID>) -> [VerificationReport.Problem] {
        guard let published = try? repository.reflogTargets(of: Layout.branch) else { return [] }
        return published.filter { !chain.contains($0) }.map {
            .init(
                commit: $0.hex, document: nil,
                message:
                    "it was published on this store but is no longer in its history: history was rewound or rewritten")
        }
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
        }
    }
}

extension Store {
    /// Checks every signature and replays every event; see `Verifier`.
    public func verify() throws(StetError) -> VerificationReport {
        try Verifier(repository: repository).run()
    }
}
