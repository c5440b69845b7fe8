import StetGit

/// Read access to one state of the store (one commit's tree), with typed accessors.
protocol StateReader {
    func file(_ path: String) throws(StetError) -> [UInt8]?
    func names(in folder: String) throws(StetError) -> [String]
}

extension StateReader {
    func configuration() throws(StetError) -> StoreConfiguration {
        guard let bytes = try file(Layout.configuration) else {
            throw .storeCorrupt("\(Layout.configuration) is missing")
        }
        return try StateCoding.decode(StoreConfiguration.self, from: bytes, path: Layout.configuration)
    }

    func user(_ id: String) throws(StetError) -> User? {
        guard let bytes = try file(Layout.user(id)) else { return nil }
        return try StateCoding.decode(User.self, from: bytes, path: Layout.user(id))
    }

    func users() throws(StetError) -> [User] {
        var users: [User] = []
        for name in try names(in: Layout.usersFolder) where name.hasSuffix(".json") {
            if let user = try user(String(name.dropLast(5))) { users.append(user) }
        }
        return users
    }

    func document(_ id: String) throws(StetError) -> Document? {
        guard let bytes = try file(Layout.document(id)) else { return nil }
        return try StateCoding.decode(Document.self, from: bytes, path: Layout.document(id))
    }

    /// Every document id, in order: the documents folder holds shards, each holding documents.
    func documentIDs() throws(StetError) -> [String] {
        var ids: [String] = []
        for shard in try names(in: Layout.documentsFolder) {
            ids += try names(in: Layout.documentsFolder + "/" + shard)
        }
        return ids
    }

    func counter(_ type: String) throws(StetError) -> Int {
        guard let bytes = try file(Layout.counter(type)) else { return 0 }
        guard let value = Int(String(decoding: bytes, as: UTF8.self).trimmingNewline) else {
            throw .storeCorrupt("\(Layout.counter(type)) is not a number")
        }
        return value
    }
}

/// The state of a store at one commit, read from its tree.
struct TreeState: StateReader {
    let tree: Tree

    /// The bytes of the regular file at `path`; a link, submodule or executable there is refused,
    /// never followed or read as if it were Stet's file.
    func file(_ path: String) throws(StetError) -> [UInt8]? {
        do {
            guard let entry = try tree.entry(at: path) else { return nil }
            guard entry.mode == TreeEntry.fileMode else {
                throw StetError.storeCorrupt("\(path) is \(entry.modeDescription), not a file (changed outside Stet)")
            }
            return try tree.repository.blob(entry.id)
        } catch let error as StetError {
            throw error
        } catch let error as GitError {
            throw StetError(error)
        } catch {
            throw .repository(String(describing: error))
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
