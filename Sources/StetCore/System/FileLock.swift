import Foundation

/// An exclusive `flock` on a lock file, held while a body runs. The kernel drops it when its
/// holder dies, so a lock left by a killed process never blocks the next one.
enum FileLock {
    /// Why the lock was not taken.
    enum Refusal: Error {
        /// Another process holds it now.
        case busy
        /// The lock file could not be opened (the reason, from the system).
        case unopenable(String)
    }

    /// Runs `body` holding the lock on `path` (created with `mode` if absent, never through a
    /// link) and gives its result; gives the refusal when the lock cannot be had, at once unless
    /// `waiting`. The body's own errors are thrown as they are.
    static func holding<Value, Failure: Error>(
        _ path: String, mode: mode_t, waiting: Bool = false, _ body: () throws(Failure) -> Value
    ) throws(Failure) -> Result<Value, Refusal> {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { return .failure(.unopenable(String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        guard flock(descriptor, waiting ? LOCK_EX : LOCK_EX | LOCK_NB) == 0 else { return .failure(.busy) }
        return .success(try body())
    }
}
