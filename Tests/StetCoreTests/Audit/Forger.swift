import Foundation
import StetGit

@testable import StetCore

/// Writes commits into a store the way an attacker with write access and some keys could:
/// raw objects and a moved branch, with whatever content, message, time and signature they choose.
struct Forger {
    let fixture: StoreFixture
    var repository: Repository { fixture.store.repository }

    func head() throws -> ObjectID { try fixture.store.head() }

    /// The commit the store would record for `action` by `user` on `parent`, changed by `tamper`
    /// before it is signed with `key` (nil: left unsigned) and published.
    @discardableResult
    func forge(
        _ action: Action, as user: String, on parent: ObjectID? = nil, time: Timestamp? = nil,
        signWith key: SigningKey?? = .none, tamper: (inout Outcome) throws -> Void = { _ in }
    ) throws -> ObjectID {
        let parentID = try parent ?? head()
        let parentCommit = try repository.commit(parentID)
        let parentEvent = try require(Event(message: parentCommit.message))
        let time = time ?? Timestamp(seconds: parentCommit.committer.time + 60)
        let context = EventContext(
            actor: user, time: time, sequence: parentEvent.sequence + 1, parent: (parentID.hex, parentEvent.document))
        var outcome = try Lifecycle.apply(
            action, to: TreeState(tree: try repository.tree(parentCommit.treeID)), context: context)
        try tamper(&outcome)
        let signer: SigningKey? =
            switch key {
            case .none: fixture.keys[user]
            case .some(let chosen): chosen
            }
        return try commit(
            parent: parentID, base: parentCommit.treeID, writes: outcome.writes, message: outcome.event.message,
            person: Person(name: outcome.event.actorName, email: outcome.event.actor, time: time.seconds), key: signer)
    }

    /// Writes a commit from raw parts and moves the branch to it.
    func commit(
        parent: ObjectID, base: ObjectID, writes: [(path: String, bytes: [UInt8]?)], message: String, person: Person,
        key: SigningKey?
    ) throws -> ObjectID {
        var changes: [TreeChange] = []
        for write in writes {
            if let bytes = write.bytes {
                changes.append(.upsert(path: write.path, blob: try repository.createBlob(bytes)))
            } else {
                changes.append(.remove(path: write.path))
            }
        }
        let tree = try repository.updatedTree(base: base, changes: changes)
        let buffer = try repository.commitBuffer(tree: tree, parent: parent, person: person, message: message)
        let signature = try key.map { try $0.sign(Array(buffer.utf8)).armored }
        let id = try repository.createCommit(buffer: buffer, signature: signature)
        try publish(id)
        return id
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
        try repository.walkFirstParents(from: try head()) { id in
            guard id != start else { return false }
            ids.append(id)
            return true
        }
        var parent = start
        for id in ids.reversed() where !dropping.contains(id) {
            let original = try repository.commit(id)
            let event = try require(Event(message: original.message))
            let buffer = try repository.commitBuffer(
                tree: original.treeID, parent: parent, person: original.author, message: original.message)
            let key = try require(fixture.keys[event.actor])
            parent = try repository.createCommit(buffer: buffer, signature: try key.sign(Array(buffer.utf8)).armored)
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
