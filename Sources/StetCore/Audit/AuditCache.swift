import Crypto
import Foundation
import StetGit

/// The rows of a whole-history CSV audit export, remembered by the head commit they cover.
///
/// A commit id fixes the whole history behind it (every event, signature and state), and so
/// every row an unfiltered export writes for it: an auditor who exports the same head again gets
/// the rows from here, checked whole before the first is written, instead of reading and
/// checking every commit again. Another head is exported in full and remembered in turn. Entries
/// live in the user's key folder, as the signature and register caches do (never in the store,
/// which others can write); each ends with a checksum of its rows, and one that does not match
/// is ignored. Deleting them changes no answer, only time. The newest few entries are kept.
public struct AuditCache: Sendable {
    let home: String
    static let format = "stet-audit-2"
    static let kept = 4
    /// `#stet-audit-2 <count, 12 digits> <sha256 of everything before this line>\n`
    static let trailerLength = 1 + format.utf8.count + 1 + 12 + 1 + 64 + 1

    public init(home: String) {
        self.home = home
    }

    var folder: String { home + "/cache/" + Self.format }

    func path(_ head: ObjectID) -> String { folder + "/" + head.hex }

    /// Streams the rows on record for `head` to `write` and returns how many there are; nil,
    /// having written nothing, when there is no entry or it does not match its checksum.
    func replay(_ head: ObjectID, to write: ([UInt8]) throws -> Void) throws -> Int? {
        let path = path(head)
        guard KeyFolder.isPrivate(home), !InputFile.isLink(path) else { return nil }
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
            Int(status.st_size) >= Self.trailerLength
        else { return nil }
        let bodyLength = Int(status.st_size) - Self.trailerLength
        var trailer = [UInt8](repeating: 0, count: Self.trailerLength)
        guard pread(descriptor, &trailer, Self.trailerLength, off_t(bodyLength)) == Self.trailerLength else {
            return nil
        }
        let text = String(decoding: trailer, as: UTF8.self)
        let fields = text.dropLast().split(separator: " ")
        guard fields.count == 3, fields[0] == "#" + Self.format, let count = Int(fields[1]) else { return nil }
        // Checked whole first: a damaged entry must not leave half an export behind.
        var hasher = SHA256()
        guard forEachChunk(descriptor, length: bodyLength, { hasher.update(data: $0) }),
            SHA256Hex.hex(Array(hasher.finalize())) == fields[2]
        else { return nil }
        var failure: (any Error)?
        let copied = forEachChunk(descriptor, length: bodyLength) { chunk in
            guard failure == nil else { return }
            do { try write(chunk) } catch { failure = error }
        }
        if let failure { throw failure }
        // A file that changed between the two reads is not trusted: the export is made again.
        guard copied else { throw StetError.system("the audit cache entry \(path) changed while it was read") }
        return count
    }

    /// Reads `length` bytes from the start of `descriptor` in chunks of 1 MiB.
    private func forEachChunk(_ descriptor: Int32, length: Int, _ body: ([UInt8]) -> Void) -> Bool {
        var offset = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while offset < length {
            let wanted = min(buffer.count, length - offset)
            let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(offset)) }
            guard got == wanted else { return false }
            body(Array(buffer[..<got]))
            offset += got
        }
        return true
    }

    /// Starts recording the rows of an export of `head`; nil when the key folder cannot hold it.
    func recorder(for head: ObjectID) -> Recorder? {
        guard KeyFolder.isPrivate(home) else { return nil }
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = folder + "/.tmp-" + UUID().uuidString
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        return Recorder(cache: self, head: head, temporary: temporary, descriptor: descriptor)
    }

    /// An entry being written beside its place, renamed into it once complete.
    final class Recorder {
        let cache: AuditCache
        let head: ObjectID
        let temporary: String
        let descriptor: Int32
        var hasher = SHA256()
        var failed = false
        var closed = false

        init(cache: AuditCache, head: ObjectID, temporary: String, descriptor: Int32) {
            self.cache = cache
            self.head = head
            self.temporary = temporary
            self.descriptor = descriptor
        }

        func append(_ rows: [UInt8]) {
            guard !failed else { return }
            hasher.update(data: rows)
            let written = rows.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written != rows.count { failed = true }
        }

        /// Completes the entry: `count` rows, all appended.
        func finish(count: Int) {
            let trailer = Array(
                ("#" + AuditCache.format + " " + Timestamp.pad(count, 12) + " "
                    + SHA256Hex.hex(Array(hasher.finalize())) + "\n").utf8)
            if !failed, trailer.count == AuditCache.trailerLength {
                let written = trailer.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                failed = written != trailer.count
            } else {
                failed = true
            }
            closed = true
            close(descriptor)
            if failed || rename(temporary, cache.path(head)) != 0 {
                unlink(temporary)
                return
            }
            cache.evict()
        }

        /// Drops the entry: the export did not complete.
        func abandon() {
            guard !closed else { return }
            closed = true
            close(descriptor)
            unlink(temporary)
        }

        deinit { abandon() }
    }

    /// Keeps the newest `kept` entries.
    func evict() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        var entries: [(name: String, modified: Int)] = []
        for name in names where name.utf8.count == 40 {
            var status = stat()
            if lstat(folder + "/" + name, &status) == 0 { entries.append((name, Int(status.st_mtim.tv_sec))) }
        }
        for entry in entries.sorted(by: { $0.modified > $1.modified }).dropFirst(Self.kept) {
            unlink(folder + "/" + entry.name)
        }
    }
}
