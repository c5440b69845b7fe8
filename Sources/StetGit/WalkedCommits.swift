import CLibgit2

/// The commits a first-parent walk read, kept for the reads that follow it.
///
/// A walk runs newest first, and what reads the history then (a replay, an audit export) runs
/// oldest first: the commits the walk read last are the first read after it. Keeping the oldest
/// within a budget, and handing each over once, spares reading those again (inflating a delta
/// chain) without holding a long history in memory. The walk does not hash what it reads: each
/// commit is checked against its id where it is used (`CommitBytes.verified`).
struct WalkedCommits {
    /// Most of a 10,000-event history (870 bytes a commit), a tenth of a 100,000-event one: what
    /// an audit of 100,000 events may add to its peak memory.
    static let budget = 8 << 20

    private var bytesByID: [ObjectID: CommitBytes] = [:]
    /// In the order walked, newest first; those before `firstKept` were dropped.
    private var order: [ObjectID] = []
    private var firstKept = 0
    private var total = 0

    /// Forgets what an earlier walk kept.
    mutating func startWalk() {
        self = WalkedCommits()
    }

    /// Keeps a commit the walk read, dropping the newest kept when over budget.
    mutating func add(_ commit: CommitBytes) {
        guard bytesByID[commit.id] == nil else { return }
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
