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
        guard KeyFolder.isPrivate(home), !InputFile.isLink(path), let file = ReadableFile(path),
            file.size >= Self.trailerLength
        else { return nil }
        let bodyLength = file.size - Self.trailerLength
        guard let trailer = file.bytes(at: bodyLength, count: Self.trailerLength) else { return nil }
        let text = String(decoding: trailer, as: UTF8.self)
        let fields = text.dropLast().split(separator: " ")
        guard fields.count == 3, fields[0] == "#" + Self.format, let count = Int(fields[1]) else { return nil }
        // Checked whole first: a damaged entry must not leave half an export behind.
        var hasher = SHA256()
        guard forEachChunk(of: file, length: bodyLength, { hasher.update(data: $0) }),
            SHA256Hex.hex(Array(hasher.finalize())) == fields[2]
        else { return nil }
        var failure: (any Error)?
        let copied = forEachChunk(of: file, length: bodyLength) { chunk in
            guard failure == nil else { return }
            do { try write(chunk) } catch { failure = error }
        }
        if let failure { throw failure }
        // A file that changed between the two reads is not trusted: the export is made again.
        guard copied else { throw StetError.system("the audit cache entry \(path) changed while it was read") }
        return count
    }

    /// Reads `length` bytes from the start of `file` in chunks of 1 MiB.
    private func forEachChunk(of file: ReadableFile, length: Int, _ body: ([UInt8]) -> Void) -> Bool {
        var offset = 0
        while offset < length {
            guard let chunk = file.bytes(at: offset, count: min(1 << 20, length - offset)) else { return false }
            body(chunk)
            offset += chunk.count
        }
        return true
    }

    /// Starts recording the rows of an export of `head`; nil when the key folder cannot hold it.
    func recorder(for head: ObjectID) -> Recorder? {
        guard KeyFolder.isPrivate(home) else { return nil }
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard let file = AtomicFile.Writer(path(head), mode: 0o600) else { return nil }
        return Recorder(cache: self, file: file)
    }

    /// An entry being written beside its place, put in it once complete.
    final class Recorder {
        let cache: AuditCache
        let file: AtomicFile.Writer
        var hasher = SHA256()

        init(cache: AuditCache, file: AtomicFile.Writer) {
            self.cache = cache
            self.file = file
        }

        func append(_ rows: [UInt8]) {
            guard file.isWhole else { return }
            hasher.update(data: rows)
            file.append(rows)
        }

        /// Completes the entry: `count` rows, all appended.
        func finish(count: Int) {
            let trailer = Array(
                ("#" + AuditCache.format + " " + Timestamp.pad(count, 12) + " "
                    + SHA256Hex.hex(Array(hasher.finalize())) + "\n").utf8)
            guard trailer.count == AuditCache.trailerLength else { return file.abandon() }
            file.append(trailer)
            if case .success = file.commit() { cache.evict() }
        }

        /// Drops the entry: the export did not complete.
        func abandon() { file.abandon() }
    }

    /// Keeps the newest `kept` entries.
    func evict() {
        var entries: [(name: String, modified: Int)] = []
        for name in FileSystem.names(in: folder) where name.utf8.count == 40 {
            if let status = FileSystem.status(of: folder + "/" + name) { entries.append((name, status.modified)) }
        }
        for entry in entries.sorted(by: { $0.modified > $1.modified }).dropFirst(Self.kept) {
            FileSystem.remove(folder + "/" + entry.name)
        }
    }
}
