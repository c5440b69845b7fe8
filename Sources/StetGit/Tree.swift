import CLibgit2

/// A tree, for reading the files and folders in it.
///
/// Its entries are read through the repository's remembered folders; libgit2's handle is
/// opened only for what those cannot answer, and freed when the tree is released.
public final class Tree {
    /// The tree's own id.
    public let id: ObjectID
    public let repository: Repository
    private var opened: OpaquePointer?

    init(handle: OpaquePointer, repository: Repository) {
        opened = handle
        id = ObjectID(git_tree_id(handle).pointee)
        self.repository = repository
    }

    /// A tree whose entries the repository remembers: nothing is read until something asks for more.
    init(remembered id: ObjectID, repository: Repository) {
        self.id = id
        self.repository = repository
    }

    deinit { if let opened { git_tree_free(opened) } }

    private func handle() throws(GitError) -> OpaquePointer {
        if let opened { return opened }
        var oid = id.raw
        var tree: OpaquePointer?
        try GitError.check(git_tree_lookup(&tree, repository.handle, &oid), "read tree \(id.short)")
        opened = tree
        return tree!
    }

    /// The id of the object at `path` ("a/b/c"), or nil when there is none.
    public func entryID(at path: String) throws(GitError) -> ObjectID? {
        try entry(at: path)?.id
    }

    /// The names of the entries in the folder at `path` ("" for the top), sorted as git sorts them.
    public func names(in path: String) throws(GitError) -> [String] {
        if path.isEmpty { return try repository.folder(ofTree: id).names }
        guard let entry = try entry(at: path), entry.isFolder else { return [] }
        return try repository.folder(ofTree: entry.id).names
    }

    /// The entries of this tree exactly as stored: raw modes, and any duplicates or disorder kept.
    public func rawEntries() throws(GitError) -> [TreeEntry] {
        let handle = try handle()
        return (0..<git_tree_entrycount(handle)).compactMap { index in
            guard let entry = git_tree_entry_byindex(handle, index), let name = git_tree_entry_name(entry) else {
                return nil
            }
            return TreeEntry(
                name: String(cString: name), mode: UInt32(git_tree_entry_filemode_raw(entry).rawValue),
                id: ObjectID(git_tree_entry_id(entry).pointee))
        }
    }

    /// The entry at `path` ("a/b/c") with its raw mode, or nil when there is none.
    ///
    /// Read through the repository's remembered folders (see `Repository.entries(ofTree:)`).
    public func entry(at path: String) throws(GitError) -> TreeEntry? {
        try repository.entry(at: path, inTree: id)
    }
}

extension String {
    /// The names along a path inside a tree ("a/b/c"), empty ones kept: split as bytes, since
    /// every file a replay reads or writes is looked up by its path.
    var pathComponents: [String] {
        var path = self
        return path.withUTF8 { bytes in
            var components: [String] = []
            var start = 0
            for index in bytes.indices where bytes[index] == UInt8(ascii: "/") {
                components.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                start = index + 1
            }
            components.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return components
        }
    }
}
