import Foundation

/// Files named on the command line or found in an imported folder, read only if they are
/// regular files within a size limit, so `/dev/zero`, a FIFO or a huge file cannot stall or
/// exhaust a command.
public enum InputFile {
    /// The bytes of the regular file at `path`, refused beyond `limit` bytes.
    public static func read(_ path: String, limit: Int) throws(StetError) -> [UInt8] {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw .fileUnreadable(path: path, reason: String(cString: strerror(errno)).lowercased())
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw .fileUnreadable(path: path, reason: "not a regular file")
        }
        guard status.st_size <= limit else { throw .fileTooLarge(path: path, size: Int(status.st_size), limit: limit) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .fileUnreadable(path: path, reason: "permission denied")
        }
        defer { try? handle.close() }
        // The file may have grown since stat: read no more than the limit, plus one byte to tell.
        let data: Data
        do { data = try handle.read(upToCount: limit + 1) ?? Data() } catch {
            throw .fileUnreadable(path: path, reason: "read failed")
        }
        guard data.count <= limit else { throw .fileTooLarge(path: path, size: data.count, limit: limit) }
        return Array(data)
    }
}
