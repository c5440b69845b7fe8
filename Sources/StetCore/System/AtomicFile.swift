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
        guard let writer = Writer(path, mode: mode) else { return .failure(.system(SystemFailure().description)) }
        writer.append(bytes)
        return writer.commit(replacing: replacing, durable: durable)
    }

    /// A file being written beside its place, put there by `commit`; removed if never committed.
    final class Writer {
        let path: String
        private let temporary: String
        private let descriptor: Int32
        private var failure: SystemFailure?
        private var closed = false

        /// Creates the new file beside `path`, only this process's (`O_EXCL`), never through a link.
        init?(_ path: String, mode: mode_t) {
            let temporary = (path as NSString).deletingLastPathComponent + "/.tmp-" + UUID().uuidString
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
            guard descriptor >= 0 else { return nil }
            self.path = path
            self.temporary = temporary
            self.descriptor = descriptor
        }

        /// Whether everything appended so far was written.
        var isWhole: Bool { failure == nil }

        func append(_ bytes: [UInt8]) {
            guard failure == nil, !closed else { return }
            var written = 0
            while written < bytes.count {
                let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    failure = SystemFailure()
                    return
                }
                written += count
            }
        }

        /// Puts the file in place (see `AtomicFile.replace`).
        func commit(replacing: Bool = true, durable: Bool = false) -> Result<Void, Failure> {
            guard !closed else { return .failure(.system("already closed")) }
            if failure == nil, durable, fsync(descriptor) != 0 { failure = SystemFailure() }
            closed = true
            close(descriptor)
            defer { unlink(temporary) }
            if let failure { return .failure(.system(failure.description)) }
            guard replacing ? rename(temporary, path) == 0 : link(temporary, path) == 0 else {
                return .failure(errno == EEXIST ? .exists : .system(SystemFailure().description))
            }
            if durable { Durability.syncFolder((path as NSString).deletingLastPathComponent) }
            return .success(())
        }

        /// Drops the file: it is not to be put in place.
        func abandon() {
            guard !closed else { return }
            closed = true
            close(descriptor)
            unlink(temporary)
        }

        deinit { abandon() }
    }
}
