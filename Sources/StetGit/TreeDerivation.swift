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
        if let base { try root.load(from: tree(base)) }
        var objects: [EncodedObject] = []
        for change in changes {
            let components = change.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard !components.contains(where: \.isEmpty) else { throw GitError.invalidPath(change.path) }
            var folder = root
            var reachable = true
            for name in components.dropLast() {
                switch folder.entries[name] {
                case .folder(let inner):
                    folder = inner
                case .existing(let entry) where entry.isFolder:
                    let inner = Folder()
                    try inner.load(from: tree(entry.id))
                    folder.entries[name] = .folder(inner)
                    folder = inner
                case .existing, .file:
                    throw GitError.invalidPath(change.path)
                case nil:
                    guard change.bytes != nil else {
                        reachable = false
                        break
                    }
                    let inner = Folder()
                    folder.entries[name] = .folder(inner)
                    folder = inner
                }
                if !reachable { break }
            }
            guard reachable, let leaf = components.last else { continue }
            if let bytes = change.bytes {
                let blob = try EncodedObject(kind: .blob, bytes: bytes)
                objects.append(blob)
                if case .folder = folder.entries[leaf] { throw GitError.invalidPath(change.path) }
                if case .existing(let entry) = folder.entries[leaf], entry.isFolder {
                    throw GitError.invalidPath(change.path)
                }
                folder.entries[leaf] = .file(blob.id)
            } else {
                folder.entries[leaf] = nil
            }
        }
        var folders: [String: [TreeEntry]] = [:]
        var id = try root.encode(path: "", into: &objects, folders: &folders)
        if id == nil { id = try ObjectID.hash([], kind: .tree) }
        if folders[""] == nil { folders[""] = [] }
        return DerivedTree(id: id!, objects: objects, folders: folders)
    }

    /// Writes what `derived` needs into the object database.
    public func write(_ derived: DerivedTree) throws(GitError) {
        for object in derived.objects { _ = try writeObject(object) }
    }
}

/// A folder being changed: entries kept from the base, files written, folders opened.
private final class Folder {
    enum Node {
        case existing(TreeEntry)
        case file(ObjectID)
        case folder(Folder)
    }

    var entries: [String: Node] = [:]

    func load(from tree: Tree) throws(GitError) {
        for entry in tree.rawEntries() { entries[entry.name] = .existing(entry) }
    }

    /// Encodes this folder and those below it; nil when it holds nothing.
    func encode(
        path: String, into objects: inout [EncodedObject], folders: inout [String: [TreeEntry]]
    )
        throws(GitError) -> ObjectID?
    {
        var list: [TreeEntry] = []
        for (name, node) in entries {
            switch node {
            case .existing(let entry):
                list.append(entry)
            case .file(let id):
                list.append(TreeEntry(name: name, mode: TreeEntry.fileMode, id: id))
            case .folder(let inner):
                let innerPath = path.isEmpty ? name : path + "/" + name
                if let id = try inner.encode(path: innerPath, into: &objects, folders: &folders) {
                    list.append(TreeEntry(name: name, mode: TreeEntry.folderMode, id: id))
                }
            }
        }
        guard !list.isEmpty || path.isEmpty else { return nil }
        list.sort(by: ObjectEncoding.gitOrder)
        folders[path] = list
        let object = try EncodedObject(kind: .tree, bytes: ObjectEncoding.tree(list))
        objects.append(object)
        return object.id
    }
}
