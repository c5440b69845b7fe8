/// The larger blobs a repository read lately, by id, within a byte budget: a blob id fixes its
/// bytes, so an entry is never stale. Content is read again and written again a few events
/// later (a draft issued as a version and its effective copy): found here, it is neither
/// inflated and hashed again on reading nor hashed again on writing.
struct BlobMemo {
    /// Enough for the content of a few thousand events on a store of 20 KB documents.
    static let budget = 32 << 20
    /// Below this, hashing costs less than looking, and the memo would fill with small files.
    static let smallest = 1024

    private var bytesByID: [ObjectID: [UInt8]] = [:]
    private var idsBySize: [Int: [ObjectID]] = [:]
    /// Oldest first, from `oldest`: the order they are dropped in.
    private var order: [ObjectID] = []
    private var oldest = 0
    private var total = 0

    func bytes(of id: ObjectID) -> [UInt8]? { bytesByID[id] }

    func id(of bytes: [UInt8]) -> ObjectID? {
        guard bytes.count >= Self.smallest, let candidates = idsBySize[bytes.count] else { return nil }
        return candidates.first { bytesByID[$0] == bytes }
    }

    mutating func add(_ bytes: [UInt8], id: ObjectID) {
        guard bytes.count >= Self.smallest, bytes.count <= Self.budget / 8, bytesByID[id] == nil else { return }
        bytesByID[id] = bytes
        idsBySize[bytes.count, default: []].append(id)
        order.append(id)
        total += bytes.count
        while total > Self.budget { dropOldest() }
    }

    private mutating func dropOldest() {
        let id = order[oldest]
        oldest += 1
        if let bytes = bytesByID.removeValue(forKey: id) {
            total -= bytes.count
            idsBySize[bytes.count]?.removeAll { $0 == id }
            if idsBySize[bytes.count]?.isEmpty == true { idsBySize[bytes.count] = nil }
        }
        if oldest > 4096 && oldest * 2 > order.count {
            order.removeFirst(oldest)
            oldest = 0
        }
    }
}
