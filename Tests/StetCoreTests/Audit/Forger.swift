import Foundation
import StetGit

@testable import StetCore
@testable import StetTestSupport

/// Writes commits into a store the way an insider with write access to its folder and their own
/// key could: objects of their choosing, signed exactly as Stet signs, and the branch moved to them.
struct Forger {
    let fixture: StoreFixture
    var repository: Repository { fixture.store.repository }

    func head() throws -> ObjectID { try fixture.store.headIfAny()! }

    /// The store's first event: its identity in the verified-heads record.
    func root() throws -> ObjectID {
        var last = try head()
        try repository.forEachFirstParent(from: last) { id in
            last = id
            return true
        }
        return last
    }

    /// The event and writes the rules give for `action` by `user` on `parent`, at `time`.
    func outcome(
        _ action: Action, as user: String, on parent: ObjectID, time: Timestamp? = nil
    ) throws -> (outcome: Outcome, parent: Commit, time: Timestamp) {
        let parentCommit = try repository.commit(parent)
        let parentEvent = try require(Event(message: parentCommit.message))
        let time = time ?? Timestamp(seconds: parentCommit.committer.time + 60)
        let context = EventContext(
            actor: user, time: time, sequence: parentEvent.sequence + 1,
            parent: .init(commit: parent.hex, document: parentEvent.document))
        let outcome = try Lifecycle.apply(
            action, to: TreeState(tree: try repository.tree(parentCommit.treeID)), context: context)
        return (outcome, parentCommit, time)
    }

    /// The commit the store would record for `action` by `user` on `parent`, changed by `tamper`
    /// before it is signed with `key` (default: the user's own; nil: left unsigned) and published.
    @discardableResult
    func forge(
        _ action: Action, as user: String, on parent: ObjectID? = nil, time: Timestamp? = nil,
        signWith key: SigningKey?? = .none, tamper: (inout Outcome) throws -> Void = { _ in }
    ) throws -> ObjectID {
        let parentID = try parent ?? head()
        var (outcome, parentCommit, time) = try self.outcome(action, as: user, on: parentID, time: time)
        try tamper(&outcome)
        let tree = try repository.deriveTree(base: parentCommit.treeID, changes: outcome.writes)
        try repository.write(tree)
        return try commit(tree: tree.id, parent: parentID, event: outcome.event, time: time, key: signer(user, key))
    }

    /// Like `forge`, but the tree the rules produce is then changed by `editTree` (given the
    /// honest tree, returning the forged one): for attacks below the level of files.
    @discardableResult
    func forgeTree(
        _ action: Action, as user: String, editTree: (ObjectID) throws -> ObjectID
    ) throws -> ObjectID {
        let parentID = try head()
        let (outcome, parentCommit, time) = try self.outcome(action, as: user, on: parentID)
        let tree = try repository.deriveTree(base: parentCommit.treeID, changes: outcome.writes)
        try repository.write(tree)
        return try commit(
            tree: try editTree(tree.id), parent: parentID, event: outcome.event, time: time, key: fixture.keys[user])
    }

    func signer(_ user: String, _ key: SigningKey??) -> SigningKey? {
        switch key {
        case .none: fixture.keys[user]
        case .some(let chosen): chosen
        }
    }

    /// Writes an event commit as Stet encodes it (plus any `extraHeaders` lines, before the
    /// signature is made), signs it with `key` and moves the branch to it.
    @discardableResult
    func commit(
        tree: ObjectID, parent: ObjectID?, event: Event, time: Timestamp, key: SigningKey?, extraHeaders: [String] = [],
        publish: Bool = true
    ) throws -> ObjectID {
        let person = Person(name: event.actorName, email: event.actor, time: time.seconds)
        var unsigned = ObjectEncoding.unsignedCommit(
            tree: tree, parent: parent, author: person, committer: person, message: event.message)
        if !extraHeaders.isEmpty {
            let end = ObjectEncoding.headerLength(ofCommit: unsigned)
            unsigned = Array(unsigned[..<end]) + Array(extraHeaders.map { $0 + "\n" }.joined().utf8) + unsigned[end...]
        }
        let bytes = try key.map {
            ObjectEncoding.signedCommit(unsigned: unsigned, signature: try $0.sign(unsigned).armored)
        }
        let id = try repository.writeObject(try EncodedObject(kind: .commit, bytes: bytes ?? unsigned))
        if publish { try self.publish(id) }
        return id
    }

    /// `root` with the folder at `path` replaced by an object of exactly `bytes` (every folder
    /// above it re-encoded as git does): how duplicated, reordered or oddly typed entries get in.
    func replacingFolder(in root: ObjectID, at path: String, bytes: [UInt8]) throws -> ObjectID {
        var id = try repository.writeObject(try EncodedObject(kind: .tree, bytes: bytes))
        var components = path.split(separator: "/").map(String.init)
        while let name = components.popLast() {
            let parentPath = components.joined(separator: "/")
            let parent =
                try parentPath.isEmpty
                ? repository.tree(root)
                : repository.tree(
                    try require(
                        try repository.tree(root).entryID(at: parentPath)))
            var entries = try parent.rawEntries().filter { $0.name != name }
            entries.append(TreeEntry(name: name, mode: TreeEntry.folderMode, id: id))
            id = try repository.writeObject(try EncodedObject(kind: .tree, bytes: ObjectEncoding.tree(entries)))
        }
        return id
    }

    /// The raw entries of the folder at `path` in `root`.
    func entries(in root: ObjectID, at path: String) throws -> [TreeEntry] {
        try repository.tree(try require(try repository.tree(root).entryID(at: path))).rawEntries()
    }

    /// Encodes tree entries in the order given, with no sorting or checking.
    static func encodeAsGiven(_ entries: [TreeEntry]) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            bytes += Array("\(String(entry.mode, radix: 8)) \(entry.name)".utf8) + [0]
            bytes += entry.id.bytes
        }
        return bytes
    }

    /// Points the branch at `id`, whatever it pointed to.
    func publish(_ id: ObjectID) throws {
        try repository.updateReference(Layout.branch, to: id, expected: try head(), logMessage: "forged")
    }

    /// Removes the store's publication log, as an attacker covering their tracks would.
    func eraseReflog() throws {
        try FileManager.default.removeItem(atPath: fixture.folder + "/logs/refs/heads/main")
    }

    /// Rebuilds the chain from `start` (exclusive) to the head without the commits in `dropping`,
    /// each re-signed by its own actor: a history edited by someone holding every key.
    func rewrite(from start: ObjectID, dropping: Set<ObjectID>) throws {
        var ids: [ObjectID] = []
        try repository.walkFirstParents(from: try head()) { id throws(GitError) in
            guard id != start else { return false }
            ids.append(id)
            return true
        }
        var parent = start
        for id in ids.reversed() where !dropping.contains(id) {
            let original = try repository.commit(id)
            let event = try require(Event(message: original.message))
            parent = try commit(
                tree: original.treeID, parent: parent, event: event,
                time: Timestamp(seconds: original.committer.time), key: try require(fixture.keys[event.actor]),
                publish: false)
        }
        try publish(parent)
    }
}

/// `#require` outside a test body: throws when the value is missing.
func `require`<T>(_ value: T?, _ what: String = "value") throws -> T {
    guard let value else { throw ForgeryError.missing(what) }
    return value
}

enum ForgeryError: Error {
    case missing(String)
}
