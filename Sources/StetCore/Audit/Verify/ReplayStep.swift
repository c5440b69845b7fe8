import Foundation
import StetGit

/// One step of the replay: a commit checked against the verified state before it.
extension Verifier {
    /// The state after `id`, taken as verified.
    func point(at id: ObjectID) throws -> Point {
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

    /// Checks one commit, prepared, against the verified state before it.
    func step(_ prepared: PreparedCommit, after previous: Point?) throws -> Step {
        var step = Step()
        let id = prepared.id
        // Read once, as stored: when it is exactly the commit Stet writes, its bytes are compared
        // with those (they were checked against the id on reading), not hashed again.
        let stored = prepared.stored
        let commit = prepared.commit
        guard let event = prepared.event else {
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
            // The files it was read from are this repository's to reuse, as if read here.
            for file in prepared.files { repository.rememberReadBlob(file.bytes, id: file.id) }
            guard let recorded = prepared.action else { throw StetError.storeCorrupt("its action was not read") }
            action = try recorded.get()
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
                prepared.parsedSignature.map { expected.signedBytes(with: $0) == stored.bytes }
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
        // Checked when the commit was prepared, over the commit's own signed content, which is
        // the expected content whenever the commit is exact.
        let status = prepared.signature.status(expecting: expectedKey)
        if let problem = status.problem(actor: event.actor, time: time) { step.problems.append(problem) }
        step.point = Point(
            commit: id, tree: commit.treeID, time: commit.committer.time, sequence: context.sequence,
            document: event.document)
        return step
    }
}
