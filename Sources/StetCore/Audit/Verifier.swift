import Foundation
import StetGit

/// What `stet verify` found.
public struct VerificationReport: Sendable {
    /// The head that was checked: write it down to prove later that nothing was dropped.
    public var head: ObjectID?
    public var events = 0
    public var documents = 0
    public var signers: Set<String> = []
    /// The store's first event, when the run started there: the store's identity.
    public var root: ObjectID?
    public var problems: [Problem] = []
    /// Things an auditor should know that do not make the history wrong.
    public var notes: [Problem] = []
    /// Who enrolled each user, and who confirmed it where the store required a second controller.
    public var enrolments: [Enrolment] = []

    /// One user's enrolment, as the verified state records it.
    public struct Enrolment: Sendable, Encodable {
        public var user: String
        public var name: String
        public var enrolledBy: String
        public var enrolled: Timestamp
        public var confirmedBy: String?
        public var confirmed: Timestamp?
        /// The enroller confirmed alone, as the only controller then.
        public var confirmedAlone: Bool
        public var awaitsConfirmation: Bool
    }

    public var isClean: Bool { problems.isEmpty }

    /// One thing wrong with one commit.
    public struct Problem: Sendable, CustomStringConvertible {
        public var commit: String
        public var document: String?
        public var message: String

