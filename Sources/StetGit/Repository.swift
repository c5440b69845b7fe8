import CLibgit2

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open bare git repository; frees its libgit2 handle when released.
///
/// One repository is used by one thread at a time, as libgit2 requires.
public final class Repository {
    let handle: OpaquePointer
    /// The repository's folder.
    public let path: String
    /// What the run using this handle keeps between events, lent by it (`remembering`); nil for
    /// a command that reads a few files once.
    public var memo: ObjectMemo?
    /// Without a memo, the last folders read: a command reading many files by path (the
    /// register, a document's versions) walks the same top folders each time. A short list
    /// searched in order, not a table: a fresh process pays for every hashed table it builds.
    private var recentFolders: [(id: ObjectID, folder: EncodedFolder)] = []
    static let recentFolderCount = 8
    /// The oldest commits the last walk read (see `WalkedCommits`).
    private var walkedCommits = WalkedCommits()

    private init(handle: OpaquePointer, path: String) {
        self.handle = handle
        self.path = path
    }

    deinit { git_repository_free(handle) }

    /// Creates a new bare repository whose HEAD names `initialBranch`; fails if one is there.
    public static func createBare(at path: String, initialBranch: String) throws(GitError) -> Repository {
        try Libgit2.ensureInitialized()
        var options = git_repository_init_options()
        try GitError.check(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            "prepare repository options")
        options.flags =
            GIT_REPOSITORY_INIT_BARE.rawValue | GIT_REPOSITORY_INIT_MKPATH.rawValue
            | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        var handle: OpaquePointer?
        let code = initialBranch.withCString { branch -> Int32 in
            options.initial_head = branch
            return git_repository_init_ext(&handle, path, &options)
        }
        try GitError.check(code, "create repository at \(path)")
        return Repository(handle: handle!, path: path)
    }

    /// Opens the bare repository at exactly `path`, without searching parent folders.
    public static func openBare(at path: String) throws(GitError) -> Repository {
        try Libgit2.ensureInitialized()
        var handle: OpaquePointer?
        try GitError.check(git_repository_open_bare(&handle, path), "open repository at \(path)")
        return Repository(handle: handle!, path: path)
    }

    /// Runs `body` with a memo lent to this handle (the one already lent, or a new one), taken
    /// back after: a replay, an export or an import keeps folders and blobs from event to event.
    public func remembering<Result, Failure: Error>(
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        guard memo == nil else { return try body() }
        memo = ObjectMemo()
        defer { memo = nil }
        return try body()
    }

    // MARK: References

