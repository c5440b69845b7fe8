import Foundation
import StetGit

/// What a verification needs of each commit that does not depend on the state before it,
/// prepared on another core a little ahead of the replay, which stays in order on this one.
///
/// For each commit: its bytes checked against its id and read, its event, its signature
/// checked, and the action its event records (read from the commit's own tree). What the
/// replay then does with them (the rules on the state before, the tree and commit they must
/// produce) is unchanged; anything that could not be prepared is done by the replay itself.
final class ReplayLookahead: @unchecked Sendable {
    struct Prepared: @unchecked Sendable {
        var signature: SignatureChecker.Result?
        /// The commit's signature as parsed there, for the replay's exactness check.
        var parsedSignature: SSHSignature?
        var stored: StoredCommit?
        var event: Event?
        var action: Result<Action, StetError>?
        /// The files the action read from the commit's tree, with the blob ids they were read and
        /// checked under.
        var files: [(id: ObjectID, bytes: [UInt8])] = []

        var heldBytes: Int { files.reduce(0) { $0 + $1.bytes.count } + (stored?.bytes.count ?? 0) }
    }

    /// How far ahead of the replay the other core may go, in commits and in the bytes of the
    /// files their actions read (a document's content an event, up to 32 MB for the largest).
    static let window = 64
    static let bytesAhead = 16 << 20

    private let condition = NSCondition()
    private var prepared: [Prepared?]
    private var taken = 0
    private var cancelled = false
    /// The bytes of files held in prepared commits not yet taken.
    private var held = 0

    private init(count: Int) {
        prepared = Array(repeating: nil, count: count)
    }

    /// Starts preparing `commits` on another thread, with a repository handle of its own;
    /// `walked` holds the bytes a walk already read for some of them.
    static func start(
        _ commits: [ObjectID], walked: [CommitBytes?], known: [ObjectID: [UInt8]], repositoryPath: String
    ) -> ReplayLookahead {
        let lookahead = ReplayLookahead(count: commits.count)
        Thread.detachNewThread {
            // A commit this thread cannot prepare is left to the replay.
            let repository = try? Repository.openBare(at: repositoryPath)
            for (index, commit) in commits.enumerated() {
                guard lookahead.waitForRoom(before: index) else { return }
                let prepared =
                    repository.map { prepare(commit, walked: walked[index], known: known, in: $0) } ?? Prepared()
                lookahead.set(index, prepared)
            }
        }
        return lookahead
    }

    private static func prepare(
        _ commit: ObjectID, walked: CommitBytes?, known: [ObjectID: [UInt8]], in repository: Repository
    ) -> Prepared {
        var prepared = Prepared()
        // (`try?` flattens: nil when the commit cannot be read, checked or parsed.)
        guard let read = try? walked ?? repository.commitBytes(commit),
            let stored = try? StoredCommit(checking: read)
        else {
            prepared.signature = try? SignatureChecker.result(of: commit, known: known, in: repository)
            return prepared
        }
        prepared.stored = stored
        // The signature and what it signs, from the bytes just checked (as libgit2 extracts them).
        if let text = stored.signature, let signedData = stored.signedData {
            if let parsed = SSHSignature(armored: text) {
                prepared.parsedSignature = parsed
                prepared.signature =
                    known[commit].map { .signed(key: PublicKey(rawBytes: $0), good: true) }
                    ?? .signed(key: parsed.publicKey, good: parsed.isValid(for: signedData))
            } else {
                prepared.signature = .unreadable
            }
        } else {
            prepared.signature = .unsigned
        }
        guard let event = Event(message: stored.commit.message) else { return prepared }
        prepared.event = event
        guard let tree = try? repository.tree(stored.commit.treeID) else { return prepared }
        let reader = RecordingState(TreeState(tree: tree))
        prepared.action = Result { () throws(StetError) in try Verifier.action(for: event, after: reader) }
        prepared.files = reader.files
        return prepared
    }

    private func waitForRoom(before index: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        // Always at least the next commit the replay needs.
        while !cancelled && index > taken && (index >= taken + Self.window || held > Self.bytesAhead) {
            condition.wait()
        }
        return !cancelled
    }

    private func set(_ index: Int, _ value: Prepared) {
        condition.lock()
        prepared[index] = value
        held += value.heldBytes
        condition.broadcast()
        condition.unlock()
    }

    /// What was prepared for the `index`th commit, once it is ready; what it holds beyond the
    /// signature is handed over once.
    func take(_ index: Int) -> Prepared {
        condition.lock()
        defer { condition.unlock() }
        while prepared[index] == nil { condition.wait() }
        let value = prepared[index]!
        prepared[index] = Prepared(signature: value.signature)
        held -= value.heldBytes
        taken = max(taken, index + 1)
        condition.broadcast()
        return value
    }

    /// The signature of the `index`th commit as checked there (after `take`).
    func signature(_ index: Int) -> SignatureChecker.Result? {
        condition.lock()
        defer { condition.unlock() }
        return prepared[index]?.signature
    }

    /// Stops the other thread: the replay needs nothing more from it.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// A commit's state that notes the files read from it, with their blob ids.
private final class RecordingState: StateReader {
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
