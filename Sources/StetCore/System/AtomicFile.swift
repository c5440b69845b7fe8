import Foundation

/// A file put in place whole: written to a new file beside it, then renamed (or linked) over the
/// name, so a reader, or a crash, sees the old file or the new one, never part of one.
enum AtomicFile {
    /// How putting a file in place failed.
    enum Failure: Error {
        /// A file of that name appeared meanwhile (only when not `replacing`).
        case exists
        /// The system's reason.
        case system(String)
    }

    /// Writes `bytes` to `path` with `mode`. `replacing`: renamed over whatever is there;
    /// otherwise linked, never replacing a file that appeared meanwhile. `durable`: the data
    /// and the folder's entry are synced before this returns.
    @discardableResult
    static func replace(
        _ path: String, with bytes: [UInt8], mode: mode_t, replacing: Bool = true, durable: Bool = false
    ) -> Result<Void, Failure> {
        func reason() -> Failure { .system(String(cString: strerror(errno))) }
        let temporary = (path as NSString).deletingLastPathComponent + "/.tmp-" + UUID().uuidString
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { return .failure(reason()) }
        defer { unlink(temporary) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            written += count
        }
        let complete = written == bytes.count && (!durable || fsync(descriptor) == 0)
        let failure = complete ? nil : reason()
        close(descriptor)
        if let failure { return .failure(failure) }
        guard replacing ? rename(temporary, path) == 0 : link(temporary, path) == 0 else {
            return .failure(errno == EEXIST ? .exists : reason())
        }
        if durable { Durability.syncFolder((path as NSString).deletingLastPathComponent) }
        return .success(())
    }
}
