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

    /// Another writer holds the lock now; `Store.record` waits and tries again.
    struct Busy: Error {}

    /// Runs `body` holding the store's writer lock; throws `Busy` if another writer holds it.
    /// `removed` hears of a reference lock file a killed writer left, which this removes.
    static func withLock<T>(store path: String, removed: (String) -> Void, _ body: () throws -> T) throws -> T {
        let held = try FileLock.holding(path + "/" + fileName, mode: 0o644) { () throws -> T in
            let lockFile = path + "/" + Layout.branch + ".lock"
            if FileSystem.remove(lockFile) { removed(lockFile) }
            return try body()
        }
        switch held {
        case .success(let value): return value
        case .failure(.busy): throw Busy()
        case .failure(.unopenable(let reason)):
            throw StetError.system("cannot open the writer lock \(path)/\(fileName): \(reason)")
        }
    }
}
