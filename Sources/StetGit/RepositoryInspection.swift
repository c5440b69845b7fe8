import CLibgit2

// What verification and tests inspect beyond Stet's own objects: config, the reflog, raw
// objects, references, ancestry.
extension Repository {
    /// Sets a value in the repository's own config file (`config` in the git folder).
    public func setConfig(_ name: String, to value: String) throws(GitError) {
        var config: OpaquePointer?
        try GitError.check(git_repository_config(&config, handle), "open repository config")
        defer { git_config_free(config) }
        try GitError.check(git_config_set_string(config, name, value), "set \(name)")
    }

    /// Every update of `name` logged in its reflog, oldest first, as (value before, value after).
    public func reflogUpdates(of name: String) throws(GitError) -> [(old: ObjectID, new: ObjectID)] {
        var reflog: OpaquePointer?
        try GitError.check(git_reflog_read(&reflog, handle, name), "read reflog of \(name)")
        defer { git_reflog_free(reflog) }
        let count = git_reflog_entrycount(reflog)
        return (0..<count).reversed().compactMap { index in
            git_reflog_entry_byindex(reflog, index).map {
                (ObjectID(git_reflog_entry_id_old($0).pointee), ObjectID(git_reflog_entry_id_new($0).pointee))
            }
        }
    }
}

extension Repository {
    /// Writes an object's bytes into the object database (nothing happens if it is there already).
    @discardableResult
    public func writeObject(_ object: EncodedObject) throws(GitError) -> ObjectID {
        var odb: OpaquePointer?
        try GitError.check(git_repository_odb(&odb, handle), "open object database")
        defer { git_odb_free(odb) }
        var oid = git_oid()
        try GitError.check(
            git_odb_write(&oid, odb, object.bytes, object.bytes.count, object.kind.raw), "write object")
        let written = ObjectID(oid)
        guard written == object.id else {
            throw GitError(code: -1, operation: "write object", message: "the object database gave another id")
        }
        return written
    }

    /// An object's bytes exactly as stored (without git's type and size prefix).
    public func rawObject(_ id: ObjectID) throws(GitError) -> [UInt8] {
        try readObject(id, "read object \(id.short)").bytes
    }

    /// An object's type and bytes, checked against its id by libgit2 on reading.
    func readObject(
        _ id: ObjectID, _ operation: @autoclosure () -> String
    ) throws(GitError)
        -> (type: git_object_t, bytes: [UInt8])
    {
        var odb: OpaquePointer?
        try GitError.check(git_repository_odb(&odb, handle), "open object database")
        defer { git_odb_free(odb) }
        var oid = id.raw
        var object: OpaquePointer?
        try GitError.check(git_odb_read(&object, odb, &oid), operation())
        defer { git_odb_object_free(object) }
        let type = git_odb_object_type(object)
        let size = git_odb_object_size(object)
        guard size > 0, let data = git_odb_object_data(object) else { return (type, []) }
        return (type, Array(UnsafeRawBufferPointer(start: data, count: size)))
    }

    /// Every reference in the repository (loose and packed), by full name, sorted.
    public func referenceNames() throws(GitError) -> [String] {
        var names = git_strarray()
        try GitError.check(git_reference_list(&names, handle), "list references")
        defer { git_strarray_dispose(&names) }
        return (0..<names.count).compactMap { names.strings[$0].map { String(cString: $0) } }.sorted()
    }

    /// Where `HEAD` points: the name of the reference it follows, or the commit id it holds when detached.
    public func headTarget() throws(GitError) -> String {
        var reference: OpaquePointer?
        try GitError.check(git_reference_lookup(&reference, handle, "HEAD"), "read HEAD")
        defer { git_reference_free(reference) }
        if let target = git_reference_symbolic_target(reference) { return String(cString: target) }
        if let oid = git_reference_target(reference) { return ObjectID(oid.pointee).hex }
        return ""
    }

    /// The settings in the repository's own `config` file (not the user's or the system's),
    /// as (lower-cased name, value), in file order.
    public func localConfigEntries() throws(GitError) -> [(name: String, value: String)] {
        var config: OpaquePointer?
        try GitError.check(git_repository_config(&config, handle), "open repository config")
        defer { git_config_free(config) }
        var local: OpaquePointer?
        let code = git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL)
        if code == GIT_ENOTFOUND.rawValue { return [] }
        try GitError.check(code, "open repository config")
        defer { git_config_free(local) }
        var entries: [(String, String)] = []
        var iterator: OpaquePointer?
        try GitError.check(git_config_iterator_new(&iterator, local), "read repository config")
        defer { git_config_iterator_free(iterator) }
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0, let entry {
            let name = entry.pointee.name.map { String(cString: $0) } ?? ""
            let value = entry.pointee.value.map { String(cString: $0) } ?? ""
            entries.append((name.lowercased(), value))
        }
        return entries
    }

    /// Whether `ancestor` is `commit` itself or reached from it through first parents, as the
    /// commit objects themselves name them (never through a commit-graph file, which libgit2's
    /// graph functions and revwalk trust without checking); false when either is not here.
    /// One commit read per step.
    public func isAncestor(_ ancestor: ObjectID, of commit: ObjectID) throws(GitError) -> Bool {
        var found = false
        try forEachFirstParent(from: commit) { id in
            found = id == ancestor
            return !found
        }
        return found
    }

    /// Calls `body` with `start` and each first parent after it, read from the commit objects,
    /// until `body` returns false, the root is passed, or a commit is missing.
    public func forEachFirstParent(from start: ObjectID, _ body: (ObjectID) -> Bool) throws(GitError) {
        var current: ObjectID? = start
        while let id = current {
            var oid = id.raw
            var commit: OpaquePointer?
            let code = git_commit_lookup(&commit, handle, &oid)
            if code == GIT_ENOTFOUND.rawValue { return }
            try GitError.check(code, "read commit \(id.short)")
            defer { git_commit_free(commit) }
            guard body(id) else { return }
            current = git_commit_parentcount(commit) > 0 ? ObjectID(git_commit_parent_id(commit, 0).pointee) : nil
        }
    }

    /// The size of an object, read from its header without loading it.
    public func objectSize(_ id: ObjectID) throws(GitError) -> Int {
        var odb: OpaquePointer?
        try GitError.check(git_repository_odb(&odb, handle), "open object database")
        defer { git_odb_free(odb) }
        var oid = id.raw
        var size = 0
        var type = GIT_OBJECT_ANY
        try GitError.check(git_odb_read_header(&size, &type, odb, &oid), "read object \(id.short)")
        return size
    }
}
