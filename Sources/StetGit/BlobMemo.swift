#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The blobs a repository read or derived lately, by id, within a byte budget: a blob id fixes
/// its bytes, so an entry is never stale. Content is read again and written again a few events
/// later (a draft issued as a version and its effective copy, a document's latest-event file):
/// found here, it is neither inflated and hashed again on reading nor hashed again on writing.
struct BlobMemo {
    /// Enough for the content of a few thousand events on a store of 20 KB documents.
    static let budget = 32 << 20
    /// Below this, hashing costs less than looking bytes up by their size.
    static let smallest = 1024

    /// Each with the serial number it was added under: an id forgotten and added again has a
    /// new place in `order`, and its old place does not drop it.
    private var bytesByID: [ObjectID: (bytes: [UInt8], serial: Int)] = [:]
    private var idsBySize: [Int: [ObjectID]] = [:]
    /// Oldest first, from `oldest`: the order they are dropped in.
    private var order: [(id: ObjectID, serial: Int)] = []
    private var oldest = 0
    private var serial = 0
    private var total = 0

    func bytes(of id: ObjectID) -> [UInt8]? { bytesByID[id]?.bytes }

    func id(of bytes: [UInt8]) -> ObjectID? {
        guard bytes.count >= Self.smallest, let candidates = idsBySize[bytes.count] else { return nil }
        return candidates.first { candidate in
            bytesByID[candidate].map(\.bytes).map { known in
                known.withUnsafeBytes { a in
                    bytes.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
                }
            } ?? false
        }
    }

    /// Keeps `bytes` as the blob `id`; `findableByContent`: content read from the store, which
    /// may be written again (a state file derived here is new, and is only looked up by id).
    mutating func add(_ bytes: [UInt8], id: ObjectID, findableByContent: Bool) {
        guard bytes.count <= Self.budget / 8, bytesByID[id] == nil else { return }
        serial += 1
        bytesByID[id] = (bytes, serial)
        if findableByContent && bytes.count >= Self.smallest { idsBySize[bytes.count, default: []].append(id) }
        order.append((id, serial))
        total += bytes.count
        while total > Self.budget { dropOldest() }
        // Places left by blobs forgotten: dropped once they outnumber the blobs kept.
        if order.count - oldest > 2 * bytesByID.count + 4096 {
            order = order[oldest...].filter { bytesByID[$0.id]?.serial == $0.serial }
            oldest = 0
        }
    }

    /// Forgets `id` (its place in `order` is passed over when it comes up).
    mutating func remove(_ id: ObjectID) {
        guard let removed = bytesByID.removeValue(forKey: id) else { return }
        total -= removed.bytes.count
        idsBySize[removed.bytes.count]?.removeAll { $0 == id }
        if idsBySize[removed.bytes.count]?.isEmpty == true { idsBySize[removed.bytes.count] = nil }
    }

    /// Whether `id` is kept (for tests).
    func contains(_ id: ObjectID) -> Bool { bytesByID[id] != nil }

    private mutating func dropOldest() {
        let place = order[oldest]
        oldest += 1
        if bytesByID[place.id]?.serial == place.serial { remove(place.id) }
        if oldest > 4096 && oldest * 2 > order.count {
            order.removeFirst(oldest)
            oldest = 0
        }
    }
}
