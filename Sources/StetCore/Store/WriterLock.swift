import Foundation
import StetGit

/// The lock every Stet writer holds while it moves the branch, so that a lock file left by a
/// writer that was killed can be told from one in use.
///
/// libgit2 takes `refs/heads/main.lock` for the compare-and-swap and removes it a moment
/// later; a writer killed in between leaves it behind, and git would then refuse every
/// update until someone removed it by hand. Stet takes this `flock` first: the kernel drops
/// it when its holder dies, so a `main.lock` found while holding it belongs to nobody alive.
struct WriterLock {
    static let fileName = "stet-writer.lock"

    /// Runs `body` holding the store's writer lock; if another writer holds it now, throws the
    /// same locked error as a held reference lock, which `Store.record` retries.
    static func withLock<T>(store path: String, _ body: () throws -> T) throws -> T {
        let descriptor = open(path + "/" + fileName, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else {
            throw StetError.repository(
                "cannot open the writer lock \(path)/\(fileName): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw GitError.locked("update reference \(Layout.branch)")
        }
        removeAbandonedReferenceLock(store: path)
        return try body()
    }

    /// Removes `main.lock` if a killed writer left it; only called with the writer lock held.
    private static func removeAbandonedReferenceLock(store path: String) {
        let lockFile = path + "/" + Layout.branch + ".lock"
        if unlink(lockFile) == 0 {
            FileHandle.standardError.write(
                Data("stet: removed \(lockFile), left by a writer that stopped mid-update\n".utf8))
        }
    }
}
