import Foundation
import StetGit

/// A Stet store: a bare git repository whose `refs/heads/main` is the chain of signed events.
///
/// Writes go through `record`, which publishes one commit with one compare-and-swap of the
/// branch; reads look at the tree of the current head and never walk history.
public final class Store {
    let repository: Repository
    /// Where the store's clock comes from; tests may fix it.
    let now: () -> Timestamp

    /// The store's folder.
    public var path: String { repository.path }

    /// Where the heads this user has verified are remembered between commands (see `VerifiedHeads`).
    public var verifiedHeads: VerifiedHeads?
    /// Good signatures on record, by commit id (in the user's key folder); nil keeps none.
    public var signatureCache: SignatureCache?
    /// The register's rows by shard tree id (in the user's key folder); nil keeps none.
    public var registerCache: RegisterCache?

    /// Whole-history CSV audit exports on record, by head (see `AuditCache`).
    public var auditCache: AuditCache?
    /// Whether reads and writes first check the history up to the head (`trust`). Only a tool
    /// that builds a throwaway store in bulk, and verifies it at the end, turns it off.
    public var checksHistory = true
    /// The folder as the user named it (made absolute, links not followed): the verified-heads
    /// record is kept under this name, so a link re-pointed at another store is noticed.
    public let namedPath: String
    /// The newest head verified by this process: later heads must descend from it.
    var newestTrusted: ObjectID?
    /// The first event of the history `newestTrusted` was verified in.
    var trustedRoot: ObjectID?
    /// The head every read uses, once `pinVerifiedHead` has fixed it.
    var pinnedHead: ObjectID?
    /// How `verify` prepares commits for its replay (the tests run each kind).
    package var commitSource = CommitSourceKind.lookahead

    /// Hears what a write did that its user should know of, besides the event (a lock file a
    /// killed writer left, removed).
    public var onNotice: (String) -> Void = { _ in }

    /// How often `record` rebuilds an event on a moved head before giving up.
    static let maximumAttempts = 25

    init(repository: Repository, namedPath: String? = nil, now: @escaping () -> Timestamp) {
        self.repository = repository
        self.namedPath = namedPath ?? repository.path
        self.now = now
    }

    /// Creates a store at `path` (a new or empty folder) with its first controller.
    public static func create(
        at path: String, controller: NewUser, signedBy key: SigningKey,
        configuration: StoreConfiguration = .standard, now: @escaping () -> Timestamp = Timestamp.now
    ) throws(StetError) -> Store {
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: path), !entries.isEmpty {
            throw .storeExists(path: path)
        } else if FileManager.default.fileExists(atPath: path),
            (try? FileManager.default.contentsOfDirectory(atPath: path)) == nil
        {
            throw .storeExists(path: path)
        }
        guard key.publicKey == controller.key else { throw .keyMismatch(user: controller.id.text) }
        // Built whole in a hidden folder beside its destination and renamed into place, so a crash
        // leaves either no store or a complete one, never a repository without its first event.
        let destination = URL(fileURLWithPath: path).standardizedFileURL
        let parent = destination.deletingLastPathComponent().path
        let staging = parent + "/." + destination.lastPathComponent + ".stet-init-" + UUID().uuidString
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .fileUnreadable(path: parent, reason: "cannot create the folder: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(atPath: staging) }
        do {
            let repository = try Repository.createBare(at: staging, initialBranch: "main")
            // A local witness of every publication, so a rewound branch shows (see `Verifier`).
            try repository.setConfig("core.logAllRefUpdates", to: "always")
            // A store used as a shared remote must refuse history rewrites pushed to it.
            try repository.setConfig("receive.denyNonFastForwards", to: "true")
            try repository.setConfig("receive.denyDeletes", to: "true")
            _ = try Store(repository: repository, now: now).record(
                .initialize(controller: controller, configuration: configuration), signedBy: key)
        } catch {
            throw StetError(from: error)
        }
        // rename() takes the place of an empty folder but never of a non-empty one.
        guard case .success = FileSystem.rename(staging, to: destination.path) else {
            throw .storeExists(path: path)
        }
        Durability.syncFolder(parent)
        return try open(at: destination.path, now: now)
    }

