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
    /// Each folder the changes touched.
    let folders: [DerivedFolder]
    /// The blob id of each file written, by path.
    public let files: [String: ObjectID]
    /// The blobs of the files the changes overwrote or removed, other than those written again.
    public let replacedFiles: [ObjectID]

    /// The entries of the folder at `path` ("" for the top) when the changes touched it: what a
    /// commit's tree is compared with, folder by folder, to name a difference.
    public func entries(ofFolder path: String) -> [TreeEntry]? {
        folders.first { $0.path == path }?.folder.entries
    }
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
        if let base { root.base = try folder(ofTree: base) }
        // The folders the changes replace.
        var replaced = base.map { [$0] } ?? []
        var objects: [EncodedObject] = []
        var files: [String: ObjectID] = [:]
        var replacedFiles: [ObjectID] = []
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
                    inner.base = try self.folder(ofTree: entry.id)
                    replaced.append(entry.id)
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
            if case .existing(let entry) = folder.node(leaf), !entry.isFolder { replacedFiles.append(entry.id) }
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
        var folders: [DerivedFolder] = []
        let top = try root.encoded(path: "", into: &objects, folders: &folders)
        let id = try Folder.add(top, at: "", to: &objects, folders: &folders)
        // The next event is derived from this tree, when it is the commit's; the folders it
        // replaced would otherwise push out the folders of documents not touched lately (on
        // 10,000 documents, a replay read most of each event's state from the store again).
        for id in replaced where !folders.contains(where: { $0.id == id }) { forgetFolder(ofTree: id) }
        for folder in folders { remember(folder.folder, forTree: folder.id) }
        // Likewise the files replaced (a document's record at each event): the content read
        // for a draft then stays until the draft is issued.
        let written = Set(files.values)
        replacedFiles.removeAll { written.contains($0) }
        for id in replacedFiles { forgetBlob(id) }
        return DerivedTree(id: id, objects: objects, folders: folders, files: files, replacedFiles: replacedFiles)
    }

    /// Writes what `derived` needs into the object database.
    public func write(_ derived: DerivedTree) throws(GitError) {
        for object in derived.objects { _ = try writeObject(object) }
    }
}

/// A folder a derivation encoded: where it is, and its id.
struct DerivedFolder: Sendable {
    let path: String
    let id: ObjectID
    let folder: EncodedFolder
}

/// A folder being changed: its entries as stored (in git's order), and what changes them.
private final class Folder {
    enum Node {
        case existing(TreeEntry)
        case file(ObjectID)
        case folder(Folder)
        case removed
    }

    var base = EncodedFolder.empty
    var changes: [String: Node] = [:]

    /// What is at `name` now (`.removed` when nothing is).
    func node(_ name: String) -> Node {
        if let changed = changes[name] { return changed }
        return base.index(named: name).map { .existing(base.entry(at: $0)) } ?? .removed
    }

    /// This folder as the changes leave it, those below it added to `objects` and `folders`.
    ///
    /// Only the changed entries are encoded: the stored ones are copied around them.
    func encoded(
        path: String, into objects: inout [EncodedObject], folders: inout [DerivedFolder]
    )
        throws(GitError) -> EncodedFolder
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
                let folder = try inner.encoded(path: innerPath, into: &objects, folders: &folders)
                // A folder left empty disappears.
                if !folder.isEmpty {
                    let id = try Self.add(folder, at: innerPath, to: &objects, folders: &folders)
                    changed.append(TreeEntry(name: name, mode: TreeEntry.folderMode, id: id))
                }
            case .removed:
                break
            }
        }
        changed.sort(by: ObjectEncoding.gitOrder)
        return base.replacing(Array(changes.keys), with: changed)
    }

    /// Adds `folder`'s object to `objects` and `folders`; its id.
    static func add(
        _ folder: EncodedFolder, at path: String, to objects: inout [EncodedObject], folders: inout [DerivedFolder]
    ) throws(GitError) -> ObjectID {
        let id = try ObjectID.derivedTreeID(of: folder)
        objects.append(EncodedObject(kind: .tree, bytes: folder.bytes, id: id))
        folders.append(DerivedFolder(path: path, id: id, folder: folder))
        return id
    }
}
