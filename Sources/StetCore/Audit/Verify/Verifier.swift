import Foundation
import StetGit

/// Checks a whole store: every signature against the key the signer had at the time, and every
/// event replayed through the lifecycle rules against the state before it.
///
/// A history passes only if each commit is exactly what Stet would have recorded for its event:
/// the rules re-derive the tree and the commit object, and their ids must be the commit's, so
/// nothing a tolerant reader would pass over (an extra or duplicated entry, another file mode,
/// JSON with the same meaning in other bytes, an extra header) can hide in a store. The first
/// event that fails is reported in full; the events after it, which build on a state the rules
/// did not produce, are counted, not replayed.
struct Verifier {
    let repository: Repository

    /// Commits that must still be in the history: heads written down earlier.
    var anchors: [String] = []

    /// The verifier's own clock: no event may be dated later than this (plus a small tolerance).
    var now: Timestamp

    /// A commit taken as verified: only the events after it are checked (it must be an ancestor).
    var since: ObjectID?

    /// Whether to check the repository around the chain: refs, `HEAD`, config, the reflog.
    var wholeRepository = true

    /// The newest head this user verified on this store before: it must still be in the history.
    var verifiedBefore: ObjectID?

    /// The head to verify; nil: whatever the branch points to now. A caller that will serve or
    /// sign on a head it read passes it, so that what is verified is what is used.
    var head: ObjectID?

    /// Decoded state files shared across the events of one run.
    let decodedFiles = DecodedFiles()

    /// Signers' keys, parsed once a run.
    let parsedKeys = ParsedKeys()

    /// Good signatures on record from earlier runs, in the user's key folder.
    var signatureCache: SignatureCache?

    /// How commits are prepared for the replay: every kind gives the same report.
    var commitSource = CommitSourceKind.lookahead

    /// The state after a verified event: what the next event is replayed on.
    struct Point {
        let commit: ObjectID
        let tree: ObjectID
        let time: Int64
        let sequence: Int
        let document: String?
    }

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

    /// The replay, keeping folders and blobs from event to event in a memo it lends the store's handle.
    func run() throws(StetError) -> VerificationReport {
        try repository.remembering { () throws(StetError) in try replay() }
    }

    private func replay() throws(StetError) -> VerificationReport {
        var report = VerificationReport()
        do {
            // The chain's own first failure leads the report; the repository around it follows.
            defer {
                if wholeRepository {
                    report.problems += repositoryProblems()
                    report.notes += repositoryNotes()
                }
            }
            guard let head = try head ?? repository.target(ofReference: Layout.branch) else { return report }
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
            let log = wholeRepository ? publications(head: head) : (published: [], neverTookEffect: [])
            var published = log.published
            var unreached = log.neverTookEffect
            var previous = try since.map { id throws in try point(at: id) }
            var failure: ObjectID?
            var unchecked = 0
            var verifiedBeforeFound = verifiedBefore == nil || verifiedBefore == since
            let checker = SignatureChecker(repository: repository, cache: signatureCache)
            defer { checker.save() }
            var source = commitSource.source(for: repository)
            func visit(_ id: ObjectID, _ prepared: () throws(StetError) -> PreparedCommit) throws(StetError) {
                if since == nil, report.root == nil { report.root = id }
                if id == verifiedBefore { verifiedBeforeFound = true }
                anchorsToFind[id] = nil
                published.remove(id)
                unreached.remove(id)
                if failure != nil {
                    unchecked += 1
                    return
                }
                let step: Step
                do { step = try self.step(try prepared(), after: previous) } catch {
                    throw StetError(from: error)
                }
                if let event = step.event {
                    report.events += 1
                    report.signers.insert(event.actor)
                }
                for problem in step.problems {
                    report.problems.append(.init(commit: id.hex, document: step.event?.document, message: problem))
                }
                if step.problems.isEmpty, let point = step.point { previous = point } else { failure = id }
            }
            var chain = EventChain(repository: repository, head: head, after: since)
            let early = EarlySignatureCheck(known: checker.onRecord)
            defer { _ = early.finish() }
            chain.reading = early.add
            // Good signatures on record, and those checked while the history was walked.
            var onRecordOrEarly: [ObjectID: [UInt8]]?
            let reachedSince = try chain.forEachSegmentOldestFirst { segment throws(StetError) in
                let known = onRecordOrEarly ?? checker.onRecord.merging(early.finish()) { old, _ in old }
                onRecordOrEarly = known
                // What each commit holds on its own (its bytes checked, its event, its signature,
                // the action it records) comes prepared from the source, the replay staying in
                // order. (After a failure the rest is only counted.)
                let replaying = failure == nil
                if replaying { source.begin(segment, known: known) }
                defer { if replaying { source.end() } }
                for (index, id) in segment.enumerated() {
                    try visit(id) { () throws(StetError) in try source.take(index) }
                }
                if replaying, failure == nil {
                    checker.learn(segment, from: source)
                    checker.save()
                }
            }
            // With a starting point, what lies before it was checked then: an anchor or a
            // publication that is the starting point or one of its ancestors is still in the history.
            if let since, reachedSince {
                var before: Set<ObjectID> = []
                try repository.forEachFirstParent(from: since) { id in
                    before.insert(id)
                    return true
                }
                for id in Array(anchorsToFind.keys) where before.contains(id) { anchorsToFind[id] = nil }
                published.subtract(before)
                unreached.subtract(before)
                if let verifiedBefore, before.contains(verifiedBefore) { verifiedBeforeFound = true }
            }
            // Found by the walk whose every step was checked against the commits themselves, as
            // anchors are: a forged commit-graph cannot make a rolled-back head look like a descendant.
            if let verifiedBefore, !verifiedBeforeFound {
                report.problems.append(
                    .init(
                        commit: verifiedBefore.hex, document: nil,
                        message:
                            "this head was verified here before and is no longer in the history: it was rolled back or replaced"
                    ))
            }
            if let since, !reachedSince {
                report.problems.append(
                    .init(
                        commit: since.hex, document: nil,
                        message: "it is not in the history of the head: the history was rewritten since it was checked")
                )
            }
            if let failure, unchecked > 0 {
                report.problems.append(
                    .init(
                        commit: failure.hex, document: nil,
                        message:
                            "the \(unchecked) event(s) after it were not replayed: they build on a state the rules did not produce"
                    ))
            }
            if failure == nil, let tree = previous?.tree {
                let state = TreeState(tree: try repository.tree(tree))
                report.documents = try state.documentIDs().count
                report.enrolments = try state.users().map {
                    .init(
                        user: $0.id, name: $0.name, enrolledBy: $0.addedBy, enrolled: $0.added,
                        confirmedBy: $0.confirmation?.by, confirmed: $0.confirmation?.at,
                        confirmedAlone: $0.confirmation?.alone == true, awaitsConfirmation: $0.isPending)
                }
            }
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
        } catch {
            throw StetError(from: error)
        }
        return report
    }
}
