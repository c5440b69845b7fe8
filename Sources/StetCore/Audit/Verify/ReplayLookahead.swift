import Foundation
import StetGit

/// Commits prepared (`PreparedCommit`) on the other cores a little ahead of the replay, which
/// stays in order on this one: what `LookaheadSource` gives the replay.
///
/// Unchecked Sendable: every mutable field (`prepared`, `signatures`, `taken`, `next`,
/// `cancelled`, `held`) is
/// read and written only with `condition` locked; the rest is immutable.
final class ReplayLookahead: @unchecked Sendable {
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
    private var prepared: [Result<PreparedCommit, StetError>?]
    /// Each taken commit's signature as checked, for the signature record.
    private var signatures: [SignatureChecker.Result?]
    private var taken = 0
    /// The next commit a preparing thread will take on.
    private var next = 0
    private var cancelled = false
    /// The bytes held in prepared commits not yet taken.
    private var held = 0

    private let commits: [ObjectID]
    private let walked: [CommitBytes?]
    private let known: [ObjectID: [UInt8]]

    private init(_ commits: [ObjectID], walked: [CommitBytes?], known: [ObjectID: [UInt8]]) {
        self.commits = commits
        self.walked = walked
        self.known = known
        prepared = Array(repeating: nil, count: commits.count)
        signatures = Array(repeating: nil, count: commits.count)
    }

    /// Starts preparing `commits` on other threads, each with a repository handle of its own;
    /// `walked` holds the bytes a walk already read for some of them.
    ///
    /// The threads run below the replay's priority (`ThreadPriority`). The window stops them when
    /// they are far enough ahead. A thread that cannot open the store prepares nothing: the
    /// replay prepares what no thread takes on.
    static func start(
        _ commits: [ObjectID], walked: [CommitBytes?], known: [ObjectID: [UInt8]], repositoryPath: String
    ) -> ReplayLookahead {
        let lookahead = ReplayLookahead(commits, walked: walked, known: known)
        for _ in 0..<min(threads, commits.count) {
            Thread.detachNewThread {
                ThreadPriority.yieldToReplay()
                guard let repository = try? Repository.openBare(at: repositoryPath) else { return }
                repository.memo = ObjectMemo()
                while let index = lookahead.nextToPrepare() {
                    lookahead.set(index, lookahead.prepare(index, in: repository))
                }
            }
        }
        return lookahead
    }

    private func prepare(_ index: Int, in repository: Repository) -> Result<PreparedCommit, StetError> {
        Result { () throws(StetError) in
            try PreparedCommit.prepare(commits[index], walked: walked[index], known: known, in: repository)
        }
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

    private func set(_ index: Int, _ value: Result<PreparedCommit, StetError>) {
        condition.lock()
        store(index, value)
        condition.unlock()
    }

    /// `set`, with the lock held.
    private func store(_ index: Int, _ value: Result<PreparedCommit, StetError>) {
        prepared[index] = value
        held += (try? value.get().heldBytes) ?? 0
        condition.broadcast()
    }

    /// What was prepared for the `index`th commit, once it is ready, handed over once.
    ///
    /// Rather than wait for it, the replay prepares the next commit no other thread has taken on,
    /// with the handle `preparing` gives: when checking signatures is the slower part, the
    /// replay's core would otherwise be idle for part of every event (1.1x the events a second on
    /// two cores).
    func take(
        _ index: Int, preparingWith preparing: () throws(StetError) -> Repository
    ) -> Result<PreparedCommit, StetError> {
        condition.lock()
        defer { condition.unlock() }
        while prepared[index] == nil {
            if let other = claimNext(waiting: false) {
                condition.unlock()
                let value = Result { () throws(StetError) in try preparing() }.flatMap { prepare(other, in: $0) }
                condition.lock()
                store(other, value)
            } else {
                condition.wait()
            }
        }
        let value = prepared[index]!
        prepared[index] = nil
        signatures[index] = try? value.get().signature
        held -= (try? value.get().heldBytes) ?? 0
        taken = max(taken, index + 1)
        condition.broadcast()
        return value
    }

    /// The signature of the `index`th commit as checked there (after `take`).
    func signature(_ index: Int) -> SignatureChecker.Result? {
        condition.lock()
        defer { condition.unlock() }
        return signatures[index]
    }

    /// Stops the other threads: the replay needs nothing more from them.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
