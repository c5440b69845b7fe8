import StetGit

/// The store's history in the order it happened.
///
/// Git links each commit to its parent only, so the natural walk runs newest first. One walk
/// keeps every id (20 bytes an event: 2 MB for 100,000), then the ids are handed over oldest
/// first, a segment at a time. (Keeping one id per segment and walking each segment again held
/// less, but read every commit twice before the caller read it a third time.)
struct EventChain {
    let repository: Repository
    let head: ObjectID
    /// Where to start: the commits after this one (nil: from the root).
    var after: ObjectID?
    var segment = 4096
    /// Given each commit as the walk reads it, newest first (see `Repository.walkFirstParents`).
    var reading: ((CommitBytes) -> Void)?

    /// Calls `body` with every commit id from the root (or the one after `after`) to `head`;
    /// returns false when `after` was given and is not in the history.
    @discardableResult
    func forEachOldestFirst(_ body: (ObjectID) throws(StetError) -> Void) throws(StetError) -> Bool {
        try forEachSegmentOldestFirst { segment throws(StetError) in
            for id in segment { try body(id) }
        }
    }

    /// As `forEachOldestFirst`, a segment of up to `segment` commits at a time, in order: for
    /// work done on a whole run of commits at once (their signatures, on every core).
    @discardableResult
    func forEachSegmentOldestFirst(_ body: ([ObjectID]) throws(StetError) -> Void) throws(StetError) -> Bool {
        var ids: [ObjectID] = []
        var reached = after == nil
        try repository.walkFirstParents(from: head, reading: reading) { id throws(StetError) in
            if id == after {
                reached = true
                return false
            }
            ids.append(id)
            return true
        }
        guard reached else { return false }
        var end = ids.count
        while end > 0 {
            let start = max(0, end - segment)
            try body(ids[start..<end].reversed())
            end = start
        }
        return true
    }
}
