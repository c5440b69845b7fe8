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
    static let header = "stet verified head 2"

    public init(home: String) {
        self.home = home
    }

    /// The record of the store at `store`: one file per store, named by its real path.
    func file(forStore store: String) -> (path: String, storePath: String) {
        let real = InputFile.realPath(store) ?? store
        return (home + "/cache/verified/" + SHA256Hex.of(Array(real.utf8)), real)
    }

    /// The newest head verified on the store at `store`; nil when none is on record, or the
    /// record is not in this format or sits in a folder others can write (then it vouches for nothing).
    func newest(forStore store: String) -> ObjectID? {
        let (path, storePath) = file(forStore: store)
        guard
            let bytes = KeyFolder.record(
                at: path, in: home, within: home + "/cache/verified", limit: Limits.verifiedHeadRecord)
        else { return nil }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3, lines[0] == Substring(Self.header), lines[1] == Substring(storePath) else { return nil }
        return ObjectID(hex: String(lines[2]))
    }

    /// Records `head` as the newest verified head of the store, unless the record already holds
    /// a head `head` does not descend from (a slower process finishing late must not move it
    /// back). Under a lock in the key folder, so two processes of one user cannot interleave.
    /// A failure to write only costs time later, so it is not an error.
    func record(_ head: ObjectID, forStore store: String, in repository: Repository) {
        let (path, storePath) = file(forStore: store)
        let folder = home + "/cache/verified"
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let lock = open(folder + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard lock >= 0 else { return }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { return }
        if let current = newest(forStore: store), current != head,
            (try? repository.isAncestor(current, of: head)) != true
        {
            return
        }
        let temporary = folder + "/.tmp-" + UUID().uuidString
        let text = Self.header + "\n" + storePath + "\n" + head.hex + "\n"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else { return }
        if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
    }

    /// Where the record of the store at `store` is: named in the error that refuses a rolled-back head.
    func recordPath(forStore store: String) -> String { file(forStore: store).path }
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
        let known = newestTrusted ?? verifiedHeads?.newest(forStore: path)
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
                throw StetError.historyRewound(
                    verified: known.hex, head: head.hex, record: verifiedHeads?.recordPath(forStore: path) ?? "")
            }
        } catch {
            throw StetError(from: error)
        }
        if known != head {
            // The head given is the one verified: the verifier never reads the branch again.
            var verifier = Verifier(
                repository: repository, now: now(), since: known, wholeRepository: false, head: head)
            verifier.signatureCache = signatureCache
            let report = try verifier.run()
            if let problem = report.problems.first {
                throw .untrustedHistory(commit: problem.commit, problem: problem.message)
            }
            verifiedHeads?.record(head, forStore: path, in: repository)
        }
        newestTrusted = head
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
}
