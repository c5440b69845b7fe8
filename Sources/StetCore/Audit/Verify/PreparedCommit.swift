import StetGit

/// What the replay needs of one commit that does not depend on the state before it: the commit
/// read (its bytes checked against its id), its event, its signature checked, and the action its
/// event records, read from the commit's own tree.
///
/// Every `CommitSource` prepares a commit with `prepare`, so the replay has one path whatever the
/// source; the sources differ only in where and when the work is done.
///
/// Unchecked Sendable: a prepared commit is built on one thread and handed to the replay, which
/// alone uses it from then on: never shared, only handed over.
struct PreparedCommit: @unchecked Sendable {
    let id: ObjectID
    let commit: Commit
    /// Its exact bytes and fields, when its headers are the plain ones git writes; nil when
    /// libgit2 read it (which names what is wrong).
    let stored: StoredCommit?
    /// Nil when its message is not a Stet event.
    let event: Event?
    let signature: SignatureChecker.Result
    /// The signature as parsed from the stored bytes, for the replay's exactness check.
    let parsedSignature: SSHSignature?
    /// The action its event records; nil when it has no event.
    let action: Result<Action, StetError>?
    /// The files the action read from the commit's tree, with the blob ids they were read under.
    let files: [(id: ObjectID, bytes: [UInt8])]

    /// The bytes it holds: a source preparing ahead keeps that bounded.
    var heldBytes: Int { files.reduce(0) { $0 + $1.bytes.count } + (stored?.bytes.count ?? 0) }

    /// Prepares `id` with `repository`, a handle holding only what it read from the store (never
    /// what a replay derived), so that what a commit is prepared from does not depend on the
    /// source or the thread; `walked` holds its bytes when a walk already read them; `known` are
    /// the good signatures on record.
    static func prepare(
        _ id: ObjectID, walked: CommitBytes?, known: [ObjectID: [UInt8]], in repository: Repository
    ) throws(StetError) -> PreparedCommit {
        do {
            // Bytes a walk kept that do not hash to the id are read again from the store, as
            // the replay reads any commit: what is then found wrong is reported on the commit.
            let kept = walked.flatMap { try? StoredCommit(checking: $0) }
            let stored = try kept ?? repository.storedCommit(id)
            let commit = try stored?.commit ?? repository.commit(id)
            var signature: SignatureChecker.Result
            var parsedSignature: SSHSignature?
            if let stored {
                // The signature and what it signs, from the bytes just checked.
                switch SignatureChecker.Reading(stored) {
                case .unsigned: signature = .unsigned
                case .unreadable: signature = .unreadable
                case .signature(let parsed, let signedData):
                    parsedSignature = parsed
                    signature =
                        known[id].map { .signed(key: PublicKey(rawBytes: $0), good: true) }
                        ?? .signed(key: parsed.publicKey, good: parsed.isValid(for: signedData))
                }
            } else {
                signature = try SignatureChecker.result(of: id, known: known, in: repository)
            }
            let event = Event(message: commit.message)
            var action: Result<Action, StetError>?
            var files: [(id: ObjectID, bytes: [UInt8])] = []
            if let event {
                // Read (and checked against its id) for every commit, though most events read no
                // file from it, so that a top folder missing or replaced in the store is reported.
                let reader = Result { () throws(StetError) in
                    do { return RecordingState(TreeState(tree: try repository.tree(commit.treeID))) } catch {
                        throw StetError(from: error)
                    }
                }
                action = reader.flatMap { reader in
                    Result { () throws(StetError) in try Verifier.action(for: event, after: reader) }
                }
                files = (try? reader.get().files) ?? []
            }
            return PreparedCommit(
                id: id, commit: commit, stored: stored, event: event, signature: signature,
                parsedSignature: parsedSignature, action: action, files: files)
        } catch {
            throw StetError(from: error)
        }
    }
}

/// A commit's state that notes the files read from it, with their blob ids.
final class RecordingState: StateReader {
    let base: TreeState
    private(set) var files: [(id: ObjectID, bytes: [UInt8])] = []

    init(_ base: TreeState) { self.base = base }

    func file(_ path: String) throws(StetError) -> [UInt8]? {
        guard let (id, bytes) = try base.fileWithID(path) else { return nil }
        files.append((id, bytes))
        return bytes
    }

    func names(in folder: String) throws(StetError) -> [String] { try base.names(in: folder) }

    func contains(_ path: String) throws(StetError) -> Bool { try base.contains(path) }
}
