/// The tree a base tree becomes after a set of file writes and removals, worked out in memory.
///
/// Recording writes the objects it lists; verification only compares its id with a commit's
/// tree, so both use one encoding and nothing is written while checking. As libgit2's
/// `git_tree_create_updated` does, a folder left empty disappears from its parent.
public struct DerivedTree: Sendable {
    /// The id of the whole tree.
    public let id: ObjectID
    /// The new objects it needs: the files written and the folders they changed, children first.
    public let objects: [EncodedObject]
    /// The entries of each folder the changes touched, by path ("" for the top): what a commit's
    /// tree is compared with, folder by folder, to name a difference.
    public let folders: [String: [TreeEntry]]
    /// The blob id of each file written, by path.
    public let files: [String: ObjectID]
}

extension Repository {
    /// Applies `changes` (bytes to write at a path, or nil to remove it) to the tree `base`
    /// (nil: the empty tree); a later change to the same path wins.
    public func deriveTree(
        base: ObjectID?, changes: [(path: String, bytes: [UInt8]?)]
    ) throws(GitError)
        -> DerivedTree
    {
        let root = Folder()
        if let base { root.base = try entries(ofTree: base) }
        var objects: [EncodedObject] = []
        var files: [String: ObjectID] = [:]
        for change in changes {
            let components = change.path.pathComponents
            guard !components.contains(where: \.isEmpty), let leaf = components.last else {
                throw GitError.invalidPath(change.path)
            }
            var folder = root
            var reachable = true
            for name in components.dropLast() {
                switch folder.node(name) {
                case .folder(let inner):
                    folder = inner
                case .existing(let entry) where entry.isFolder:
                    let inner = Folder()
                    inner.base = try entries(ofTree: entry.id)
                    folder.changes[name] = .folder(inner)
                    folder = inner
                case .existing, .file:
                    throw GitError.invalidPath(change.path)
                case .removed:
                    guard change.bytes != nil else {
                        reachable = false
                        break
                    }
                    let inner = Folder()
                    folder.changes[name] = .folder(inner)
                    folder = inner
                }
                if !reachable { break }
            }
            guard reachable else { continue }
            if let bytes = change.bytes {
                switch folder.node(leaf) {
                case .folder: throw GitError.invalidPath(change.path)
                case .existing(let entry) where entry.isFolder: throw GitError.invalidPath(change.path)
                default: break
                }
                // The same bytes written twice (a version and its effective copy) are one object.
                let id: ObjectID
                if let same = objects.first(where: { $0.kind == .blob && $0.bytes == bytes }) {
                    id = same.id
                } else {
                    let blob: EncodedObject
                    if let known = knownBlob(bytes) {
                        blob = known
                    } else {
                        blob = try EncodedObject(kind: .blob, bytes: bytes)
                        rememberBlob(bytes, id: blob.id)
                    }
                    objects.append(blob)
                    id = blob.id
                }
                folder.changes[leaf] = .file(id)
                files[change.path] = id
            } else {
                folder.changes[leaf] = .removed
                files[change.path] = nil
            }
        }
        var folders: [String: [TreeEntry]] = [:]
        var trees: [ObjectID: [TreeEntry]] = [:]
        var id = try root.encode(path: "", into: &objects, folders: &folders, trees: &trees)
        // The next event is derived from this tree, when it is the commit's.
        for (tree, entries) in trees { remember(entries, forTree: tree) }
        if id == nil { id = try ObjectID.hash([], kind: .tree) }
        if folders[""] == nil { folders[""] = [] }
        return DerivedTree(id: id!, objects: objects, folders: folders, files: files)
    }

    /// Writes what `derived` needs into the object database.
    public func write(_ derived: DerivedTree) throws(GitError) {
        for object in derived.objects { _ = try writeObject(object) }
    }
}

/// A folder being changed: its entries as stored (in git's order), and what changes them.
private final class Folder {
    enum Node {
        case existing(TreeEntry)
        case file(ObjectID)
        case folder(Folder)
        case removed
    }

    var base: [TreeEntry] = []
    var changes: [String: Node] = [:]

    /// What is at `name` now (`.removed` when nothing is).
    func node(_ name: String) -> Node {
        if let changed = changes[name] { return changed }
        return base.first { $0.name == name }.map(Node.existing) ?? .removed
    }

    /// Encodes this folder and those below it; nil when it holds nothing.
    ///
    /// The stored entries are already in git's order: only the changed ones are sorted, then merged in.
    func encode(
        path: String, into objects: inout [EncodedObject], folders: inout [String: [TreeEntry]],
        trees: inout [ObjectID: [TreeEntry]]
    )
        throws(GitError) -> ObjectID?
    {
        var changed: [TreeEntry] = []
        for (name, node) in changes {
            switch node {
            case .existing(let entry):
                changed.append(entry)
            case .file(let id):
                changed.append(TreeEntry(name: name, mode: TreeEntry.fileMode, id: id))
            case .folder(let inner):
                let innerPath = path.isEmpty ? name : path + "/" + name
                if let id = try inner.encode(path: innerPath, into: &objects, folders: &folders, trees: &trees) {
                    changed.append(TreeEntry(name: name, mode: TreeEntry.folderMode, id: id))
                }
            case .removed:
                break
            }
        }
        changed.sort(by: ObjectEncoding.gitOrder)
        var list: [TreeEntry] = []
        list.reserveCapacity(base.count + changed.count)
        var next = 0
        // A handful of names change in a folder of hundreds: comparing with each is cheaper than hashing every name.
        let changedNames = Array(changes.keys)
        for entry in base where !changedNames.contains(entry.name) {
            while next < changed.count && ObjectEncoding.gitOrder(changed[next], entry) {
                list.append(changed[next])
                next += 1
            }
            list.append(entry)
        }
        list += changed[next...]
        guard !list.isEmpty || path.isEmpty else { return nil }
        // In git's order as encoded (a base read out of order is put in order), so that what is
        // remembered for the id is what the id's bytes hold.
        let (bytes, plainHashable) = ObjectEncoding.tree(ordering: &list)
        folders[path] = list
        let object = EncodedObject(
            kind: .tree, bytes: bytes, id: try ObjectID.derivedTreeID(bytes, plainHashable: plainHashable))
        objects.append(object)
        trees[object.id] = list
        return object.id
    }
}
