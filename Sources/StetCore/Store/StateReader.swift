import StetGit

/// Read access to one state of the store (one commit's tree), with typed accessors.
protocol StateReader {
    func file(_ path: String) throws(StetError) -> [UInt8]?
    func names(in folder: String) throws(StetError) -> [String]
    /// The state file at `path`, decoded strictly (see `StateCoding.decode`); nil when absent.
    func decoded<T: Codable>(_ type: T.Type, at path: String) throws(StetError) -> T?
    /// Whether there is anything at `path`, read without decoding it.
    func contains(_ path: String) throws(StetError) -> Bool
}

extension StateReader {
    func decoded<T: Codable>(_ type: T.Type, at path: String) throws(StetError) -> T? {
        guard let bytes = try file(path) else { return nil }
        return try StateCoding.decode(T.self, from: bytes, path: path)
    }

    func contains(_ path: String) throws(StetError) -> Bool {
        try file(path) != nil
    }

    func configuration() throws(StetError) -> StoreConfiguration {
        guard let configuration = try decoded(StoreConfiguration.self, at: Layout.configuration) else {
            throw .storeCorrupt("\(Layout.configuration) is missing")
        }
        return configuration
    }

    func user(_ id: String) throws(StetError) -> User? {
        try decoded(User.self, at: Layout.user(id))
    }

    func users() throws(StetError) -> [User] {
        var users: [User] = []
        for name in try names(in: Layout.usersFolder) where name.hasSuffix(".json") {
            if let user = try user(String(name.dropLast(5))) { users.append(user) }
        }
        return users
    }

    func document(_ id: String) throws(StetError) -> Document? {
        try decoded(Document.self, at: Layout.document(id))
    }

    /// Every document id, in order: the documents folder holds shards, each holding documents.
    func documentIDs() throws(StetError) -> [String] {
        var ids: [String] = []
        for shard in try names(in: Layout.documentsFolder) {
            ids += try names(in: Layout.documentsFolder + "/" + shard)
        }
        return ids
    }

    /// The ids of documents that differ from `id` at most in case (its own included), found in
    /// the shards whose names do: ids are matched as people type them, so two may never differ
    /// only in case.
    func documentIDs(matchingIgnoringCase id: String) throws(StetError) -> [String] {
        let upper = id.uppercased()
        let shard = Layout.shard(id).uppercased()
        var found: [String] = []
        for name in try names(in: Layout.documentsFolder) where name.uppercased() == shard {
            found += try names(in: Layout.documentsFolder + "/" + name).filter { $0.uppercased() == upper }
        }
        return found
    }

    func counter(_ type: String) throws(StetError) -> Int {
        guard let bytes = try file(Layout.counter(type)) else { return 0 }
        guard let value = Int(String(decoding: bytes, as: UTF8.self).trimmingNewline) else {
            throw .storeCorrupt("\(Layout.counter(type)) is not a number")
        }
        return value
    }
}

/// Decoded state files by blob id: a blob's bytes never change, so neither does what they
/// decode to. Shared by the states one command reads (a verification reads the same user and
/// configuration files at every event, and each document again at its next event), and bounded
/// by the size of the files remembered, not their number: a large document's decoded history
/// is tens of kilobytes, most documents' a few.
final class DecodedFiles {
    /// Costed by the bytes each value was decoded from (see `GenerationalMemo`).
    private var memo: GenerationalMemo<ObjectID, Any>

    /// `generationBudget`: bytes of encoded files per generation; every document of a
    /// 10,000-document store fits in two.
    init(generationBudget: Int = 16 << 20) { memo = GenerationalMemo(generationBudget: generationBudget) }

    func value<T>(_ id: ObjectID, as type: T.Type) -> T? { memo.value(for: id) as? T }

    /// Remembers `value`, decoded from (or encoded as) `size` bytes with blob id `id`.
    func store(_ value: Any, size: Int, for id: ObjectID) { memo.store(value, cost: size, for: id) }

    /// Forgets the file `id`, which an event replaced: a replay goes forward and does not read it
    /// again, and it would push out the records of documents not touched lately.
    func forget(_ id: ObjectID) { memo.remove(id) }
}

/// The state of a store at one commit, read from its tree.
struct TreeState: StateReader {
    let tree: Tree
    var decodedFiles: DecodedFiles?
    /// The tree is at a head whose history has verified (see `StateCoding.decode`).
    var verified = false

    init(tree: Tree, decodedFiles: DecodedFiles? = nil, verified: Bool = false) {
        self.tree = tree
        self.decodedFiles = decodedFiles
        self.verified = verified
    }

    func decoded<T: Codable>(_ type: T.Type, at path: String) throws(StetError) -> T? {
        guard let decodedFiles else {
            guard let bytes = try file(path) else { return nil }
            return try StateCoding.decode(T.self, from: bytes, path: path, verified: verified)
        }
        guard let entry = try entry(at: path) else { return nil }
        if entry.mode == TreeEntry.fileMode, let known = decodedFiles.value(entry.id, as: T.self) { return known }
        let bytes = try bytes(of: entry, at: path)
        let value = try StateCoding.decode(T.self, from: bytes, path: path, verified: verified)
        decodedFiles.store(value, size: bytes.count, for: entry.id)
        return value
    }

    /// The bytes of the regular file at `path`; a link, submodule or executable there is refused,
    /// never followed or read as if it were Stet's file.
    func file(_ path: String) throws(StetError) -> [UInt8]? {
        guard let entry = try entry(at: path) else { return nil }
        return try bytes(of: entry, at: path)
    }

    /// As `file`, with the id of the blob the bytes were read (and checked) under.
    func fileWithID(_ path: String) throws(StetError) -> (id: ObjectID, bytes: [UInt8])? {
        guard let entry = try entry(at: path) else { return nil }
        return (entry.id, try bytes(of: entry, at: path))
    }

    func contains(_ path: String) throws(StetError) -> Bool {
        try entry(at: path) != nil
    }

    private func entry(at path: String) throws(StetError) -> TreeEntry? {
        do { return try tree.entry(at: path) } catch { throw StetError(error) }
    }

    private func bytes(of entry: TreeEntry, at path: String) throws(StetError) -> [UInt8] {
        do {
            guard entry.mode == TreeEntry.fileMode else {
                throw StetError.storeCorrupt("\(path) is \(entry.modeDescription), not a file (changed outside Stet)")
            }
            if let known = tree.repository.rememberedBlob(entry.id), known.count <= Limits.stateFileSize {
                return known
            }
            guard try tree.repository.objectSize(entry.id) <= Limits.stateFileSize else {
                throw StetError.storeCorrupt("\(path) is larger than any file Stet writes (changed outside Stet)")
            }
            return try tree.repository.blob(entry.id)
        } catch {
            throw StetError(from: error)
        }
    }

    func names(in folder: String) throws(StetError) -> [String] {
        do { return try tree.names(in: folder) } catch { throw StetError(error) }
    }
}

/// The state before a store's first event: nothing at all.
struct EmptyState: StateReader {
    func file(_ path: String) throws(StetError) -> [UInt8]? { nil }
    func names(in folder: String) throws(StetError) -> [String] { [] }
}

extension String {
    var trimmingNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
