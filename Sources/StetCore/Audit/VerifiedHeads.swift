import Foundation
import StetGit

/// The newest head of each store that this user's Stet has verified, kept in their own key
/// folder: later commands replay only the events recorded since, and refuse a head that does
/// not descend from it.
///
/// A commit id names a whole history, so "verified" never goes stale, and a store whose head no
/// longer descends from the one verified here was rolled back or replaced: even a history that
/// verifies on its own (an insider's new first event enrolling users whose keys they hold) is
/// refused. The files live in the key folder, which nobody else may write (`KeyFolder`), never in
/// the store, which every user of a shared store can write. They are accelerators and witnesses
/// only: deleted, truncated or garbled, the next command verifies from the first event.
public struct VerifiedHeads: Sendable {
    /// The key folder the records are kept in.
    let home: String
    static let header = "stet verified head 3"

    public init(home: String) {
        self.home = home
    }

    /// What a record holds: the newest head verified, and the store's first event (its identity).
    public struct Record: Sendable, Equatable {
        public var head: ObjectID
        public var root: ObjectID
    }

    /// Records are kept twice: by the path the user names the store by (as typed, made absolute,
    /// links not followed), so that a link or folder re-pointed at another store meets the record
    /// of the one verified there; and by the store's first event, so that the same store reached
    /// by another path cannot be served rolled back either.
    enum Key {
        case path(String)
        case root(ObjectID)

        var line: String {
            switch self {
            case .path(let path): "path " + path
            case .root(let root): "root " + root.hex
            }
        }
    }

    func file(for key: Key) -> String {
        home + "/cache/verified/" + SHA256Hex.of(Array(key.line.utf8))
    }

    /// The record kept under `key`; nil when none is, or the record is not in this format or sits
    /// in a folder others can write (then it vouches for nothing).
    func record(_ key: Key) -> Record? {
        guard
            let bytes = KeyFolder.record(
                at: file(for: key), in: home, within: home + "/cache/verified", limit: Limits.verifiedHeadRecord)
        else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, lines[0] == Substring(Self.header), lines[1] == Substring(key.line),
            let head = ObjectID(hex: String(lines[2])), let root = ObjectID(hex: String(lines[3]))
        else { return nil }
        if case .root(let expected) = key, expected != root { return nil }
        return Record(head: head, root: root)
    }

    /// The newest head verified on the store the user names `store`.
    public func newest(forStore store: String) -> Record? { record(.path(store)) }

    /// The newest head verified on the store whose first event is `root`, by any path.
    public func newest(forRoot root: ObjectID) -> ObjectID? { record(.root(root))?.head }

    /// Records `head` as the newest verified head of the store named `store` whose first event is
    /// `root`, under both keys, unless a record already holds a head `head` does not descend from
    /// (a slower process finishing late must not move it back). Under a lock in the key folder, so
    /// two processes of one user cannot interleave. A failure to write only costs time later, so
    /// it is not an error.
    public func record(_ head: ObjectID, root: ObjectID, forStore store: String, in repository: Repository) {
        let folder = home + "/cache/verified"
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        _ = FileLock.holding(folder + "/.lock", mode: 0o600, waiting: true) {
            for key in [Key.path(store), .root(root)] {
                if let current = record(key)?.head, current != head,
                    (try? repository.isAncestor(current, of: head)) != true
                {
                    continue
                }
                let text = Self.header + "\n" + key.line + "\n" + head.hex + "\n" + root.hex + "\n"
                _ = AtomicFile.replace(file(for: key), with: Array(text.utf8), mode: 0o600)
            }
        }
    }

    /// Where the record of the store named `store` is: named in the error that refuses a rolled-back head.
    func recordPath(forStore store: String) -> String { file(for: .path(store)) }

    /// Where the record of the store whose first event is `root` is.
    func recordPath(forRoot root: ObjectID) -> String { file(for: .root(root)) }
}

