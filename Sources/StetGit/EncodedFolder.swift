/// A folder (a git tree) as Stet encodes it: its bytes, and where each entry starts in them.
///
/// This is how folders are remembered by tree id and how a replay derives each event's
/// folders: an event changes one or two entries of folders of a hundred, and the new folder is
/// the old one's bytes with those entries cut out and spliced in, not every entry encoded again.
/// The bytes are always the canonical encoding (`ObjectEncoding.tree(_:)`) of the entries.
public struct EncodedFolder: Sendable {
    /// The tree object's bytes: entries in git's order, each `<octal mode> <name>\0<20-byte id>`.
    public let bytes: [UInt8]
    /// Where each entry starts in `bytes`, then where the last one ends.
    private let bounds: [UInt32]
    /// Whether names can be found by binary search in git's order: no name holds a `/` or a NUL
    /// (only a crafted stored tree can), with which that order is not consistent.
    private let searchable: Bool

    private init(bytes: [UInt8], bounds: [UInt32], searchable: Bool) {
        self.bytes = bytes
        self.bounds = bounds
        self.searchable = searchable
    }

    /// The canonical encoding of `entries`, put in git's order when they are not (equal names
    /// keep the order given).
    public init(_ entries: [TreeEntry]) {
        var inOrder = true
        for index in entries.indices.dropFirst() where !ObjectEncoding.gitOrder(entries[index - 1], entries[index]) {
            inOrder = false
            break
        }
        let ordered =
            inOrder
            ? entries
            : entries.enumerated().sorted { left, right in
                ObjectEncoding.gitOrder(left.element, right.element)
                    || (!ObjectEncoding.gitOrder(right.element, left.element) && left.offset < right.offset)
            }.map(\.element)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ordered.count * 48)
        var bounds: [UInt32] = [0]
        bounds.reserveCapacity(ordered.count + 1)
        var searchable = true
        for index in ordered.indices {
            Self.append(ordered[index], to: &bytes, searchable: &searchable)
            bounds.append(UInt32(bytes.count))
        }
        self.init(bytes: bytes, bounds: bounds, searchable: searchable)
    }

    /// The folder with no entries.
    public static let empty = EncodedFolder([])

    public var count: Int { bounds.count - 1 }

    public var isEmpty: Bool { bounds.count == 1 }

    /// The entries, in git's order.
    public var entries: [TreeEntry] { (0..<count).map(entry(at:)) }

    /// The names, in git's order.
    public var names: [String] {
        (0..<count).map { index in
            bytes.withUnsafeBufferPointer { String(decoding: $0[nameRange(index)], as: UTF8.self) }
        }
    }

    /// The entry at `index` (in git's order).
    public func entry(at index: Int) -> TreeEntry {
        bytes.withUnsafeBufferPointer { all in
            let names = nameRange(index)
            var mode: UInt32 = 0
            for digit in all[Int(bounds[index])..<names.lowerBound - 1] { mode = mode << 3 | UInt32(digit &- 0x30) }
            return TreeEntry(
                name: String(decoding: all[names], as: UTF8.self), mode: mode,
                id: ObjectID(
                    rawBytes: UnsafeRawBufferPointer(
                        UnsafeBufferPointer(rebasing: all[names.upperBound + 1..<Int(bounds[index + 1])]))))
        }
    }

    /// The first entry named `name` (given as its UTF-8 bytes); nil when there is none.
    func index(named name: UnsafeBufferPointer<UInt8>) -> Int? {
        guard searchable else { return (0..<count).first { isNamed($0, name) } }
        // As a file, then as a folder: a file comes first in git's order.
        let asFile = lowerBound(name, isFolder: false)
        if asFile < count && isNamed(asFile, name) { return asFile }
        let asFolder = lowerBound(name, isFolder: true)
        return asFolder < count && isNamed(asFolder, name) ? asFolder : nil
    }

    /// Every entry named `name`, in order (a stored folder may hold a name twice).
    private func indices(named name: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard searchable else { return (0..<count).filter { isNamed($0, name) } }
        var found: [Int] = []
        var index = lowerBound(name, isFolder: false)
        while index < count && isNamed(index, name) {
            found.append(index)
            index += 1
        }
        // The folders of the name, unless the files' run already reached them.
        index = max(index, lowerBound(name, isFolder: true))
        while index < count && isNamed(index, name) {
            found.append(index)
            index += 1
        }
        return found
    }

    private func isNamed(_ index: Int, _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        let names = nameRange(index)
        return names.count == name.count && bytes.withUnsafeBufferPointer { $0[names].elementsEqual(name) }
    }

    /// The first entry named `name`; nil when there is none.
    public func index(named name: String) -> Int? {
        var name = name
        return name.withUTF8 { index(named: $0) }
    }

    /// This folder with every entry named in `removing` taken out and `adding` (in git's order,
    /// none named as another) put in: the bytes between the changes are copied, not re-encoded.
    func replacing(_ removing: [String], with adding: [TreeEntry]) -> EncodedFolder {
        var dropped: [Int] = []
        for var name in removing { dropped += name.withUTF8 { indices(named: $0) } }
        dropped.sort()
        var searchable = searchable
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + adding.count * 48)
        var resultBounds: [UInt32] = [0]
        resultBounds.reserveCapacity(count + adding.count + 1)
        var next = 0
        var nextDropped = 0
        // Copies the kept entries before `end`, a run of neighbours at a time.
        func copyEntries(upTo end: Int) {
            while next < end {
                while nextDropped < dropped.count && dropped[nextDropped] < next { nextDropped += 1 }
                if nextDropped < dropped.count && dropped[nextDropped] == next {
                    next += 1
                    continue
                }
                let runEnd = nextDropped < dropped.count ? min(end, dropped[nextDropped]) : end
                let shift = Int64(result.count) - Int64(bounds[next])
                for index in next + 1...runEnd { resultBounds.append(UInt32(Int64(bounds[index]) + shift)) }
                result += bytes[Int(bounds[next])..<Int(bounds[runEnd])]
                next = runEnd
            }
        }
        for entry in adding {
            var name = entry.name
            copyEntries(upTo: name.withUTF8 { lowerBound($0, isFolder: entry.isFolder) })
            Self.append(entry, to: &result, searchable: &searchable)
            resultBounds.append(UInt32(result.count))
        }
        copyEntries(upTo: count)
        return EncodedFolder(bytes: result, bounds: resultBounds, searchable: searchable)
    }

    /// How many entries come before an entry named `name` (a folder or not) in git's order.
    private func lowerBound(_ name: UnsafeBufferPointer<UInt8>, isFolder: Bool) -> Int {
        bytes.withUnsafeBufferPointer { all in
            var low = 0
            var high = count
            while low < high {
                let middle = (low + high) / 2
                let before = ObjectEncoding.gitOrder(
                    UnsafeBufferPointer(rebasing: all[nameRange(middle)]), self.isFolder(all, middle), name, isFolder)
                if before { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    /// Where the name of entry `index` lies in `bytes`: after the mode and its space, before
    /// the NUL and the 20-byte id.
    private func nameRange(_ index: Int) -> Range<Int> {
        // The mode is octal digits, so its end is the entry's first space. (Not found by its
        // length: a stored tree may hold a mode of any number of digits, and a name may begin
        // with a space.)
        var space = Int(bounds[index])
        while bytes[space] != 0x20 { space += 1 }
        return space + 1..<Int(bounds[index + 1]) - 21
    }

    /// Whether entry `index` has the folder mode (`40000`).
    private func isFolder(_ all: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let start = Int(bounds[index])
        return all[start] == 0x34 && all[start + 5] == 0x20 && all[start + 1] == 0x30 && all[start + 2] == 0x30
            && all[start + 3] == 0x30 && all[start + 4] == 0x30
    }

    /// Appends one entry's encoding; clears `searchable` for a name with a `/` or a NUL.
    static func append(_ entry: TreeEntry, to bytes: inout [UInt8], searchable: inout Bool) {
        // The two modes Stet writes, without formatting a number for every entry.
        switch entry.mode {
        case TreeEntry.fileMode: bytes.append(contentsOf: [0x31, 0x30, 0x30, 0x36, 0x34, 0x34, 0x20])
        case TreeEntry.folderMode: bytes.append(contentsOf: [0x34, 0x30, 0x30, 0x30, 0x30, 0x20])
        default:
            bytes += String(entry.mode, radix: 8).utf8
            bytes.append(0x20)
        }
        let nameStart = bytes.count
        bytes += entry.name.utf8
        if bytes[nameStart...].contains(where: { $0 == UInt8(ascii: "/") || $0 == 0 }) { searchable = false }
        bytes.append(0)
        entry.id.appendBytes(to: &bytes)
    }
}
