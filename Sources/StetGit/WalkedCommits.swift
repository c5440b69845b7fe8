import CLibgit2
import Dispatch
import Foundation

/// The commits a first-parent walk read, kept for the reads that follow it.
///
/// A walk runs newest first, and what reads the history then (a replay, an audit export) runs
/// oldest first: the commits the walk read last are the first read after it. Keeping the oldest
/// within a budget, and handing each over once, spares reading those again (inflating a delta
/// chain) without holding a long history in memory. The walk itself does not hash what it reads:
/// another core checks each commit against its id while the walk goes on (the walk reads one
/// commit after another, and that core would be idle), and those found good are kept marked
/// checked; any other is checked where it is used (`CommitBytes.verified`).
struct WalkedCommits {
    /// Most of a 10,000-event history (870 bytes a commit), a tenth of a 100,000-event one: what
    /// an audit of 100,000 events may add to its peak memory.
    static let budget = 8 << 20

    private var bytesByID: [ObjectID: CommitBytes] = [:]
    /// In the order walked, newest first; those before `firstKept` were dropped.
    private var order: [ObjectID] = []
    private var firstKept = 0
    private var total = 0
    private var checker: BackgroundCheck?
    private var unchecked: [CommitBytes] = []

    /// Forgets what an earlier walk kept.
    mutating func startWalk() {
        self = WalkedCommits()
        checker = BackgroundCheck()
    }

    /// Marks the kept commits the other core found good as checked, once it has caught up.
    mutating func finishWalk() {
        guard let checker else { return }
        self.checker = nil
        checker.check(unchecked)
        unchecked = []
        markChecked(checker.takeGood(waiting: true))
    }

    private mutating func markChecked(_ ids: [ObjectID]) {
        for id in ids {
            if let commit = bytesByID[id], !commit.checked {
                bytesByID[id] = CommitBytes(id: id, bytes: commit.bytes, checked: true)
            }
        }
    }

    /// Keeps a commit the walk read, dropping the newest kept when over budget.
    mutating func add(_ commit: CommitBytes) {
        guard bytesByID[commit.id] == nil else { return }
        if let checker, !commit.checked {
            unchecked.append(commit)
            if unchecked.count == BackgroundCheck.batch {
                checker.check(unchecked)
                unchecked = []
                markChecked(checker.takeGood())
            }
        }
        bytesByID[commit.id] = commit
        order.append(commit.id)
        total += commit.bytes.count
        while total > Self.budget, firstKept < order.count {
            if let dropped = bytesByID.removeValue(forKey: order[firstKept]) { total -= dropped.bytes.count }
            firstKept += 1
        }
        // Only the ids of those kept are held.
        if firstKept > 4096 && firstKept * 2 > order.count {
            order.removeFirst(firstKept)
            firstKept = 0
        }
    }

    /// The commit `id` if a walk kept it; each is handed over once.
    mutating func take(_ id: ObjectID) -> CommitBytes? {
        guard let commit = bytesByID.removeValue(forKey: id) else { return nil }
        total -= commit.bytes.count
        if bytesByID.isEmpty { self = WalkedCommits() }
        return commit
    }
}

/// Commits checked against their ids on another thread, in batches, while a walk reads on; the
/// walk collects the ids found good as it goes (so nothing is held for commits it has dropped).
///
/// Unchecked Sendable: `good` and `pending` are read and written only with `lock` held; the rest
/// is immutable or thread-safe itself (the queue).
private final class BackgroundCheck: @unchecked Sendable {
    static let batch = 64
    /// Batches waiting at most: when the other core falls behind (it is busy elsewhere), what it
    /// has no room for is left to be checked where it is used, rather than held in memory.
    static let waiting = 8
    private let queue = DispatchQueue(label: "stet.walk-check", qos: .userInitiated)
    private let lock = NSLock()
    private var good: [ObjectID] = []
    private var pending = 0

    func check(_ commits: [CommitBytes]) {
        guard !commits.isEmpty else { return }
        lock.lock()
        let room = pending < Self.waiting
        if room { pending += 1 }
        lock.unlock()
        guard room else { return }
        queue.async {
            let found = commits.filter { (try? $0.verified()) != nil }.map(\.id)
            self.lock.lock()
            self.good += found
            self.pending -= 1
            self.lock.unlock()
        }
    }

    /// The ids found good since the last call; with `waiting`, once every batch given is checked.
    func takeGood(waiting: Bool = false) -> [ObjectID] {
        if waiting { queue.sync {} }
        lock.lock()
        defer { lock.unlock() }
        let found = good
        good = []
        return found
    }
}

/// A commit's bytes as read from the store, and whether they were checked against its id yet.
public struct CommitBytes: Sendable {
    public let id: ObjectID
    let bytes: [UInt8]
    let checked: Bool

    /// The bytes, once they hash to the id (as `git_odb_read` checks them); on any thread.
    public func verified() throws(GitError) -> [UInt8] {
        guard !checked else { return bytes }
        let hashed = try ObjectID.hash(bytes, kind: .commit)
        guard hashed == id else {
            throw GitError(
                code: GIT_EMISMATCH.rawValue, operation: "read commit \(id.short)",
                message:
                    "the stored object is corrupt (its content hashes to \(hashed.short), not to its id); "
                    + "restore the store from a mirror or backup")
        }
        return bytes
    }
}
