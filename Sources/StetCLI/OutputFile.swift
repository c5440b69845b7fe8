import Foundation
import StetCore

/// A file named with `--output`.
///
/// A regular file, or a new one, is written beside its place, flushed to disk and renamed into it
/// at the end, so a command that fails leaves no partial file. A symbolic link is followed: the
/// file it names is the one written (`--output /dev/stdout` into a file writes that file, and
/// the link stays). Anything else already there (`/dev/null`, a named pipe, a terminal) is written
/// into as it is: renaming over it would replace a device with a regular file, and for root that
/// is `/dev/null` for every process on the machine.
struct OutputFile {
    /// The path as given, for messages.
    let given: String
    /// Where the file is written: the path, or the file a link there names.
    let path: String
    /// Whether something other than a regular file is there, to be written into, never replaced.
    let isSpecial: Bool

    init(_ given: String) {
        self.given = given
        let named = Invocation.current.path(given)
        var status = stat()
        isSpecial = stat(named, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG
        var link = stat()
        if !isSpecial, lstat(named, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK,
            let resolved = realpath(named, nil)
        {
            path = String(cString: resolved)
            free(resolved)
        } else {
            path = named
        }
    }

    /// Writes `bytes` as the whole file.
    func write(_ bytes: [UInt8]) throws(StetError) {
        try stream { handle throws(StetError) in
            do { try handle.write(contentsOf: bytes) } catch {
                throw .fileUnreadable(path: given, reason: "writing failed: \(error.localizedDescription)")
            }
        }
    }

    /// Gives `body` a handle to write the file through, and puts the file in place once it returns.
    func stream<Value>(_ body: (FileHandle) throws(StetError) -> Value) throws(StetError) -> Value {
        let target = isSpecial ? path : path + ".partial-\(UUID().uuidString)"
        let descriptor = open(target, isSpecial ? O_WRONLY | O_CLOEXEC : O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw .fileUnreadable(
                path: given, reason: (isSpecial ? "cannot write to it" : "cannot create it") + " (\(reason))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        let result: Value
        do { result = try body(handle) } catch {
            close(descriptor)
            if !isSpecial { unlink(target) }
            throw error
        }
        // On disk before it takes the file's place: a crash leaves the old file or the whole new one.
        let flushed = isSpecial || fsync(descriptor) == 0
        guard close(descriptor) == 0, flushed else {
            if !isSpecial { unlink(target) }
            throw .fileUnreadable(path: given, reason: "writing failed: \(String(cString: strerror(errno)))")
        }
        guard isSpecial || rename(target, path) == 0 else {
            unlink(target)
            throw .fileUnreadable(path: given, reason: "cannot write it (\(String(cString: strerror(errno))))")
        }
        return result
    }

    /// Takes back what `write` put in place: a regular file only, checked again now (a device or
    /// a pipe stays, and what was written into it is gone already).
    func remove() {
        var status = stat()
        if !isSpecial, lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG { unlink(path) }
    }
}
