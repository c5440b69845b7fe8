import CLibgit2

/// An open tree, for reading the files and folders in it; frees its handle when released.
public final class Tree {
    let handle: OpaquePointer
    public let repository: Repository

    init(handle: OpaquePointer, repository: Repository) {
        self.handle = handle
        self.repository = repository
    }

    deinit { git_tree_free(handle) }

    /// The tree's own id.
    public var id: ObjectID { ObjectID(git_tree_id(handle).pointee) }

    /// The id of the object at `path` ("a/b/c"), or nil when there is none.
    public func entryID(at path: String) throws(GitError) -> ObjectID? {
        try entry(at: path)?.id
    }

    /// The names of the entries in the folder at `path` ("" for the top), sorted as git sorts them.
    public func names(in path: String) throws(GitError) -> [String] {
        if path.isEmpty { return Self.names(of: handle) }
        guard let entry = try entry(at: path), entry.isFolder else { return [] }
        return try repository.entries(ofTree: entry.id).map(\.name)
    }

    /// The entries of this tree exactly as stored: raw modes, and any duplicates or disorder kept.
    public func rawEntries() -> [TreeEntry] {
        (0..<git_tree_entrycount(handle)).compactMap { index in
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

    private static func names(of tree: OpaquePointer) -> [String] {
        (0..<git_tree_entrycount(tree)).compactMap { index in
            git_tree_entry_byindex(tree, index).flatMap { git_tree_entry_name($0) }.map { String(cString: $0) }
        }
    }
}
