import Foundation

/// Files named on the command line or found in an imported folder, read only if they are
/// regular files within a size limit and where they were said to be: `/dev/zero`, a FIFO, a
/// socket, a huge file or a symbolic link to somewhere else can neither stall a command nor
/// bring another file's content into the store.
public enum InputFile {
    /// The bytes of the regular file at `path`, refused beyond `limit` bytes.
    ///
    /// A symbolic link is followed only when what it leads to is in the same folder as the
    /// path given (or below it): a link named on the command line cannot fetch a file from elsewhere.
    public static func read(_ path: String, limit: Int) throws(StetError) -> [UInt8] {
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        return try read(path, limit: limit, within: folder.isEmpty ? "/" : folder, followingLinks: true)
    }

    /// The bytes of the regular file at `path`, which must lie inside `root`.
    ///
    /// Without `followingLinks`, any symbolic link on the way from `root` to the file is refused
    /// (how an imported folder is read); with it, links are followed as long as the file they
    /// lead to is inside `root`. Either way the file is opened without following a link at its
    /// last step, and checked to be a regular file after opening, so it cannot be swapped between.
    public static func read(
        _ path: String, limit: Int, within root: String, followingLinks: Bool
    ) throws(StetError) -> [UInt8] {
        guard let realRoot = realPath(root) else {
            throw .fileUnreadable(path: root, reason: String(cString: strerror(errno)).lowercased())
        }
        if !followingLinks, let link = firstLink(in: path, below: root) {
            throw .fileUnreadable(
                path: path, reason: "\(link) is a symbolic link; Stet does not follow links here, give the real file")
        }
        guard let resolved = realPath(path) else {
            throw .fileUnreadable(path: path, reason: String(cString: strerror(errno)).lowercased())
        }
        guard resolved == realRoot || resolved.hasPrefix(realRoot == "/" ? "/" : realRoot + "/") else {
            throw .fileUnreadable(
                path: path, reason: "it is a symbolic link to \(resolved), outside \(root); give the real file")
        }
        let descriptor = openBeneath(realRoot, resolved)
        guard descriptor >= 0 else {
            let reason =
                errno == ELOOP || errno == ENOTDIR
                ? "a symbolic link appeared on the way to it while it was read; give the real file"
                : String(cString: strerror(errno)).lowercased()
            throw .fileUnreadable(path: path, reason: reason)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw .fileUnreadable(path: path, reason: "not a regular file (a device, pipe, socket or folder)")
        }
        guard status.st_size <= limit else { throw .fileTooLarge(path: path, size: Int(status.st_size), limit: limit) }
        // The file may have grown since fstat: read no more than the limit, plus one byte to tell.
        // The buffer starts at the size fstat gave (not the limit: zeroing megabytes for a small
        // file cost more than reading it) and grows only if the file did.
        var bytes = [UInt8](repeating: 0, count: min(limit, Int(status.st_size)) + 1)
        var count = 0
        while count < limit + 1 {
            if count == bytes.count { bytes += [UInt8](repeating: 0, count: min(bytes.count, limit + 1 - count)) }
            let got = bytes.withUnsafeMutableBytes {
                Foundation.read(descriptor, $0.baseAddress! + count, $0.count - count)
            }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else { throw .fileUnreadable(path: path, reason: "read failed") }
            if got == 0 { break }
            count += got
        }
        guard count <= limit else { throw .fileTooLarge(path: path, size: count, limit: limit) }
        return Array(bytes.prefix(count))
    }

    /// Opens `path` (already resolved, inside `root`) one folder at a time, never following a
    /// link: a folder swapped for a link after `realpath` looked makes the open fail instead of
    /// leading elsewhere. O_NONBLOCK: opening a FIFO with no writer must not wait (the caller
    /// checks the type right after).
    static func openBeneath(_ root: String, _ path: String) -> Int32 {
        var folder = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return -1 }
        let rest = path == root ? "" : String(path.dropFirst(root == "/" ? 1 : root.count + 1))
        let components = rest.split(separator: "/").map(String.init)
        guard !components.isEmpty else {
            close(folder)
            errno = EISDIR
            return -1
        }
        for (index, component) in components.enumerated() {
            let last = index == components.count - 1
            let flags =
                last
                ? O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC
                : O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
            let next = openat(folder, component, flags)
            let saved = errno
            close(folder)
            guard next >= 0 else {
                errno = saved
                return -1
            }
            folder = next
        }
        return folder
    }

    /// The first path below `root` on the way to `path` that is a symbolic link, if any.
    static func firstLink(in path: String, below root: String) -> String? {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard path.hasPrefix(prefix) else { return isLink(path) ? path : nil }
        var current = String(prefix.dropLast())
        for component in path.dropFirst(prefix.count).split(separator: "/") {
            current += "/" + component
            if isLink(current) { return current }
        }
        return nil
    }

    /// Whether `path` itself (not what it leads to) is a symbolic link.
    public static func isLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFLNK
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