extension Store {
    /// Checks that `head` is a verified state before anything is served from it or signed on it:
    /// it must descend from the newest head verified before (in this process or, by this user,
    /// on this store), and the events since are replayed through the rules.
    ///
    /// Throws `untrustedHistory` naming the first event that fails, or `historyRewound` when the
    /// head does not descend from the one verified before.
    @discardableResult
    func trust(_ head: ObjectID) throws(StetError) -> ObjectID {
        guard checksHistory, head != newestTrusted else { return head }
        try requireKnownFormat(at: head)
        let onRecord = verifiedHeads?.newest(forStore: namedPath)
        let known = newestTrusted ?? onRecord?.head
        do {
            if let known, known != head, try !repository.isAncestor(known, of: head) {
                // Another process may have verified a newer head after this one read the branch:
                // then the branch has moved on past it, and the head to use is the branch's own.
                // A branch that is not at or after the verified head was rolled back.
                if let current = try repository.target(ofReference: Layout.branch), current != head,
                    try repository.isAncestor(known, of: current)
                {
                    return try trust(current)
                }
                // A store that does not hold the head verified under this name at all is another
                // store put in its place (a re-pointed link, a folder swapped).
                if repository.commitID(matching: known.hex) != known {
                    throw StetError.storeReplaced(
                        path: namedPath, verified: known.hex,
                        record: verifiedHeads?.recordPath(forStore: namedPath) ?? "")
                }
                throw StetError.historyRewound(
                    verified: known.hex, head: head.hex, record: verifiedHeads?.recordPath(forStore: namedPath) ?? "")
            }
        } catch {
            throw StetError(from: error)
        }
        var root = known == nil ? nil : (trustedRoot ?? onRecord?.root)
        if known != head {
            // The head given is the one verified: the verifier never reads the branch again.
            var verifier = Verifier(
                repository: repository, now: now(), since: known, wholeRepository: false, head: head)
            verifier.signatureCache = signatureCache
            let report = try verifier.run()
            if let problem = report.problems.first {
                throw .untrustedHistory(commit: problem.commit, problem: problem.message)
            }
            if known == nil { root = report.root }
        }
        // The same store verified under another name: this copy must not be behind the newest head
        // verified on it (a backup or mirror not yet updated would serve superseded versions as
        // current), nor beside it.
        if let root, let newest = verifiedHeads?.newest(forRoot: root), newest != head {
            let record = verifiedHeads?.recordPath(forRoot: root) ?? ""
            guard repository.commitID(matching: newest.hex) == newest else {
                throw .copyBehind(newest: newest.hex, record: record)
            }
            do {
                guard try repository.isAncestor(newest, of: head) else {
                    // Another process may have recorded a newer head after this one read the branch.
                    if let current = try repository.target(ofReference: Layout.branch), current != head,
                        try repository.isAncestor(newest, of: current)
                    {
                        return try trust(current)
                    }
                    throw StetError.historyRewound(verified: newest.hex, head: head.hex, record: record)
                }
            } catch {
                throw StetError(from: error)
            }
        }
        if known != head, let root { verifiedHeads?.record(head, root: root, forStore: namedPath, in: repository) }
        newestTrusted = head
        trustedRoot = root
        return head
    }

    /// Verifies the current head (see `trust`) and reads everything from it until the store is
    /// closed: one command sees one state, even if a writer moves the branch meanwhile.
    @discardableResult
    public func pinVerifiedHead() throws(StetError) -> ObjectID {
        let head = try trust(try self.head())
        pinnedHead = head
        return head
    }

    /// Where the branch is now, read afresh even with a head pinned: for a process that serves
    /// many requests from one handle (the portal), to see whether an event was recorded since.
    public func branchHead() throws(StetError) -> ObjectID {
        guard let head = try headIfAny() else { throw .notAStore(path: path, detail: "it has no \(Layout.branch)") }
        return head
    }

    /// What the files that record where the branch is look like now: when it is the same as
    /// before, the branch has not moved. For a reader that asks at every request (the portal),
    /// without reading the branch.
    public static func branchSignature(ofStoreAt path: String) -> BranchSignature {
        let folder = path.hasSuffix("/") ? path : path + "/"
        // While the branch's own file exists, git reads the branch from it whatever the packed
        // references say; once it is gone (packed), they say where the branch is.
        if let loose = FileSystem.status(of: folder + Layout.branch) { return BranchSignature(files: [loose.identity]) }
        return BranchSignature(files: [nil, FileSystem.status(of: folder + "packed-refs")?.identity])
    }

    /// `pinVerifiedHead` for a long-running reader: moves the pin to the branch's head, once the
    /// events since the last pinned head verify. When they do not, nothing stays pinned, and
    /// nothing should be read from the store until a head verifies.
    @discardableResult
    public func followVerifiedHead() throws(StetError) -> ObjectID {
        pinnedHead = nil
        return try pinVerifiedHead()
    }
}

/// Where the branch is recorded, as the files stand (`Store.branchSignature`). Git and libgit2
/// move a branch by writing its file anew and renaming it into place, or by rewriting the packed
/// references: either gives another signature.
public struct BranchSignature: Equatable, Sendable {
    let files: [FileIdentity?]
}