        public var description: String {
            if commit.isEmpty { return "store: " + message }
            return "commit \(commit.prefix(12))" + (document.map { " (\($0))" } ?? "") + ": " + message
        }
    }
}

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

    func run() throws(StetError) -> VerificationReport {
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
            var prepared: ReplayLookahead.Prepared?
            func visit(_ id: ObjectID) throws(StetError) {
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
                do { step = try self.step(id, after: previous, prepared: prepared) } catch {
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
            // The replay's own handle for preparing commits, opened when first needed (see
            // `ReplayLookahead.take`).
            var preparingHandle: Repository?
            var preparingOpened = false
            func preparingRepository() -> Repository? {
                if !preparingOpened {
                    preparingOpened = true
                    preparingHandle = try? Repository.openBare(at: repository.path)
                }
                return preparingHandle
            }
            let reachedSince = try chain.forEachSegmentOldestFirst { segment throws(StetError) in
                let known = onRecordOrEarly ?? checker.onRecord.merging(early.finish()) { old, _ in old }
                onRecordOrEarly = known
                // What each commit holds on its own (its bytes checked, its event, its
                // signature, the action it records) is prepared on another core while this
                // one replays, in order. (After a failure the rest is only counted.)
                let lookahead =
                    failure == nil
                    ? ReplayLookahead.start(
                        segment, walked: segment.map { repository.walkedCommit($0) }, known: known,
                        repositoryPath: repository.path) : nil
                defer { lookahead?.cancel() }
                for (index, id) in segment.enumerated() {
                    prepared = failure == nil ? lookahead?.take(index, preparingWith: preparingRepository) : nil
                    try visit(id)
                }
                prepared = nil
                if failure == nil, let lookahead {
                    checker.learn(segment, from: lookahead)
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

    /// The state after `id`, taken as verified.
    private func point(at id: ObjectID) throws -> Point {
        let commit = try repository.commit(id)
        guard let event = Event(message: commit.message) else {
            throw StetError.storeCorrupt("\(id.short) is not a Stet event")
        }
        return Point(
            commit: id, tree: commit.treeID, time: commit.committer.time, sequence: event.sequence,
            document: event.document)
    }

    struct Step {
        var problems: [String] = []
        var event: Event?
        var point: Point?
    }

    /// Checks one commit against the verified state before it.
    private func step(
        _ id: ObjectID, after previous: Point?, prepared: ReplayLookahead.Prepared?
    ) throws
        -> Step
    {
        var step = Step()
        // Read once, as stored: when it is exactly the commit Stet writes, its bytes are compared
        // with those (they were checked against the id on reading), not hashed again.
        let stored = try prepared?.stored ?? repository.storedCommit(id)
        let commit = try stored?.commit ?? repository.commit(id)
        let preparedEvent = prepared?.stored != nil ? prepared?.event : nil
        guard let event = preparedEvent ?? Event(message: commit.message) else {
            step.problems.append("its message is not a Stet event record (added or edited outside Stet)")
            return step
        }
        step.event = event
        // A time no calendar day can hold is refused before anything formats or adds to it.
        guard Timestamp.plausibleSeconds.contains(commit.committer.time) else {
            step.problems.append("its time (\(commit.committer.time) seconds since 1970) is not a date Stet writes")
            return step
        }
        let expectedParents = previous.map { [$0.commit] } ?? []
        if commit.parentIDs.count != expectedParents.count {
            step.problems.append(
                "it has \(commit.parentIDs.count) parents; a store's history is a single line of events")
        } else if commit.parentIDs != expectedParents {
            step.problems.append("its parent is not the event before it")
        }
        if let previous, commit.committer.time < previous.time {
            step.problems.append(
                "its time \(Timestamp(seconds: commit.committer.time)) is earlier than the event before it "
                    + "(\(Timestamp(seconds: previous.time)))")
        }
        if commit.committer.time > now.seconds + Timestamp.clockTolerance {
            step.problems.append(
                "it is dated \(Timestamp(seconds: commit.committer.time)), later than this computer's clock "
                    + "(\(now)): a future-dated event")
        }
        let time = Timestamp(seconds: commit.committer.time)
        let before: any StateReader =
            try previous.map { TreeState(tree: try repository.rememberedTree($0.tree), decodedFiles: decodedFiles) }
            ?? EmptyState()

        // The rules, on the state before: the action must be allowed and gives the event and its writes.
        let action: Action
        do {
            if let ahead = prepared?.action {
                // The files it read there are this repository's to reuse, as if read here.
                for file in prepared?.files ?? [] { repository.rememberReadBlob(file.bytes, id: file.id) }
                action = try ahead.get()
            } else {
                action = try Self.action(for: event, after: TreeState(tree: try repository.tree(commit.treeID)))
            }
        } catch {
            step.problems.append("its event cannot be read back: \(error.localizedDescription)")
            return step
        }
        let context = EventContext(
            actor: event.actor, time: time, sequence: (previous?.sequence ?? 0) + 1,
            parent: previous.map { .init(commit: $0.commit.hex, document: $0.document) })
        let outcome: Outcome
        do { outcome = try Lifecycle.apply(action, to: before, context: context) } catch {
            step.problems.append("the lifecycle rules forbid this event: \(error.localizedDescription)")
            return step
        }
        let derived: DerivedTree
        do { derived = try repository.deriveTree(base: previous?.tree, changes: outcome.writes) } catch {
            step.problems.append("the files its event writes do not form a tree: \(error)")
            return step
        }
        // What this event encodes, the next one on the document would decode again: remember
        // each document by the id of the bytes written (strict decoding gives the same value).
        for (path, bytes) in outcome.writes {
            if let bytes, let document = outcome.documents[path], let blob = derived.files[path] {
                decodedFiles.store(document, size: bytes.count, for: blob)
            }
        }
        for id in derived.replacedFiles { decodedFiles.forget(id) }

        // The commit object: exactly the one Stet writes for this event, signed by the actor's key then.
        let expected = EventCommit(tree: derived.id, parent: previous?.commit, event: outcome.event, time: time)
        let expectedKey = try event.expectedKey(before: before, at: time, keys: parsedKeys)
        let exactAsRead =
            stored.flatMap { stored in
                (prepared?.parsedSignature ?? stored.signature.flatMap(SSHSignature.init(armored:))).map {
                    expected.signedBytes(with: $0) == stored.bytes
                }
            } ?? false
        if !exactAsRead {
            // Not the commit Stet writes (or not read as git writes it): libgit2 reads it, and
            // what differs is named from that reading, as stock git tools would show it.
            let signed = try repository.extractSignature(of: id)
            let signature = signed.flatMap { SSHSignature(armored: $0.signature) }
            if try signature.map({ try expected.signed(with: $0).id == id }) != true {
                step.problems += try differences(
                    repository.commit(id), expected: expected, derived: derived,
                    written: Set(outcome.writes.map(\.path)), signatureText: signed?.signature, before: previous?.tree)
            }
        }
        // Checked ahead on another core (over the commit's own signed content, which is the
        // expected content whenever the commit is exact), else here.
        let status = try (prepared?.signature ?? SignatureChecker.result(of: id, known: [:], in: repository))
            .status(expecting: expectedKey)
        if let problem = status.problem(actor: event.actor, time: time) { step.problems.append(problem) }
        step.point = Point(
            commit: id, tree: commit.treeID, time: commit.committer.time, sequence: context.sequence,
            document: event.document)
        return step
    }

    /// Names how a commit differs from the one Stet writes for its event.
    private func differences(
        _ commit: Commit, expected: EventCommit, derived: DerivedTree, written: Set<String>, signatureText: String?,
        before: ObjectID?
    ) throws -> [String] {
        var list: [String] = []
        if commit.treeID != derived.id {
            try compareFolder(
                "", expected: derived.entries(ofFolder: "") ?? [], actual: commit.treeID, derived: derived,
                written: written,
                into: &list)
            if list.isEmpty { list.append("its tree is not the one its event produces") }
        }
        if commit.message != expected.event.message {
            let differing = Self.differingLines(commit.message, expected.event.message)
            list.append(
                "its message does not match the event it records (expected \"\(expected.event.summary)\")"
                    + (differing.isEmpty ? "" : ": it differs in \(differing.joined(separator: ", "))"))
        }
        let raw = try repository.rawObject(commit.id)
        let headers = ObjectEncoding.headerNames(ofCommit: raw)
        let person = ObjectEncoding.identity(expected.person)
        let lines = String(decoding: raw.prefix(ObjectEncoding.headerLength(ofCommit: raw)), as: UTF8.self)
            .split(separator: "\n")
        if !lines.contains(Substring("author " + person)) || !lines.contains(Substring("committer " + person)) {
            list.append("its author and committer are not the signer \(expected.event.actor) at the event's time")
        }
        let allowed: Set<String> = ["tree", "parent", "author", "committer", "gpgsig"]
        for name in headers where !allowed.contains(name) {
            list.append("it carries a '\(Text.printable(name))' header, which Stet never writes")
        }
        let wanted = ["tree"] + (expected.parent == nil ? [] : ["parent"]) + ["author", "committer", "gpgsig"]
        if list.isEmpty, headers != wanted {
            list.append(
                "its headers are not the ones Stet writes, in Stet's order (\(headers.joined(separator: ", ")))")
        }
        if list.isEmpty, let signatureText, let parsed = SSHSignature(armored: signatureText),
            parsed.armored != signatureText
        {
            list.append("its signature is not written in the exact form Stet writes")
        }
        if list.isEmpty { list.append("its commit object is not byte for byte the one Stet writes for its event") }
        return list
    }

    /// What differs between a message and the one its event writes, by trailer name (`the
    /// subject line` for the first line), in the order they first differ.
    static func differingLines(_ actual: String, _ expected: String) -> [String] {
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let only = Set(actualLines).symmetricDifference(expectedLines)
        var names: [String] = []
        for (index, line) in (actualLines + expectedLines).enumerated() where only.contains(line) {
            let name =
                index == 0 || index == actualLines.count
                ? "the subject line"
                : line.firstRange(of: ": ").map { Text.printable(String(line[..<$0.lowerBound])) } ?? "a line"
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Compares one folder of a commit's tree, entry by entry, with what the event should have made of it.
    private func compareFolder(
        _ path: String, expected: [TreeEntry], actual: ObjectID, derived: DerivedTree, written: Set<String>,
        into list: inout [String]
    ) throws {
        let shown = path.isEmpty ? "the top folder" : path
        guard let tree = try? repository.tree(actual) else {
            list.append("\(shown) is not a folder object")
            return
        }
        let entries = try tree.rawEntries()
        let count = list.count
        var seen: Set<String> = []
        for entry in entries where !seen.insert(entry.name).inserted {
            list.append("\(join(path, entry.name)) appears twice in its folder")
        }
        if entries != entries.sorted(by: ObjectEncoding.gitOrder), seen.count == entries.count {
            list.append("the entries of \(shown) are not in git's order")
        }
        let expectedByName = Dictionary(expected.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let actualByName = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for name in Set(expectedByName.keys).union(actualByName.keys).sorted() {
            let full = join(path, name)
            switch (expectedByName[name], actualByName[name]) {
            case (let wanted?, nil):
                list.append("\(full) is missing")
                _ = wanted
            case (nil, let found?):
                for (path, entry) in files(under: found, at: full) {
                    list.append(
                        "it changes \(path), which its event does not touch"
                            + (entry.mode == TreeEntry.fileMode ? "" : " (\(entry.modeDescription))"))
                }
            case (let wanted?, let found?):
                if wanted.mode != found.mode {
                    list.append("\(full) is \(found.modeDescription) where Stet writes \(wanted.modeDescription)")
                } else if wanted.id != found.id {
                    if wanted.isFolder {
                        let inner = try derived.entries(ofFolder: full) ?? repository.tree(wanted.id).rawEntries()
                        try compareFolder(
                            full, expected: inner, actual: found.id, derived: derived, written: written, into: &list)
                    } else if written.contains(full) {
                        let sameMeaning = try sameJSON(wanted.id, found.id, path: full, derived: derived)
                        list.append(
                            "\(full) is not what the event wrote (changed outside Stet)"
                                + (sameMeaning ? "; it means the same, but is not the exact bytes Stet writes" : ""))
                    } else {
                        list.append("it changes \(full), which its event does not touch")
                    }
                }
            case (nil, nil):
                break
            }
        }
        if list.count == count, (try? ObjectID.hash(ObjectEncoding.tree(entries), kind: .tree)) != actual {
            list.append("the folder object of \(shown) is not in git's canonical form")
        }
    }

    /// The files in a folder a commit added (a few, for a report), or the entry itself when it is not a folder.
    private func files(
        under entry: TreeEntry, at path: String, limit: Int = 20, depth: Int = 0
    ) -> [(String, TreeEntry)] {
        // Bounded in depth as in breadth: a forged tree can nest folders without end.
        guard entry.isFolder, depth < 12, let tree = try? repository.tree(entry.id) else { return [(path, entry)] }
        var found: [(String, TreeEntry)] = []
        for inner in (try? tree.rawEntries()) ?? [] where found.count < limit {
            found += files(under: inner, at: join(path, inner.name), limit: limit - found.count, depth: depth + 1)
        }
        return found.isEmpty ? [(path, entry)] : found
    }

    private func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? Text.printable(name) : folder + "/" + Text.printable(name)
    }

    /// Whether a file the event wrote and the one the commit holds are JSON with the same meaning:
    /// said in the report, since a tolerant reader would take one for the other.
    private func sameJSON(_ expected: ObjectID, _ actual: ObjectID, path: String, derived: DerivedTree) throws -> Bool {
        guard Layout.isJSON(path), let wanted = derived.objects.first(where: { $0.id == expected })?.bytes,
            try repository.objectSize(actual) <= Limits.stateFileSize,
            let left = try? JSONSerialization.jsonObject(with: Data(wanted)) as? NSObject,
            let right = try? JSONSerialization.jsonObject(with: Data(try repository.blob(actual))) as? NSObject
        else { return false }
        return left.isEqual(right)
    }

    /// Problems with the repository around the event chain: anything that would make stock git
    /// show or check something other than what Stet verified.
    /// Things in the repository that do not make the history wrong but that a reader using stock
    /// git in this folder should know.
    func repositoryNotes() -> [VerificationReport.Problem] {
        var notes: [String] = []
        for file in ["objects/info/commit-graph", "objects/info/commit-graphs"]
        where FileManager.default.fileExists(atPath: repository.path + "/" + file) {
            notes.append(
                "it has \(file) (written by git gc): stock git in this folder takes parents from it without "
                    + "checking; Stet compares every parent with the commit itself, and a fresh clone has none")
        }
        return notes.map { .init(commit: "", document: nil, message: $0) }
    }

    func repositoryProblems() -> [VerificationReport.Problem] {
        var problems: [String] = []
        if let head = try? repository.headTarget(), head != Layout.branch {
            problems.append(
                "HEAD points to \(Text.printable(head)), not \(Layout.branch): stock git would show another history")
        }
        for name in (try? repository.referenceNames()) ?? [] where name != Layout.branch {
            if name.hasPrefix("refs/replace/") {
                problems.append(
                    "it has the replace reference \(Text.printable(name)): stock git would show another object in place of a verified one"
                )
            } else {
                problems.append("it has the reference \(Text.printable(name)), which Stet never writes")
            }
        }
        let expected: [String: String] = [
            "core.bare": "true", "core.repositoryformatversion": "0", "core.filemode": "true",
            "core.logallrefupdates": "always", "receive.denynonfastforwards": "true", "receive.denydeletes": "true",
        ]
        var seen: Set<String> = []
        for (name, value) in (try? repository.localConfigEntries()) ?? [] {
            let shownName = Text.printable(name)
            if let wanted = expected[name] {
                if value.lowercased() != wanted {
                    problems.append("its config sets \(shownName) = \(Text.printable(value)); Stet sets \(wanted)")
                }
                seen.insert(name)
            } else if ["core.ignorecase", "core.precomposeunicode"].contains(name) && value.lowercased() == "false" {
                continue
            } else {
                problems.append(
                    "its config sets \(shownName), which Stet does not set: it can change what stock git shows or how it checks signatures"
                )
            }
        }
        if !seen.contains("core.logallrefupdates") {
            problems.append(
                "its config no longer sets core.logallrefupdates = always: publications of the branch are not logged")
        }
        for (file, meaning) in [
            ("info/grafts", "grafts change the parents stock git shows"),
            ("objects/info/alternates", "alternates borrow objects from another folder"),
            ("shallow", "a shallow store hides the start of its history"),
        ] where FileManager.default.fileExists(atPath: repository.path + "/" + file) {
            problems.append("it has \(file): \(meaning)")
        }
        return problems.map { .init(commit: "", document: nil, message: $0) }
    }

    /// Rebuilds the action an event records; document content comes from the commit's own tree.
    static func action(for event: Event, after state: some StateReader) throws(StetError) -> Action {
        func required<T>(_ value: T?, _ field: String) throws(StetError) -> T {
            guard let value else { throw .storeCorrupt("the event has no \(field)") }
            return value
        }
        func subject() throws(StetError) -> NewUser {
            NewUser(
                id: try UserID(try required(event.subjectUser, "subject user")),
                name: try required(event.subjectName, "subject name"),
                roles: try required(event.subjectRoles, "subject roles"),
                key: try PublicKey(openSSH: try required(event.subjectKey, "subject key")))
        }
        func content() throws(StetError) -> [UInt8] {
            let id = try Identifier.document(try required(event.document, "document"))
            return try required(try state.file(Layout.draft(id)), "content at \(Layout.draft(id))")
        }
        /// The files the event says it stored, as its commit's tree holds them.
        func attachments() throws(StetError) -> [String: [UInt8]] {
            let id = try Identifier.document(try required(event.document, "document"))
            var files: [String: [UInt8]] = [:]
            for path in event.attachments ?? [] {
                files[path] = try required(try state.file(Layout.attachment(id, path)), "attachment \(path)")
            }
            return files
        }
        var document: DocumentID {
            get throws(StetError) { try DocumentID(try required(event.document, "document")) }
        }
        switch event.kind {
        case .initialize:
            return .initialize(controller: try subject(), configuration: try state.configuration())
        case .addUser:
            return .addUser(try subject())
        case .revokeUser:
            return .revokeUser(
                id: try UserID(try required(event.subjectUser, "subject user")), reason: event.reason ?? "")
        case .confirmUser:
            return .confirmUser(
                id: try UserID(try required(event.subjectUser, "subject user")),
                key: try event.subjectKey.map { text throws(StetError) in try PublicKey(openSSH: text) },
                roles: event.subjectRoles)
        case .requireEnrolmentConfirmation:
            return .requireEnrolmentConfirmation
        case .setType:
            return .setType(
                name: try required(event.type, "type"),
                settings: .init(
                    title: try required(event.title, "type title"), prefix: try required(event.typePrefix, "prefix"),
                    digits: try required(event.typeDigits, "digits"),
                    reviewIntervalMonths: try required(event.typeReviewMonths, "review interval"),
                    approvalsRequired: try required(event.typeApprovals, "approvals"),
                    reviewerMayApprove: event.typeReviewerMayApprove ?? false))
        case .create:
            return .create(
                type: try required(event.type, "type"), title: try required(event.title, "title"),
                content: try content(), reason: event.reason ?? "", attachments: try attachments())
        case .edit:
            return .edit(
                document: try document, content: try content(), reason: event.reason ?? "",
                attachments: try attachments())
        case .submit:
            return .submit(
                document: try document, reviewers: try UserID.list(event.reviewers ?? []),
                approvers: try UserID.list(event.approvers ?? []))
        case .review:
            return .review(document: try document, accept: event.verdict == "accepted", comment: event.reason)
        case .approve:
            return .approve(document: try document, comment: event.reason)
        case .reject:
            return .reject(document: try document, reason: event.reason ?? "")
        case .issue:
            return .issue(document: try document, effective: event.effective)
        case .retire:
            return .retire(document: try document, reason: event.reason ?? "")
        case .reaffirm:
            return .reaffirm(document: try document, comment: event.reason ?? "")
        case .distribute:
            return .distribute(
                document: try document, users: try UserID.list(event.distributionUsers ?? []),
                roles: event.distributionRoles ?? [])
        case .acknowledge:
            return .acknowledge(document: try document, version: event.version)
        case .updateDocument:
            // From format 3 the event names the links after it, none when the trailer is absent.
            let linked = try state.configuration().format >= 3 ? event.partOf ?? [] : event.partOf
            return .updateDocument(
                document: try document, title: event.title,
                owner: try event.owner.map { text throws(StetError) in try UserID(text) },
                department: event.department,
                partOf: try linked.map { ids throws(StetError) in
                    try ids.map { id throws(StetError) in try DocumentID(id) }
                },
                reason: event.reason ?? "")
        case .reassign:
            return .reassign(
                document: try document, reviewers: try UserID.list(event.reviewers ?? []),
                approvers: try UserID.list(event.approvers ?? []), reason: event.reason ?? "")
        case .withdraw:
            return .withdraw(document: try document, reason: event.reason ?? "")
        case .rekeyUser:
            return .rekeyUser(
                id: try UserID(try required(event.subjectUser, "subject user")),
                key: try PublicKey(openSSH: try required(event.subjectKey, "subject key")), reason: event.reason ?? "")
        case .setRoles:
            return .setRoles(
                id: try UserID(try required(event.subjectUser, "subject user")),
                roles: try required(event.subjectRoles, "subject roles"), reason: event.reason ?? "")
        case .issueCopy:
            return .issueCopy(
                document: try document, version: try required(event.version, "version"),
                number: try required(event.copyNumber, "copy number"),
                holder: try required(event.copyHolder, "copy holder"), file: try required(event.copyFile, "copy file"))
        case .recallCopy:
            return .recallCopy(
                document: try document, number: try required(event.copyNumber, "copy number"),
                reason: event.reason ?? "")
        case .configureStore:
            return .configureStore(organisation: event.organisation, timeZone: event.timeZone)
        case .destroyCopy:
            return .destroyCopy(document: try document, number: try required(event.copyNumber, "copy number"))
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
                    effective: event.effective, source: try required(event.source, "source"), attachments: attachments,
                    versionLabel: event.versionLabel, partOf: event.partOf ?? []))
        }
    }
}

extension Store {
    /// Checks every signature and replays every event; see `Verifier`.
    ///
    /// `anchors` are heads written down earlier (an audit report, a mirror): each must still be in the history.
    public func verify(anchors: [String] = [], since: String? = nil) throws(StetError) -> VerificationReport {
        for anchor in anchors where ObjectID(hex: anchor.lowercased()) == nil {
            throw .invalidText(
                field: "anchor", problem: "'\(Text.printable(anchor))' is not a full 40-digit commit id")
        }
        var start: ObjectID?
        if let since {
            guard let id = ObjectID(hex: since.lowercased()), repository.commitID(matching: id.hex) != nil else {
                throw .invalidText(
                    field: "starting point",
                    problem: "'\(Text.printable(since))' is not the full 40-digit id of a commit of this store")
            }
            start = id
        }
        if let head = try headIfAny() { try requireKnownFormat(at: head) }
        let verifiedBefore = verifiedHeads?.newest(forStore: namedPath)?.head
        var verifier = Verifier(
            repository: repository, anchors: anchors.map { $0.lowercased() }, now: now(), since: start,
            verifiedBefore: verifiedBefore)
        verifier.signatureCache = signatureCache
        var report = try verifier.run()
        // The same store verified here under another name: its head then must still be in the
        // history. A copy that does not hold that head at all (a mirror or backup not yet brought
        // up to date) cannot say whether it is behind or was rolled back: a note, for an anchor to settle.
        if start == nil, let head = report.head, let root = report.root,
            let other = verifiedHeads?.newest(forRoot: root), other != head,
            (try? repository.isAncestor(other, of: head)) != true
        {
            if repository.commitID(matching: other.hex) == other {
                report.problems.append(
                    .init(
                        commit: other.hex, document: nil,
                        message:
                            "this head was verified here before (under another path to this store) and is no longer in the history"
                    ))
            } else {
                report.notes.append(
                    .init(
                        commit: other.hex, document: nil,
                        message:
                            "this copy does not hold the newest head verified here on this store (under another path): "
                            + "it is behind it (a mirror or backup not yet updated) or was rolled back; an anchor tells which"
                    ))
            }
        }
        // Only a run from the first event vouches for the whole history.
        if report.isClean, let head = report.head, let root = report.root, start == nil {
            verifiedHeads?.record(head, root: root, forStore: namedPath, in: repository)
        }
        return report
    }
}
