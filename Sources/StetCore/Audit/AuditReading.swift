import Foundation
import StetGit

/// How the audit trail reads the history: runs of commits read on this thread, checked and
/// parsed on every core, the next run on another thread while this one is visited.
extension Store {
    /// How many commits are read and parsed at once.
    static let readAtOnce = 512

    /// A commit's fields and event, as `read(_:in:)` found them.
    struct ReadCommit: Sendable {
        /// Nil when the commit is not in the plain form git writes.
        var commit: Commit?
        var event: Event?
    }

    /// Reads `commits` (most often kept from the walk that ordered the history, so each is read
    /// once) and checks them against their ids and parses their fields and events on every
    /// core: after the reading, that is most of an export's work, and each commit's is its own.
    static func read(_ commits: [ObjectID], in repository: Repository) throws(StetError) -> [ReadCommit] {
        let read = try bytes(of: commits, in: repository)
        return try parse(onEveryCore(read.count) { index in parse(read[index]) })
    }

    /// The bytes of `commits`, taken on this thread (libgit2 serves one thread at a time).
    static func bytes(of commits: [ObjectID], in repository: Repository) throws(StetError) -> [CommitBytes] {
        do { return try commits.map { id throws(GitError) in try repository.commitBytes(id) } } catch {
            throw StetError(from: error)
        }
    }

    /// A commit checked against its id, its fields and its event.
    fileprivate static func parse(_ bytes: CommitBytes) -> Result<ReadCommit, GitError> {
        Result { () throws(GitError) in
            let commit = try StoredCommit(checking: bytes)?.commit
            return ReadCommit(commit: commit, event: commit.flatMap { Event(message: $0.message) })
        }
    }

    fileprivate static func parse(_ results: [Result<ReadCommit, GitError>]) throws(StetError) -> [ReadCommit] {
        do { return try results.map { try $0.get() } } catch { throw StetError(from: error) }
    }

    /// A commit in the chain that is not a Stet event still appears in an unfiltered trail.
    static func foreignRecord(_ commit: Commit, time: Timestamp) -> AuditRecord {
        AuditRecord(
            sequence: 0, time: time, event: "not-a-stet-event",
            summary: commit.message.split(separator: "\n").first.map(String.init) ?? "", document: nil, title: nil,
            revision: nil, version: nil,
            stateBefore: nil, stateAfter: nil, actor: commit.author.email, actorName: commit.author.name, role: "",
            meaning: "", reason: nil, contentHash: nil,
            commit: commit.id.hex, signatureValid: false)
    }
}

/// The next run of commits, checked and parsed on another thread while the audit visits the
/// run before; a failure to read its bytes is thrown when the run is reached, as it was read.
///
/// Unchecked Sendable: `parsed` is written once, by the queue's block, before it signals
/// `ready`, and read only by `take` after waiting on `ready`: the semaphore orders the two.
final class ReadAhead: @unchecked Sendable {
    private let ready = DispatchSemaphore(value: 0)
    private var parsed: Result<[Result<Store.ReadCommit, GitError>], StetError> = .success([])

    init(_ bytes: Result<[CommitBytes], StetError>) {
        DispatchQueue.global(qos: .userInitiated).async {
            self.parsed = bytes.map { $0.map(Store.parse) }
            self.ready.signal()
        }
    }

    /// The run's commits, once parsed.
    func take() throws(StetError) -> [Store.ReadCommit] {
        ready.wait()
        return try Store.parse(parsed.get())
    }
}
