import CLibgit2

/// Collects every object a repository writes in memory and stores them as one pack file on
/// `flush`, instead of one loose file each: how a store of a hundred thousand events is built
/// in minutes.
///
/// While it is active, references may point to objects that are only in memory: a crash loses
/// them. It is for building stores from scratch, never for recording real events.
public final class BulkWriter {
    let repository: Repository
    let backend: UnsafeMutablePointer<git_odb_backend>

    /// Routes the repository's object writes to memory until `flush`.
    public init(_ repository: Repository) throws(GitError) {
        self.repository = repository
        var backend: UnsafeMutablePointer<git_odb_backend>?
        try GitError.check(git_mempack_new(&backend), "start in-memory object store")
        var odb: OpaquePointer?
        try GitError.check(git_repository_odb(&odb, repository.handle), "open object database")
        defer { git_odb_free(odb) }
        // Highest priority: new objects land here first, and are read from here until flushed.
        try GitError.check(git_odb_add_backend(odb, backend, 999), "add in-memory object store")
        self.backend = backend!
    }

    /// Writes every object collected so far into one pack (with its index) and empties memory.
    public func flush() throws(GitError) {
        var pack = git_buf()
        defer { git_buf_dispose(&pack) }
        try GitError.check(git_mempack_dump(&pack, repository.handle, backend), "pack objects")
        guard pack.size > 32 else { return }
        var odb: OpaquePointer?
        try GitError.check(git_repository_odb(&odb, repository.handle), "open object database")
        defer { git_odb_free(odb) }
        var writer: UnsafeMutablePointer<git_odb_writepack>?
        try GitError.check(git_odb_write_pack(&writer, odb, nil, nil), "start pack")
        defer { writer?.pointee.free(writer) }
        var progress = git_indexer_progress()
        try GitError.check(writer!.pointee.append(writer, pack.ptr, pack.size, &progress), "write pack")
        try GitError.check(writer!.pointee.commit(writer, &progress), "index pack")
        try GitError.check(git_mempack_reset(backend), "empty in-memory object store")
    }
}
