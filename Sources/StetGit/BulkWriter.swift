import CLibgit2

/// Keeps every object a repository writes in memory and stores them as one pack file on each
/// `flush`: how a store of a hundred thousand events is built in minutes, instead of leaving
/// millions of small files.
///
/// Until a flush, references may point to objects that exist only in memory: a crash loses
/// them. It is for building throwaway stores, never for recording real events.
public final class BulkWriter {
    let repository: Repository
    let backend: UnsafeMutablePointer<git_odb_backend>
    private var pending: [ObjectID] = []

    /// Routes the repository's object writes to memory until `flush`.
    public init(_ repository: Repository) throws(GitError) {
        self.repository = repository
        var backend: UnsafeMutablePointer<git_odb_backend>?
        try GitError.check(git_mempack_new(&backend), "start in-memory object store")
        var odb: OpaquePointer?
        try GitError.check(git_repository_odb(&odb, repository.handle), "open object database")
        defer { git_odb_free(odb) }
        // Highest priority: new objects land here, and are read from here until flushed.
        try GitError.check(git_odb_add_backend(odb, backend, 999), "add in-memory object store")
        self.backend = backend!
    }

    /// Notes the objects `commit` added over its first parent: the commit, and the trees and
    /// files that differ. (libgit2's own dump walks every tree of every commit instead.)
    public func add(commit: ObjectID) throws(GitError) {
        let current = try repository.commit(commit)
        let parentTree = try current.parentIDs.first.map { id throws(GitError) in try repository.commit(id).treeID }
        pending.append(commit)
        try collect(parentTree, current.treeID)
    }

    private func collect(_ old: ObjectID?, _ new: ObjectID) throws(GitError) {
        guard old != new else { return }
        pending.append(new)
        let oldEntries = try old.map { id throws(GitError) in try repository.tree(id).rawEntries() } ?? []
        let before = Dictionary(oldEntries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for entry in try repository.tree(new).rawEntries() where before[entry.name]?.id != entry.id {
            if entry.isFolder {
                try collect(before[entry.name].flatMap { $0.isFolder ? $0.id : nil }, entry.id)
            } else {
                pending.append(entry.id)
            }
        }
    }

    /// Writes the objects noted so far into one pack (with its index) and empties memory.
    public func flush() throws(GitError) {
        guard !pending.isEmpty else { return }
        var builder: OpaquePointer?
        try GitError.check(git_packbuilder_new(&builder, repository.handle), "start pack")
        defer { git_packbuilder_free(builder) }
        git_packbuilder_set_threads(builder, 0)
        for id in pending {
            var oid = id.raw
            // One object at a time: inserting a commit or a tree would walk everything it reaches.
            try GitError.check(git_packbuilder_insert(builder, &oid, nil), "add object to pack")
        }
        try GitError.check(git_packbuilder_write(builder, repository.path + "/objects/pack", 0, nil, nil), "write pack")
        try GitError.check(git_mempack_reset(backend), "empty in-memory object store")
        var odb: OpaquePointer?
        try GitError.check(git_repository_odb(&odb, repository.handle), "open object database")
        defer { git_odb_free(odb) }
        try GitError.check(git_odb_refresh(odb), "find new pack")
        pending.removeAll()
    }
}