    /// The commit a reference points to, or nil when the reference does not exist.
    public func target(ofReference name: String) throws(GitError) -> ObjectID? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, handle, name)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(code, "read reference \(name)")
        return ObjectID(oid)
    }

    /// Moves `name` to `newTarget` only if it still points to `expected` (nil: only if it does not exist).
    ///
    /// This is the single compare-and-swap that publishes an event: on a lost race libgit2
    /// answers `GIT_EMODIFIED` (or `GIT_EEXISTS` / `GIT_ELOCKED`) and nothing changes.
    public func updateReference(
        _ name: String, to newTarget: ObjectID, expected: ObjectID?, logMessage: String
    ) throws(GitError) {
        var reference: OpaquePointer?
        var target = newTarget.raw
        let code: Int32
        if let expected {
            var old = expected.raw
            code = git_reference_create_matching(&reference, handle, name, &target, 1, &old, logMessage)
        } else {
            code = git_reference_create(&reference, handle, name, &target, 0, logMessage)
        }
        if let reference { git_reference_free(reference) }
        try GitError.check(code, "update reference \(name)")
    }

    // MARK: Objects

    /// Reads a commit's fields; nothing is kept open.
    public func commit(_ id: ObjectID) throws(GitError) -> Commit {
        var oid = id.raw
        var commit: OpaquePointer?
        try GitError.check(git_commit_lookup(&commit, handle, &oid), "read commit \(id.short)")
        defer { git_commit_free(commit) }
        return Commit(handle: commit!, id: id)
    }

    /// A commit's exact bytes and fields, read once; nil when its headers are not the plain
    /// ones git writes (read it with `commit(_:)`, which names what is wrong).
    public func storedCommit(_ id: ObjectID) throws(GitError) -> StoredCommit? {
        try StoredCommit(checking: try commitBytes(id))
    }

    /// The commit `id` as the last walk read it, if it kept it (handed over once); nil otherwise.
    public func walkedCommit(_ id: ObjectID) -> CommitBytes? { walkedCommits.take(id) }

    /// A commit's bytes as stored, to be checked against its id (`CommitBytes.verified`) where
    /// they are used, on any thread. Most often kept from the walk that ordered the history.
    public func commitBytes(_ id: ObjectID) throws(GitError) -> CommitBytes {
        if let walked = walkedCommits.take(id) { return walked }
        let (type, bytes) = try readObject(id, "read commit \(id.short)")
        guard type == GIT_OBJECT_COMMIT else {
            throw GitError(
                code: GIT_EINVALIDSPEC.rawValue, operation: "read commit \(id.short)", message: "it is not a commit")
        }
        return CommitBytes(id: id, bytes: bytes, checked: true)
    }

    /// Opens a tree for reading paths in it.
    public func tree(_ id: ObjectID) throws(GitError) -> Tree {
        var oid = id.raw
        var tree: OpaquePointer?
        try GitError.check(git_tree_lookup(&tree, handle, &oid), "read tree \(id.short)")
        return Tree(handle: tree!, repository: self)
    }

    /// The tree `id` for reading: when its entries are remembered (it was derived or read here)
    /// nothing is read now, so a replay's state before each event costs no lookup.
    public func rememberedTree(_ id: ObjectID) throws(GitError) -> Tree {
        memo?.folders.value(for: id) != nil ? Tree(remembered: id, repository: self) : try tree(id)
    }

    /// The entries of the tree `id`, in git's order (see `folder(ofTree:)`).
    public func entries(ofTree id: ObjectID) throws(GitError) -> [TreeEntry] { try folder(ofTree: id).entries }

    /// The tree `id` as Stet encodes its entries: in git's order, and canonical, whatever the
    /// stored object's order or spelling (which `Tree.rawEntries` keeps).
    func folder(ofTree id: ObjectID) throws(GitError) -> EncodedFolder {
        if let memo {
            if let known = memo.folders.value(for: id) { return known }
        } else if let known = recentFolders.first(where: { $0.id == id }) {
            return known.folder
        }
        let folder = EncodedFolder(try tree(id).rawEntries())
        remember(folder, forTree: id)
        return folder
    }

    /// Forgets the folder of tree `id`, which a derivation replaced: a replay goes forward and
    /// does not read it again (if anything does, it is read from the store).
    func forgetFolder(ofTree id: ObjectID) {
        memo?.folders.remove(id)
        recentFolders.removeAll { $0.id == id }
    }

    /// Keeps `folder` as the tree `id`, whose entries it must hold.
    func remember(_ folder: EncodedFolder, forTree id: ObjectID) {
        if let memo {
            memo.folders.store(folder, cost: folder.count + 1, for: id)
        } else {
            if recentFolders.count == Self.recentFolderCount { recentFolders.removeFirst() }
            recentFolders.append((id, folder))
        }
    }

    /// The entry at `path` ("a/b/c") under the tree `root`, with its raw mode; nil when there is none.
    public func entry(at path: String, inTree root: ObjectID) throws(GitError) -> TreeEntry? {
        var path = path
        // Walked as bytes: every file a replay reads is looked up by its path.
        return try path.withUTF8 { path -> Result<TreeEntry?, GitError> in
            var start = 0
            var tree = root
            while true {
                var end = start
                while end < path.count && path[end] != UInt8(ascii: "/") { end += 1 }
                guard end > start else { return .success(nil) }
                let folder: EncodedFolder
                do throws(GitError) { folder = try self.folder(ofTree: tree) } catch { return .failure(error) }
                guard let index = folder.index(named: UnsafeBufferPointer(rebasing: path[start..<end])) else {
                    return .success(nil)
                }
                let entry = folder.entry(at: index)
                if end == path.count { return .success(entry) }
                guard entry.isFolder else { return .success(nil) }
                tree = entry.id
                start = end + 1
            }
        }.get()
    }

    /// The bytes of a blob.
    public func blob(_ id: ObjectID) throws(GitError) -> [UInt8] {
        if let known = memo?.blobs.bytes(of: id) { return known }
        var oid = id.raw
        var blob: OpaquePointer?
        try GitError.check(git_blob_lookup(&blob, handle, &oid), "read blob \(id.short)")
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return [] }
        let bytes = Array(UnsafeRawBufferPointer(start: content, count: size))
        memo?.blobs.add(bytes, id: id, findableByContent: true)
        return bytes
    }

    /// The bytes of the blob `id` when it was read or derived lately; nil when it was not.
    public func rememberedBlob(_ id: ObjectID) -> [UInt8]? { memo?.blobs.bytes(of: id) }

    /// Keeps bytes read under `id` and checked against it (here or by another handle on the
    /// same repository), as if read here.
    public func rememberReadBlob(_ bytes: [UInt8], id: ObjectID) {
        memo?.blobs.add(bytes, id: id, findableByContent: true)
    }

    /// Forgets the blob `id`, which a derivation replaced (see `forgetFolder(ofTree:)`).
    func forgetBlob(_ id: ObjectID) { memo?.blobs.remove(id) }

    /// Whether the blob `id` or the folder of tree `id` is remembered (for tests).
    func remembers(blob id: ObjectID) -> Bool { memo?.blobs.contains(id) ?? false }
    func remembers(folderOfTree id: ObjectID) -> Bool { memo?.folders.contains(id) ?? false }

    /// Keeps bytes whose id was just computed from them.
    func rememberBlob(_ bytes: [UInt8], id: ObjectID) { memo?.blobs.add(bytes, id: id, findableByContent: false) }

    /// The blob these bytes are, when they are the bytes of a blob read lately (checked against
    /// their id by libgit2 then): equal bytes, equal id, without hashing them again.
    func knownBlob(_ bytes: [UInt8]) -> EncodedObject? {
        memo?.blobs.id(of: bytes).map { EncodedObject(kind: .blob, bytes: bytes, id: $0) }
    }

    /// Writes a blob and returns its id.
    public func createBlob(_ bytes: [UInt8]) throws(GitError) -> ObjectID {
        var oid = git_oid()
        try GitError.check(git_blob_create_from_buffer(&oid, handle, bytes, bytes.count), "write blob")
        return ObjectID(oid)
    }

    /// The `gpgsig` header of a commit and the bytes it signs, or nil for an unsigned commit.
    public func extractSignature(of id: ObjectID) throws(GitError) -> (signature: String, signedData: [UInt8])? {
        var oid = id.raw
        var signature = git_buf()
        var signedData = git_buf()
        defer {
            git_buf_dispose(&signature)
            git_buf_dispose(&signedData)
        }
        let code = git_commit_extract_signature(&signature, &signedData, handle, &oid, nil)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try GitError.check(code, "read signature of commit \(id.short)")
        let text = String(decoding: UnsafeRawBufferPointer(start: signature.ptr, count: signature.size), as: UTF8.self)
        let data = Array(UnsafeRawBufferPointer(start: signedData.ptr, count: signedData.size))
        return (text, data)
    }

    /// Calls `body` with each commit id from `head` back along first parents, newest first,
    /// until `body` returns false or the root is passed. Nothing is held but the walker.
    ///
    /// Throws what `body` throws, and libgit2's failures as that same error type (`GitFailure`).
    /// `reading` is given each commit as read (not yet checked against its id).
    public func walkFirstParents<Failure: GitFailure>(
        from head: ObjectID, reading: ((CommitBytes) -> Void)? = nil, _ body: (ObjectID) throws(Failure) -> Bool
    ) throws(Failure) {
        func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(Failure) {
            do { try GitError.check(code, operation()) } catch { throw Failure(error) }
        }
        // Read by hand, one commit at a time: libgit2's revision walk keeps a node for every
        // commit it has seen (30 MB over 100,000 events), and a first-parent chain needs none.
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), "open object database")
        defer { git_odb_free(odb) }
        // The oldest commits read are kept for the reads that follow, oldest first.
        walkedCommits.startWalk()
        defer { walkedCommits.finishWalk() }
        var next: ObjectID? = head
        // Unhashed bytes could name a parent that leads back into the chain: a loop is caught
        // in memory that does not grow (Brent's method: a mark moved to the walk's position
        // each time the distance walked since it doubles).
        var mark = head
        var sinceMark = 0
        var markInterval = 1
        while let id = next {
            if sinceMark > 0 && id == mark {
                throw Failure(
                    GitError(
                        code: GIT_EMISMATCH.rawValue, operation: "walk history",
                        message:
                            "the history loops back to \(id.short): a commit's stored bytes were altered; "
                            + "restore the store from a mirror or backup"))
            }
            if sinceMark == markInterval {
                mark = id
                sinceMark = 0
                markInterval *= 2
            }
            sinceMark += 1
            guard try body(id) else { return }
            // Read without hashing: each commit is checked against its id by another core as
            // the walk goes on (see `WalkedCommits`) or where it is used (`commitBytes`,
            // `CommitBytes.verified`), and a
            // caller that trusts the order checks each commit's parent against the walk's. A
            // parent named by bytes that do not match leads to a commit whose own check fails.
            let read: (bytes: [UInt8], type: git_object_t, checked: Bool)
            do { read = try readUnhashed(id, in: odb) } catch { throw Failure(error) }
            guard read.type == GIT_OBJECT_COMMIT else {
                throw Failure(
                    GitError(
                        code: GIT_EINVALIDSPEC.rawValue, operation: "walk history",
                        message: "\(id.short) is not a commit"))
            }
            next = read.bytes.withUnsafeBufferPointer { ObjectEncoding.firstParent(ofCommit: $0) }
            let commit = CommitBytes(id: id, bytes: read.bytes, checked: read.checked)
            walkedCommits.add(commit)
            reading?(commit)
        }
    }

    /// An object's bytes as a backend holds them, not hashed (`checked` false); one no backend
    /// finds is read through `git_odb_read`, which looks again for new packs, and hashes it.
    private func readUnhashed(
        _ id: ObjectID, in odb: OpaquePointer?
    ) throws(GitError) -> (bytes: [UInt8], type: git_object_t, checked: Bool) {
        var oid = id.raw
        var data: UnsafeMutableRawPointer?
        var length = 0
        var type = GIT_OBJECT_INVALID
        var backend: UnsafeMutablePointer<git_odb_backend>?
        let code = stet_git_odb_read_unhashed(&data, &length, &type, &backend, odb, &oid)
        if code == 0 {
            defer { git_odb_backend_data_free(backend, data) }
            let bytes = length > 0 && data != nil ? Array(UnsafeRawBufferPointer(start: data, count: length)) : []
            return (bytes, type, false)
        }
        guard code == GIT_ENOTFOUND.rawValue else {
            try GitError.check(code, "read commit \(id.short)"); return ([], type, false)
        }
        let (readType, bytes) = try readObject(id, "read commit \(id.short)")
        return (bytes, readType, true)
    }

    /// Resolves a full or abbreviated commit id; nil when there is no such commit.
    public func commitID(matching text: String) -> ObjectID? {
        var object: OpaquePointer?
        guard git_revparse_single(&object, handle, text + "^{commit}") == 0, let object else { return nil }
        defer { git_object_free(object) }
        return ObjectID(git_object_id(object).pointee)
    }
}
