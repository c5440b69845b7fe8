import Foundation
import StetGit

/// Heads that this user's Stet has verified, kept in their own key folder so that a command
/// replays only the events recorded since.
///
/// A commit id names a whole history, so "verified" never goes stale. The file lives in
/// `$STET_HOME`, which nobody else may write (`KeyFolder`), not in the store, which every
/// user of a shared store can write: an entry there would let an insider vouch for a forgery.
/// It is an accelerator only: deleted, truncated or garbled, the next command verifies from
/// the start and gives the same answer.
public struct VerifiedHeads: Sendable {
    /// The file: one line naming the format, then one commit id per line, newest last.
    public let path: String
    static let header = "stet verified heads 1"
    /// Enough recent heads to find one near any head a user will meet; older ones are dropped.
    static let capacity = 64

    /// The key folder the file is kept in.
    let home: String

    public init(home: String) {
        self.home = home
        path = home + "/cache/verified-heads"
    }

    /// The heads in the file; none when it is missing, not in this format, or in a folder
    /// others can write (then it vouches for nothing).
    func load() -> [ObjectID] {
        guard KeyFolder.isPrivate(home), !InputFile.isLink(path), let data = FileManager.default.contents(atPath: path),
            data.count <= 1 << 16
        else { return [] }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        guard lines.first == Substring(Self.header) else { return [] }
        return lines.dropFirst().compactMap { ObjectID(hex: String($0)) }
    }

    /// Adds `head`; a failure to write only costs time later, so it is not an error.
    func add(_ head: ObjectID) {
        var heads = load().filter { $0 != head }
        heads.append(head)
        let kept = heads.suffix(Self.capacity)
        let text = ([Self.header] + kept.map(\.hex)).joined(separator: "\n") + "\n"
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = folder + "/.verified-heads-" + UUID().uuidString
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else { return }
        if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
    }
}

extension Store {
    /// Checks that `head` is a verified state before anything is served from it or signed on it:
    /// the events since the newest head known to be verified are replayed through the rules.
    ///
    /// Throws `untrustedHistory` naming the first event that fails.
    func trust(_ head: ObjectID) throws(StetError) {
        if !checksHistory || trusted.contains(head) { return }
        let known = Set(verifiedHeads?.load() ?? [])
        var since: ObjectID?
        do {
            try repository.walkFirstParents(from: head) { id in
                if trusted.contains(id) || known.contains(id) {
                    since = id
                    return false
                }
                return true
            }
        } catch let error as GitError {
            throw StetError(error)
        } catch {
            throw .repository(String(describing: error))
        }
        if since != head {
            let report = try Verifier(repository: repository, now: now(), since: since, wholeRepository: false).run()
            if let problem = report.problems.first {
                throw .untrustedHistory(commit: problem.commit, problem: problem.message)
            }
        }
        trusted.insert(head)
        if since != head { verifiedHeads?.add(head) }
    }

    /// Verifies the current head (see `trust`) and reads everything from it until the store is
    /// closed: one command sees one state, even if a writer moves the branch meanwhile.
    @discardableResult
    public func pinVerifiedHead() throws(StetError) -> ObjectID {
        let head = try self.head()
        try trust(head)
        pinnedHead = head
        return head
    }
}
