import Foundation
import StetCore

/// A file named with `--output`.
///
/// A regular file, or a new one, is written beside its place and renamed into it at the end, so
/// a command that fails leaves no partial file. Anything else already there (`/dev/null`, a named
/// pipe, a terminal) is written into as it is: renaming over it would replace a device with a
/// regular file, and for root that is `/dev/null` for every process on the machine.
struct OutputFile {
    /// The path as given, for messages.
    let given: String
    let path: String
    /// Whether something other than a regular file is there, to be written into, never replaced.
    let isSpecial: Bool

    init(_ given: String) {
        self.given = given
        path = Invocation.current.path(given)
        var status = stat()
        isSpecial = stat(path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG
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
    func stream<Result>(_ body: (FileHandle) throws(StetError) -> Result) throws(StetError) -> Result {
        let target = isSpecial ? path : path + ".partial-\(UUID().uuidString)"
        let descriptor = open(target, isSpecial ? O_WRONLY | O_CLOEXEC : O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw .fileUnreadable(path: given, reason: "cannot create it (\(String(cString: strerror(errno))))")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        let result: Result
        do { result = try body(handle) } catch {
            close(descriptor)
            if !isSpecial { unlink(target) }
            throw error
        }
        guard close(descriptor) == 0 else {
            if !isSpecial { unlink(target) }
            throw .fileUnreadable(path: given, reason: "writing failed: \(String(cString: strerror(errno)))")
        }
        guard isSpecial || rename(target, path) == 0 else {
            unlink(target)
            throw .fileUnreadable(path: given, reason: "cannot write it (\(String(cString: strerror(errno))))")
        }
        return result
    }

    /// Takes back what `write` put in place (a regular file only: what was written into a device
    /// or a pipe is gone already, and the device stays).
    func remove() {
        if !isSpecial { unlink(path) }
    }
}
