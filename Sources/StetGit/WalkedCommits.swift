/// The commits a first-parent walk read, kept for the reads that follow it.
///
/// A walk runs newest first, and what reads the history then (a replay, an audit export) runs
/// oldest first: the commits the walk read last are the first read after it. Keeping the oldest
/// within a budget, and handing each over once, spares reading those again (inflating a delta
/// chain and hashing the result) without holding a long history in memory. The bytes were
/// checked against their id when the walk read them, and an id fixes its bytes.
struct WalkedCommits {
    /// All of a 10,000-event history (870 bytes a commit), an eighth of a 100,000-event one.
    static let budget = 12 << 20

    private var bytesByID: [ObjectID: [UInt8]] = [:]
    /// In the order walked, newest first; those before `firstKept` were dropped.
    private var order: [ObjectID] = []
    private var firstKept = 0
    private var total = 0

    /// Forgets what an earlier walk kept.
    mutating func startWalk() {
        self = WalkedCommits()
    }

    /// Keeps the commit `id`, read by the walk, dropping the newest kept when over budget.
    mutating func add(_ bytes: [UInt8], id: ObjectID) {
        guard bytesByID[id] == nil else { return }
        bytesByID[id] = bytes
        order.append(id)
        total += bytes.count
        while total > Self.budget, firstKept < order.count {
            if let dropped = bytesByID.removeValue(forKey: order[firstKept]) { total -= dropped.count }
            firstKept += 1
        }
    }

    /// The bytes of the commit `id` if a walk kept them; each is handed over once.
    mutating func take(_ id: ObjectID) -> [UInt8]? {
        guard let bytes = bytesByID.removeValue(forKey: id) else { return nil }
        total -= bytes.count
        if bytesByID.isEmpty { self = WalkedCommits() }
        return bytes
    }
}
