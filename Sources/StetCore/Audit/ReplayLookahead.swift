import Foundation
import StetGit

/// What a verification needs of each commit that does not depend on the state before it,
/// prepared on the other cores a little ahead of the replay, which stays in order on this one.
///
/// For each commit: its bytes checked against its id and read, its event, its signature
/// checked, and the action its event records (read from the commit's own tree). What the
/// replay then does with them (the rules on the state before, the tree and commit they must
/// produce) is unchanged; anything that could not be prepared is done by the replay itself.
///
/// Unchecked Sendable: every mutable field (`prepared`, `taken`, `next`, `cancelled`, `held`) is
/// read and written only with `condition` locked; the rest is immutable.
final class ReplayLookahead: @unchecked Sendable {
    /// Unchecked Sendable: a `Prepared` is built on one thread, stored under the lookahead's lock
    /// and taken out under it by the replay, which alone uses it then: never shared, only handed over.
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

    /// The threads preparing commits: the cores the replay leaves, at most two. A signature
    /// check costs about what replaying its event does; each thread's allocations keep memory
    /// of their own (a second thread on two cores gave 3% more events a second for 12% more
    /// peak memory on 100,000 events).
    static let threads = min(2, max(1, ProcessInfo.processInfo.activeProcessorCount - 1))

    /// How far ahead of the replay the other cores may go, in commits and in the bytes of the
    /// files their actions read (a document's content an event, up to 32 MB for the largest).
    static let window = 64
    static let bytesAhead = 16 << 20

    private let condition = NSCondition()
    private var prepared: [Prepared?]
    private var taken = 0
    /// The next commit a preparing thread will take on.
    private var next = 0
    private var cancelled = false
    /// The bytes of files held in prepared commits not yet taken.
    private var held = 0

    private let commits: [ObjectID]
    private let walked: [CommitBytes?]
    private let known: [ObjectID: [UInt8]]

    private init(_ commits: [ObjectID], walked: [CommitBytes?], known: [ObjectID: [UInt8]]) {
        self.commits = commits
        self.walked = walked
        self.known = known
        prepared = Array(repeating: nil, count: commits.count)
    }

    /// Starts preparing `commits` on other threads, each with a repository handle of its own;
    /// `walked` holds the bytes a walk already read for some of them.
    ///
    /// The threads run below the replay's priority: at equal priority they took the replay's
    /// core while it had work, and the replay is the part that cannot be split (1.1x the events
    /// a second on two cores). The window stops them when they are far enough ahead.
    static func start(
        _ commits: [ObjectID], walked: [CommitBytes?], known: [ObjectID: [UInt8]], repositoryPath: String
    ) -> ReplayLookahead {
        let lookahead = ReplayLookahead(commits, walked: walked, known: known)
        for _ in 0..<min(threads, commits.count) {
            Thread.detachNewThread {
                ThreadPriority.yieldToReplay()
                // A commit this thread cannot prepare is left to the replay.
                let repository = try? Repository.openBare(at: repositoryPath)
                while let index = lookahead.nextToPrepare() {
                    lookahead.set(index, repository.map { lookahead.prepare(index, in: $0) } ?? Prepared())
                }
            }
        }
        return lookahead
    }

    private func prepare(_ index: Int, in repository: Repository) -> Prepared {
        Self.prepare(commits[index], walked: walked[index], known: known, in: repository)
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
        // The signature and what it signs, from the bytes just checked.
        switch SignatureChecker.Reading(stored) {
        case .unsigned: prepared.signature = .unsigned
        case .unreadable: prepared.signature = .unreadable
        case .signature(let parsed, let signedData):
            prepared.parsedSignature = parsed
            prepared.signature =
                known[commit].map { .signed(key: PublicKey(rawBytes: $0), good: true) }
                ?? .signed(key: parsed.publicKey, good: parsed.isValid(for: signedData))
        }
        guard let event = Event(message: stored.commit.message) else { return prepared }
        prepared.event = event
        // Read (and checked against its id) for every commit, though most events read no file
        // from it, so that a top folder missing or replaced in the store is reported: reading it
        // only for the events that do saved 4% of the CPU time, not worth that.
        guard let tree = try? repository.tree(stored.commit.treeID) else { return prepared }
        let reader = RecordingState(TreeState(tree: tree))
        prepared.action = Result { () throws(StetError) in try Verifier.action(for: event, after: reader) }
        prepared.files = reader.files
        return prepared
    }

    /// The next commit to prepare, once the window has room for it; nil when there is none left
    /// or the replay needs no more.
    private func nextToPrepare() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        return claimNext(waiting: true)
    }

    /// `nextToPrepare`, with the lock held; without `waiting`, nil at once when the window is full.
    private func claimNext(waiting: Bool) -> Int? {
        // Always at least the next commit the replay needs.
        while !cancelled && next < prepared.count && next > taken
            && (next >= taken + Self.window || held > Self.bytesAhead)
        {
            guard waiting else { return nil }
            condition.wait()
        }
        guard !cancelled && next < prepared.count else { return nil }
        next += 1
        return next - 1
    }

    private func set(_ index: Int, _ value: Prepared) {
        condition.lock()
        store(index, value)
        condition.unlock()
    }

    /// `set`, with the lock held.
    private func store(_ index: Int, _ value: Prepared) {
        prepared[index] = value
        held += value.heldBytes
        condition.broadcast()
    }

    /// What was prepared for the `index`th commit, once it is ready; what it holds beyond the
    /// signature is handed over once.
    ///
    /// Rather than wait for it, the replay prepares the next commit no other thread has taken on,
    /// with `repository`: when checking signatures is the slower part, the replay's core would
    /// otherwise be idle for part of every event (1.1x the events a second on two cores). That
    /// repository must hold only what it read from the store, as the other threads' do (not the
    /// replay's, which holds what the replay derived), so that what a commit is prepared from
    /// does not depend on the thread.
    func take(_ index: Int, preparingWith repository: () -> Repository?) -> Prepared {
        condition.lock()
        defer { condition.unlock() }
        while prepared[index] == nil {
            if let other = claimNext(waiting: false) {
                condition.unlock()
                let value = repository().map { prepare(other, in: $0) } ?? Prepared()
                condition.lock()
                store(other, value)
            } else {
                condition.wait()
            }
        }
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
