import StetGit

/// The store's history in the order it happened, read with bounded memory.
///
/// Git links each commit to its parent only, so the natural walk runs newest first. To go
/// oldest first without holding every id, a first pass keeps one id in every `segment`, and a
/// second pass replays the segments from the oldest, each reversed in a small buffer.
struct EventChain {
    let repository: Repository
    let head: ObjectID
    /// Where to start: the commits after this one (nil: from the root).
    var after: ObjectID?
    var segment = 4096

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
        var checkpoints: [ObjectID] = []
        var position = 0
        var reached = after == nil
        try repository.walkFirstParents(from: head) { id throws(StetError) in
            if id == after {
                reached = true
                return false
            }
            if position % segment == 0 { checkpoints.append(id) }
            position += 1
            return true
        }
        guard reached else { return false }
        var buffer: [ObjectID] = []
        buffer.reserveCapacity(segment)
        for checkpoint in checkpoints.reversed() {
            buffer.removeAll(keepingCapacity: true)
            try repository.walkFirstParents(from: checkpoint) { id throws(StetError) in
                guard id != after else { return false }
                buffer.append(id)
                return buffer.count < segment
            }
            try body(buffer.reversed())
        }
        return true
    }
}
