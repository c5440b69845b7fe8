import Foundation

/// The file system calls StetCore makes, in one place: what a path is (never through a link),
/// the names in a folder, a rename, a removal, an append, and a regular file read without
/// following a link. Callers get Swift values and the system's reason, never a descriptor.
enum FileSystem {
    enum Kind { case file, folder, link, other }

    /// What `lstat` says of a path.
    struct Status {
        let kind: Kind
        let size: Int
        /// Seconds since 1970.
        let modified: Int
        let owner: uid_t
        /// The permission bits (`0o600`).
        let permissions: mode_t
        /// Which file it is and when it last changed, to the nanosecond: a file replaced by
        /// another (a rename, as git and libgit2 update references) or rewritten gives another.
        let identity: FileIdentity

        init(_ status: stat) {
            kind =
                switch status.st_mode & S_IFMT {
                case S_IFREG: .file
                case S_IFDIR: .folder
                case S_IFLNK: .link
                default: .other
                }
            size = Int(status.st_size)
            modified = Int(status.st_mtim.tv_sec)
            owner = status.st_uid
            permissions = status.st_mode & 0o7777
            identity = FileIdentity(
                device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
                seconds: Int64(status.st_mtim.tv_sec), nanoseconds: Int64(status.st_mtim.tv_nsec))
        }
    }

    /// What `path` is, itself (a link is a link); nil when there is nothing there.
    static func status(of path: String) -> Status? {
        var status = stat()
        return lstat(path, &status) == 0 ? Status(status) : nil
    }

    /// `status(of:)` for a path of bytes, as the file system holds it (not always UTF-8).
    static func status(ofBytes path: [UInt8]) -> Status? {
        var status = stat()
        let found = (path + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { lstat($0.baseAddress!, &status) == 0 }
        }
        return found ? Status(status) : nil
    }

    /// What `path` leads to, following links; nil when nothing.
    static func target(of path: String) -> Status? {
        var status = stat()
        return stat(path, &status) == 0 ? Status(status) : nil
    }

    /// The user this process acts as, who must own the key folder.
    static var effectiveUser: uid_t { geteuid() }

    /// The names in a folder, as bytes, read with `readdir`: Foundation's listing cost every
    /// command half a millisecond to set itself up, for the handful of names a store's folders hold.
    static func names(in folder: [UInt8]) -> [[UInt8]] {
        let listing = (folder + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { opendir($0.baseAddress!) }
        }
        guard let listing else { return [] }
        defer { closedir(listing) }
        var names: [[UInt8]] = []
        while let entry = readdir(listing) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name != [UInt8(ascii: ".")] && name != [UInt8(ascii: "."), UInt8(ascii: ".")] { names.append(name) }
        }
        return names
    }

    /// The names in a folder that are UTF-8 (the others cannot be any name Stet writes).
    static func names(in folder: String) -> [String] {
        names(in: Array(folder.utf8)).compactMap { String(validating: $0, as: UTF8.self) }
    }

    /// Renames `from` to `to` in one step; the system's reason when it cannot.
    static func rename(_ from: String, to: String) -> Result<Void, SystemFailure> {
        Foundation.rename(from, to) == 0 ? .success(()) : .failure(SystemFailure())
    }

    /// Removes the file `path`; whether there was one to remove.
    @discardableResult
    static func remove(_ path: String) -> Bool { unlink(path) == 0 }

    /// Appends `chunks` to `path` (created with `mode`, never through a link), each in one write
    /// so that concurrent appenders' lines do not interleave; whether the file could be opened.
    @discardableResult
    static func append(_ chunks: [[UInt8]], to path: String, mode: mode_t) -> Bool {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        for chunk in chunks { _ = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } }
        return true
    }
}

/// A failed system call's reason, as `strerror` gives it, taken when the call failed.
/// A file's device, inode, size and modification time (see `FileSystem.Status.identity`).
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let seconds: Int64
    let nanoseconds: Int64
}

struct SystemFailure: Error, CustomStringConvertible {
    let code: Int32
    let description: String

    init() {
        code = errno
        description = String(cString: strerror(code))
    }
}

/// A regular file opened for reading, never through a link; closed when released.
final class ReadableFile {
    private let descriptor: Int32
    /// Its size when opened.
    let size: Int

    /// Opens `path` when it is a regular file; nil otherwise. `nonBlocking`: a FIFO in its place
    /// is not waited on (it is then refused as not regular).
    init?(_ path: String, nonBlocking: Bool = false) {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (nonBlocking ? O_NONBLOCK : 0))
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        size = Int(status.st_size)
    }

    deinit { close(descriptor) }

    /// `count` bytes from `offset`; nil unless all of them were there.
    func bytes(at offset: Int, count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let read = buffer.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + got, count - got, off_t(offset + got))
            }
            if read < 0 && errno == EINTR { continue }
            guard read > 0 else { return nil }
            got += read
        }
        return buffer
    }

    /// Everything from the start, up to `limit + 1` bytes (one more than the limit shows it
    /// was exceeded), sized to the file rather than to the limit.
    func contents(limit: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: min(size, limit) + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { break }
            count += got
        }
        return Array(bytes[..<count])
    }
}