    /// Opens the store at `path`.
    public static func open(at path: String, now: @escaping () -> Timestamp = Timestamp.now) throws(StetError) -> Store
    {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw .storeNotFound(path: path)
        }
        try RepositoryFiles.check(path)
        let repository: Repository
        do { repository = try Repository.openBare(at: path) } catch {
            throw .notAStore(path: path, detail: "not a bare git repository")
        }
        let store = Store(repository: repository, namedPath: Self.name(path), now: now)
        guard try store.headIfAny() != nil else { throw .notAStore(path: path, detail: "it has no \(Layout.branch)") }
        return store
    }

    /// `path` made absolute and written plainly, without following links: `.` and empty parts
    /// dropped, `..` taking off the part before it, as a shell's `cd` does. (Foundation's
    /// `standardized` resolves links where a `..` is, which would name a re-pointed link's target.)
    static func name(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in absolute.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    // MARK: Writing

    /// Records `action` as a commit signed with `key`, retrying on a head that moved meanwhile.
    ///
    /// Each attempt re-reads the head and re-applies the rules to it, so the event that lands
    /// is always one that is valid on the state it follows; nothing is half-written, since
    /// objects are unreachable until the single reference update publishes them.
    @discardableResult
    public func record(_ action: Action, signedBy key: SigningKey) throws(StetError) -> RecordedEvent {
        var lastWasLocked = false
        for attempt in 1...Self.maximumAttempts {
            do {
                return try recordOnce(action, signedBy: key)
            } catch let error as GitError where error.isModified || error.isLocked || error.isExisting {
                if case .initialize = action { throw .storeExists(path: path) }
                lastWasLocked = error.isLocked
            } catch is WriterLock.Busy {
                lastWasLocked = true
            } catch {
                throw StetError(from: error)
            }
            // Writers that collided wait apart, for random and growing times, before trying again.
            Thread.sleep(forTimeInterval: Double.random(in: 0.001...0.010) * Double(min(attempt, 10)))
        }
        if lastWasLocked { throw .storeLocked(lockFile: path + "/" + WriterLock.fileName) }
        throw .concurrentUpdate(attempts: Self.maximumAttempts)
    }

    private func recordOnce(_ action: Action, signedBy key: SigningKey) throws -> RecordedEvent {
        let head = try headIfAny()
        var time = now()
        var context = EventContext(actor: key.user, time: time, sequence: 1, parent: nil)
        let state: any StateReader
        var baseTree: ObjectID?
        if let head {
            // An event is built only on the head that was verified; if that is not the head read
            // (the branch moved on meanwhile), start again from the branch.
            guard try trust(head) == head else { throw GitError.modified("verify the head") }
            let parent = try repository.commit(head)
            guard let parentEvent = Event(message: parent.message) else {
                throw StetError.storeCorrupt("the last commit \(head.short) is not a Stet event")
            }
            // A head a little ahead of this clock (another machine's skew) is followed at its own
            // time, so events stay in order; one far ahead is refused rather than signed after.
            if parent.committer.time > time.seconds {
                guard parent.committer.time <= time.seconds + Timestamp.clockTolerance else {
                    throw StetError.clockBehind(
                        last: Timestamp(seconds: parent.committer.time).description, now: time.description)
                }
                time = Timestamp(seconds: parent.committer.time)
                context.time = time
            }
            context.sequence = parentEvent.sequence + 1
            context.parent = .init(commit: head.hex, document: parentEvent.document)
            state = TreeState(tree: try repository.tree(parent.treeID))
            baseTree = parent.treeID
            try authenticate(key, in: state, at: time)
        } else {
            state = EmptyState()
        }
        let outcome = try Lifecycle.apply(action, to: state, context: context)
        // What is signed must read back as exactly this event, or no one could verify it.
        guard Event(message: outcome.event.message) == outcome.event else {
            throw StetError.invalidText(
                field: "event",
                problem: "its text would not read back exactly; check names, titles and reasons for unusual characters")
        }
        let tree = try repository.deriveTree(base: baseTree, changes: outcome.writes)
        try repository.write(tree)
        let commit = EventCommit(tree: tree.id, parent: head, event: outcome.event, time: time)
        let object = try commit.signed(with: try key.sign(commit.unsigned))
        try repository.writeObject(object)
        try WriterLock.withLock(
            store: path, removed: { onNotice("removed \($0), left by a writer that stopped mid-update") }
        ) {
            try repository.updateReference(
                Layout.branch, to: object.id, expected: head, logMessage: "stet: " + outcome.event.summary)
        }
        // Derived by the rules on a verified head: the new head is verified too.
        if checksHistory, let root = head == nil ? object.id : trustedRoot {
            newestTrusted = object.id
            trustedRoot = root
            verifiedHeads?.record(object.id, root: root, forStore: namedPath, in: repository)
        }
        return RecordedEvent(commit: object.id, event: outcome.event, time: time)
    }

    /// Records `action` for `user`, asking `unlock` for their key only once the store knows
    /// them (it is given their record and the state it was read from): nobody is asked for a
    /// passphrase they could not use here.
    @discardableResult
    public func record(
        _ action: Action, as user: UserID, unlock: (User, Snapshot) throws(StetError) -> SigningKey
    ) throws(StetError) -> RecordedEvent {
        let snapshot = try snapshot()
        guard let signer = try snapshot.user(user) else { throw .unknownUser(user.text) }
        // The rules are applied once before anyone is asked for a passphrase: an act they refuse
        // (a second acknowledgement, a role the user lacks) is refused before the passphrase is
        // typed, not after. They are applied again, on the head then, when the event is signed.
        try preflight(action, as: user, on: snapshot)
        return try record(action, signedBy: try unlock(signer, snapshot))
    }

    /// Applies the rules to `action` by `user` on `snapshot`, writing nothing.
    private func preflight(_ action: Action, as user: UserID, on snapshot: Snapshot) throws(StetError) {
        do {
            let parent = try repository.commit(snapshot.head)
            guard let parentEvent = Event(message: parent.message) else { return }
            let time = Timestamp(seconds: max(now().seconds, parent.committer.time))
            let context = EventContext(
                actor: user.text, time: time, sequence: parentEvent.sequence + 1,
                parent: .init(commit: snapshot.head.hex, document: parentEvent.document))
            _ = try Lifecycle.apply(action, to: snapshot.state, context: context)
        } catch {
            throw StetError(from: error)
        }
    }

    /// The signer must be an enrolled, unrevoked user whose registered key is the one unlocked.
    private func authenticate(_ key: SigningKey, in state: some StateReader, at time: Timestamp) throws(StetError) {
        guard let user = try state.user(key.user) else { throw .unknownUser(key.user) }
        guard !user.isRevoked else { throw .userRevoked(user.id) }
        guard !user.isPending else { throw .enrolmentUnconfirmed(user.id) }
        guard user.key(at: time) == key.publicKey else { throw .keyMismatch(user: user.id) }
    }

    // MARK: Reading

    func headIfAny() throws(StetError) -> ObjectID? {
        do { return try repository.target(ofReference: Layout.branch) } catch { throw StetError(error) }
    }

    /// The commit id of the newest event: write it down to check later that nothing was dropped.
    public func head() throws(StetError) -> ObjectID {
        if let pinnedHead { return pinnedHead }
        guard let head = try headIfAny() else { throw .notAStore(path: path, detail: "it has no \(Layout.branch)") }
        return head
    }

    /// The state at the head, fixed for as long as the caller holds it: a command takes one
    /// snapshot and reads everything from it, so it never sees two states.
    public func snapshot() throws(StetError) -> Snapshot {
        let head = try head()
        // A pinned head passed the gate when it was trusted; an unpinned one (a name looked up
        // before a write) passes it here, so nothing of a later format is read as this one.
        if pinnedHead == nil, checksHistory { try requireKnownFormat(at: head) }
        do {
            return Snapshot(
                repository: repository, head: head,
                state: TreeState(
                    tree: try repository.tree(try repository.commit(head).treeID), verified: pinnedHead != nil),
                today: now().day,
                registerCache: registerCache)
        } catch {
            throw StetError(from: error)
        }
    }

    /// Today, by the store's clock.
    public var today: Day { now().day }
}

/// An event as recorded: its commit, its fields and its time.
public struct RecordedEvent: Sendable {
    public let commit: ObjectID
    public let event: Event
    public let time: Timestamp
}

extension Store {
    /// Runs `body`, which records or reads many events one after another, with the folders and
    /// blobs of each kept for the next (see `ObjectMemo`).
    public func remembering<Result, Failure: Error>(
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try repository.remembering(body)
    }

    /// Keeps the objects this store writes in memory and packs them on each `flush`. Only for
    /// building throwaway stores in bulk (benchmarks): see `BulkWriter`.
    public func bulkWriter() throws(StetError) -> BulkWriter {
        do { return try BulkWriter(repository) } catch { throw StetError(error) }
    }
}
