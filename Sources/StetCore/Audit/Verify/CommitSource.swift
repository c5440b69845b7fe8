import StetGit

/// Where the replay takes its commits from, prepared (`PreparedCommit.prepare`), one segment of
/// the chain at a time, oldest first. Sources differ only in where and when a commit is prepared,
/// never in what: the forgery and tamper suites check that every source gives the same report.
protocol CommitSource {
    /// Begins `segment`, with the good signatures on record.
    mutating func begin(_ segment: [ObjectID], known: [ObjectID: [UInt8]])
    /// The `index`th commit of the segment, prepared; taken once, in order.
    mutating func take(_ index: Int) throws(StetError) -> PreparedCommit
    /// The signature of the `index`th commit as checked (once it has been taken).
    func signature(_ index: Int) -> SignatureChecker.Result?
    /// Ends the segment: nothing more of it is needed.
    mutating func end()
}

/// The ways a verification can prepare commits.
package enum CommitSourceKind: Sendable, CaseIterable {
    /// Each commit prepared by the replay itself, when it is reached: one core.
    case sequential
    /// Commits prepared on the other cores a little ahead of the replay (`ReplayLookahead`).
    case lookahead

    /// A source of this kind for the store at `repository`'s path; `walked` gives the bytes the
    /// walk that ordered the history kept.
    func source(for repository: Repository) -> any CommitSource {
        switch self {
        case .sequential: SequentialSource(repository: repository)
        case .lookahead: LookaheadSource(repository: repository)
        }
    }
}

/// Prepares each commit when the replay takes it, with a handle of its own on the store.
struct SequentialSource: CommitSource {
    let repository: Repository
    private var segment: [ObjectID] = []
    private var known: [ObjectID: [UInt8]] = [:]
    private var signatures: [SignatureChecker.Result?] = []
    private var preparing = PreparingHandle()

    init(repository: Repository) { self.repository = repository }

    mutating func begin(_ segment: [ObjectID], known: [ObjectID: [UInt8]]) {
        self.segment = segment
        self.known = known
        signatures = Array(repeating: nil, count: segment.count)
    }

    mutating func take(_ index: Int) throws(StetError) -> PreparedCommit {
        let handle = try preparing.handle(at: repository.path)
        let prepared = try PreparedCommit.prepare(
            segment[index], walked: repository.walkedCommit(segment[index]), known: known, in: handle)
        signatures[index] = prepared.signature
        return prepared
    }

    func signature(_ index: Int) -> SignatureChecker.Result? { signatures[index] }

    mutating func end() { segment = [] }
}

/// Prepares commits on the other cores, a window ahead of the replay.
struct LookaheadSource: CommitSource {
    let repository: Repository
    private var lookahead: ReplayLookahead?
    private var preparing = PreparingHandle()

    init(repository: Repository) { self.repository = repository }

    mutating func begin(_ segment: [ObjectID], known: [ObjectID: [UInt8]]) {
        lookahead = ReplayLookahead.start(
            segment, walked: segment.map { repository.walkedCommit($0) }, known: known,
            repositoryPath: repository.path)
    }

    mutating func take(_ index: Int) throws(StetError) -> PreparedCommit {
        let path = repository.path
        var preparing = self.preparing
        defer { self.preparing = preparing }
        return try lookahead!.take(index) { () throws(StetError) in try preparing.handle(at: path) }.get()
    }

    func signature(_ index: Int) -> SignatureChecker.Result? { lookahead?.signature(index) }

    mutating func end() {
        lookahead?.cancel()
        lookahead = nil
    }
}

/// The replay's own handle for preparing commits, opened when first needed: it must hold only
/// what it read from the store, as the preparing threads' handles do (not the replay's, which
/// holds what the replay derived).
struct PreparingHandle {
    private var opened: Result<Repository, StetError>?

    mutating func handle(at path: String) throws(StetError) -> Repository {
        if opened == nil {
            opened = Result { () throws(StetError) in
                do {
                    let repository = try Repository.openBare(at: path)
                    repository.memo = ObjectMemo()
                    return repository
                } catch { throw StetError(from: error) }
            }
        }
        return try opened!.get()
    }
}
